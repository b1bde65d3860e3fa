/**
 * Skipping events a consumer has already handled. Kafka delivers at least once: after a crash or a
 * rebalance, messages whose offsets were not committed yet come again. A store keyed by `event_id`
 * lets the consumer recognise them. For effects that must happen exactly once, record the event id in
 * the same transaction as the effect (e.g. an `processed_events` table next to the business rows) and
 * implement this interface over it.
 */

export interface IdempotencyStore {
  /** True when the event with this id was handled to completion before. */
  has(eventId: string): boolean | Promise<boolean>;
  /** Records that the event was handled; called after the handler succeeded, before the offset commit. */
  markProcessed(eventId: string): void | Promise<void>;
}

export interface InMemoryIdempotencyStoreOptions {
  /** Ids kept; the oldest are forgotten first. Default 100 000. */
  maxEntries?: number;
}

/**
 * A process-local store: it covers redeliveries within one process's life (rebalances, retried
 * batches), not restarts. Bounded: the oldest ids are dropped beyond `maxEntries`.
 */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly maxEntries: number;
  // A Set iterates in insertion order, which makes it a FIFO for eviction.
  private readonly ids = new Set<string>();

  constructor(options: InMemoryIdempotencyStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  has(eventId: string): boolean {
    return this.ids.has(eventId);
  }

  markProcessed(eventId: string): void {
    this.ids.delete(eventId);
    this.ids.add(eventId);
    while (this.ids.size > this.maxEntries) {
      const oldest = this.ids.values().next();
      if (oldest.done) break;
      this.ids.delete(oldest.value);
    }
  }

  /** Number of ids remembered. */
  get size(): number {
    return this.ids.size;
  }
}
