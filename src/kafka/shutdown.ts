/**
 * Graceful shutdown on SIGTERM/SIGINT (opt-in): consumers stop first (the message in progress finishes
 * and is committed, the member leaves the group), then producers flush and disconnect, then the
 * process exits. A second signal, or the timeout, exits at once.
 */

/** Anything with an orderly way to stop: a kontract consumer (`stop`) or producer (`disconnect`). */
export type Stoppable = { stop(): Promise<void> } | { disconnect(): Promise<void> };

export interface ShutdownOptions {
  /** Default: SIGTERM and SIGINT. */
  signals?: readonly NodeJS.Signals[];
  /** Give up waiting after this long and exit with code 1. Default 30 000 ms. */
  timeoutMs?: number;
  /** Exit the process when done (default true); false only runs the shutdown (tests, embedding). */
  exit?: boolean;
  /** Told about failures while stopping (they do not stop the rest from stopping). */
  onError?: (error: unknown) => void;
}

/** Stops consumers, then producers, each group in parallel. Resolves with the errors met. */
export async function shutdownAll(items: readonly Stoppable[]): Promise<unknown[]> {
  const errors: unknown[] = [];
  const consumers = items.filter((item): item is { stop(): Promise<void> } => 'stop' in item);
  const producers = items.filter((item): item is { disconnect(): Promise<void> } => !('stop' in item));
  for (const group of [consumers.map((item) => () => item.stop()), producers.map((item) => () => item.disconnect())]) {
    const results = await Promise.allSettled(group.map((run) => run()));
    for (const result of results) if (result.status === 'rejected') errors.push(result.reason);
  }
  return errors;
}

/**
 * Installs signal handlers that shut `items` down gracefully (see {@link shutdownAll}).
 * Returns a function that removes the handlers again.
 */
export function shutdownOnSignals(items: readonly Stoppable[], options: ShutdownOptions = {}): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.exit ?? true;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let shuttingDown = false;
  const onSignal = () => {
    if (shuttingDown) {
      // A second signal: the operator does not want to wait.
      if (exit) process.exit(1);
      return;
    }
    shuttingDown = true;
    const timer = setTimeout(() => {
      options.onError?.(new Error(`Shutdown did not finish within ${timeoutMs} ms.`));
      if (exit) process.exit(1);
    }, timeoutMs);
    timer.unref();
    void shutdownAll(items).then((errors) => {
      clearTimeout(timer);
      for (const error of errors) options.onError?.(error);
      if (exit) process.exit(errors.length === 0 ? 0 : 1);
    });
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
