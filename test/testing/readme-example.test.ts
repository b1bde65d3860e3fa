// The README's example of kontract/testing, kept runnable: a payment projector's handler runs on events
// serialized as production serializes them, and a failing one ends up in the dead-letter topic.
import { describe, expect, it } from 'vitest';
import { topics, type OrdersPaymentCompleted } from '../../examples/generated/index.js';
import { createTestHarness } from 'kontract/testing';

describe('kontract/testing', () => {
  it('runs a typed handler on a real-serde event and dead-letters the one it cannot handle', async () => {
    // #region readme
    const harness = await createTestHarness({ topics });
    const seen: OrdersPaymentCompleted[] = [];
    harness.on('orders.payment.completed', async (event) => {
      if (event.data.currency !== 'EUR') throw new Error(`unsupported currency ${event.data.currency}`);
      seen.push(event);
    });

    const payment = (orderId: string, currency: string) => ({
      event_id: crypto.randomUUID(),
      event_type: 'orders.payment.completed',
      event_version: 2,
      timestamp: new Date('2026-03-01T10:00:00Z'),
      source: 'payments-service',
      data: { order_id: orderId, payment_id: `pay-${orderId}`, amount: '12.50', currency },
      metadata: { correlation_id: `checkout-${orderId}` },
    });
    await harness.publish('orders.payment.completed', payment('o-1', 'EUR'), { key: 'o-1' });
    await harness.publish('orders.payment.completed', payment('o-2', 'USD'), { key: 'o-2' });
    await harness.drain();

    expect(seen.map((e) => [e.data.order_id, e.data.amount, e.data.method])).toEqual([['o-1', '12.50', 'UNKNOWN']]);
    const [dead] = await harness.deadLetters('orders.payment.completed');
    expect(dead?.value?.data.order_id).toBe('o-2');
    expect(dead?.reason).toBe('handler-failed');
    expect(dead?.errorMessage).toBe('unsupported currency USD');
    expect(dead?.headers['kontract-dlq-retry-count']).toBe('3');
    await harness.close();
    // #endregion
  });
});
