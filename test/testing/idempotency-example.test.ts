// The README's database-backed idempotency store (examples/postgres-idempotency-store.ts) plugged into the real
// consumer through the test kit: a redelivered event (same event_id) is handled once. The SQL table is stood in
// for by a set that answers the two statements the store issues.
import { describe, expect, it } from 'vitest';
import { createTestHarness } from 'kontract/testing';
import { postgresIdempotencyStore, type Queryable } from '../../examples/postgres-idempotency-store.js';
import { topics } from '../../examples/generated/index.js';

function tableOfProcessedEvents(): Queryable & { rows: Set<string> } {
  const rows = new Set<string>();
  return {
    rows,
    async query(sql, [eventId]) {
      if (sql.startsWith('SELECT')) return { rowCount: rows.has(String(eventId)) ? 1 : 0 };
      if (sql.startsWith('INSERT')) {
        const added = !rows.has(String(eventId));
        rows.add(String(eventId));
        return { rowCount: added ? 1 : 0 };
      }
      throw new Error(`unexpected statement ${sql}`);
    },
  };
}

describe('README: a database-backed idempotency store', () => {
  it('skips a redelivered event', async () => {
    const table = tableOfProcessedEvents();
    const harness = await createTestHarness({ topics });
    let handled = 0;
    const consumer = harness.consumer({ idempotencyStore: postgresIdempotencyStore(table) }).on('inventory.stock.depleted', () => {
      handled++;
    });
    await consumer.start();
    const event = {
      event_id: '0b6f1bd2-8cf0-4c2e-9b6b-6f1f5c1c0a11',
      event_type: 'inventory.stock.depleted',
      event_version: 2,
      timestamp: '2026-03-01T10:00:00Z',
      source: 'inventory-service',
      data: { sku: 'SKU-1', warehouse_id: 'W1' },
      metadata: { correlation_id: 'c-1' },
    };
    await harness.publish('inventory.stock.depleted', event);
    await harness.publish('inventory.stock.depleted', event);
    await harness.drain();
    expect(handled).toBe(1);
    expect([...table.rows]).toEqual([event.event_id]);
    await harness.close();
  });
});
