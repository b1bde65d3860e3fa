import type { IdempotencyStore } from 'kontract';

/** The part of a `pg` Pool the store needs. */
export interface Queryable {
  query(sql: string, params: unknown[]): Promise<{ rowCount: number | null }>;
}

// CREATE TABLE processed_events (event_id text PRIMARY KEY, processed_at timestamptz NOT NULL DEFAULT now());
export function postgresIdempotencyStore(pool: Queryable): IdempotencyStore {
  return {
    async has(eventId) {
      const result = await pool.query('SELECT 1 FROM processed_events WHERE event_id = $1', [eventId]);
      return (result.rowCount ?? 0) > 0;
    },
    async markProcessed(eventId) {
      await pool.query('INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING', [eventId]);
    },
  };
}
