/** Types for broker.mjs (plain Node so it runs by hand without a build). */

export class BrokerError extends Error {}

export interface StartedBroker {
  /** Bootstrap addresses, `host:port`. */
  brokers: string[];
  pid: number;
  runDir: string;
  logFile: string;
}

export interface StartBrokerOptions {
  /** Run folder name under test/kafka/run/ (default: unique per call). */
  instance?: string;
  /** Process whose death makes the broker an orphan that the next start cleans up (default: this one). */
  ownerPid?: number;
  /** Let the broker outlive this process. */
  detached?: boolean;
  readyTimeoutMs?: number;
  quiet?: boolean;
}

export interface BrokerListing {
  instance: string;
  pid: number;
  brokers: string[];
  ownerPid?: number;
  startedAt: string;
  runDir: string;
  running: boolean;
}

export function resolveJars(options?: { quiet?: boolean }): string;
export function startBroker(options?: StartBrokerOptions): Promise<StartedBroker>;
export function stopBroker(broker: Pick<StartedBroker, 'pid' | 'runDir'>, options?: { graceMs?: number }): Promise<void>;
export function listBrokers(): BrokerListing[];
/** Resolves to undefined once the brokers answer, else to the last error's message. */
export function waitUntilReady(
  brokers: string[],
  options?: { timeoutMs?: number; isDead?: () => boolean },
): Promise<string | undefined>;
