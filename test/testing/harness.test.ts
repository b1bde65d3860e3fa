import { afterEach, describe, expect, it } from 'vitest';
import { topics, type OrdersPaymentCompletedInput } from '../../examples/generated/index.js';
import { KontractError } from '../../src/errors.js';
import { createTestHarness, type TestHarness } from '../../src/testing/index.js';

type Topics = typeof topics;

const payment = (orderId: string, overrides: Partial<OrdersPaymentCompletedInput['data']> = {}): OrdersPaymentCompletedInput => ({
  event_id: `00000000-0000-4000-8000-00000000000${orderId.slice(-1)}`,
  event_type: 'orders.payment.completed',
  event_version: 2,
  timestamp: new Date('2026-03-01T10:00:00Z'),
  source: 'payments-service',
  data: { order_id: orderId, payment_id: `pay-${orderId}`, amount: '99.99', currency: 'EUR', method: 'CARD', ...overrides },
  metadata: { correlation_id: `checkout-${orderId}`, causation_id: null, trace_id: null },
});

describe('the test harness', () => {
  let harness: TestHarness<Topics> | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('dead-letters a failing event after the retries, with the DLQ headers and the original bytes', async () => {
    harness = await createTestHarness({ topics, groupId: 'billing.ledger' });
    const attempts: number[] = [];
    harness.on('orders.payment.completed', (_event, context) => {
      attempts.push(context.attempt);
      throw new KontractError('PAYLOAD_INVALID', 'ledger rejects the amount');
    });
    await harness.publish('orders.payment.completed', payment('o-7'), { key: 'o-7', headers: { 'x-tenant': 'acme' } });
    await harness.drain();
    expect(attempts).toEqual([1, 2, 3, 4]);
    const dead = await harness.deadLetters('orders.payment.completed');
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      topic: 'orders.payment.completed.dlq',
      reason: 'handler-failed',
      errorCode: 'PAYLOAD_INVALID',
      errorMessage: 'ledger rejects the amount',
      retryCount: 3,
      originalTopic: 'orders.payment.completed',
      originalPartition: 0,
      originalOffset: '0',
      consumerGroup: 'billing.ledger',
      key: 'o-7',
    });
    expect(dead[0]!.value?.data).toEqual({ order_id: 'o-7', payment_id: 'pay-o-7', amount: '99.99', currency: 'EUR', method: 'CARD', captured_by: null });
    expect(dead[0]!.headers['x-tenant']).toBe('acme');
    const [original] = harness.kafka.records('orders.payment.completed');
    expect(dead[0]!.record.value).toEqual(original!.value);
    // The key is Avro (the topic has a key subject): the header carries its bytes.
    expect(dead[0]!.record.headers['kontract-dlq-original-key']).toEqual([original!.key]);
  });

  it('retries and succeeds without dead-lettering; commits so a second drain does nothing', async () => {
    harness = await createTestHarness({ topics });
    let calls = 0;
    harness.on('orders.payment.completed', () => {
      calls++;
      if (calls < 3) throw new Error('database busy');
    });
    await harness.publish('orders.payment.completed', payment('o-1'), { key: 'o-1' });
    await harness.drain();
    await harness.drain();
    expect(calls).toBe(3);
    expect(await harness.deadLetters('orders.payment.completed')).toEqual([]);
  });

  it('dead-letters bytes no serializer wrote as decode-failed', async () => {
    harness = await createTestHarness({ topics });
    const handled: unknown[] = [];
    harness.on('users.profile.updated', (event) => void handled.push(event));
    await harness.publishRaw('users.profile.updated', Buffer.from('{"not":"protobuf"}'));
    await harness.drain();
    expect(handled).toEqual([]);
    const [dead] = await harness.deadLetters('users.profile.updated');
    expect(dead).toMatchObject({ reason: 'decode-failed', errorCode: 'UNKNOWN_MAGIC_BYTE', retryCount: 0, value: undefined });
    expect(dead!.decodeError?.code).toBe('UNKNOWN_MAGIC_BYTE');
  });

  it('records what handlers produce, decoded, with the envelope headers of the event they handled', async () => {
    harness = await createTestHarness({ topics });
    const producer = harness.producer();
    harness.on('orders.payment.completed', async (event) => {
      await producer.send('notifications.email.sent', {
        value: {
          event_id: '11111111-1111-4111-8111-111111111111',
          event_type: 'notifications.email.sent',
          event_version: 1,
          timestamp: new Date('2026-03-01T10:00:05Z'),
          source: 'notifications-service',
          data: { message_id: 'm-1', recipient: 'ada@example.com', template: 'PAYMENT_RECEIPT' },
          metadata: { correlation_id: event.metadata.correlation_id, causation_id: event.event_id, trace_id: null },
        },
      });
    });
    await harness.publish('orders.payment.completed', payment('o-3'), { key: 'o-3' });
    await harness.drain();
    const sent = await harness.produced('notifications.email.sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.value).toMatchObject({ data: { template: 'PAYMENT_RECEIPT', tags: {} }, metadata: { correlation_id: 'checkout-o-3' } });
    expect(sent[0]!.value?.timestamp).toEqual(new Date('2026-03-01T10:00:05Z'));
    const published = await harness.produced('orders.payment.completed');
    expect(published.map((m) => [m.key, m.value?.data.order_id])).toEqual([['o-3', 'o-3']]);
  });

  it('serializes Protobuf and JSON Schema topics with the real codec', async () => {
    harness = await createTestHarness({ topics });
    const profiles: unknown[] = [];
    const stockouts: unknown[] = [];
    harness.on('users.profile.updated', (event) => void profiles.push(event.data));
    harness.on('inventory.stock.depleted', (event) => void stockouts.push(event.data));
    await harness.publish('users.profile.updated', {
      event_id: 'e-1',
      event_type: 'users.profile.updated',
      event_version: 2,
      timestamp: new Date('2026-03-01T10:00:00Z'),
      source: 'accounts-service',
      data: { user_id: 'u-1', display_name: 'Ada', visibility: 'VISIBILITY_PUBLIC', avatar: { case: 'avatar_seed', value: 42 } },
      metadata: { correlation_id: 'c-1' },
    });
    await harness.publish('inventory.stock.depleted', {
      event_id: '22222222-2222-4222-8222-222222222222',
      event_type: 'inventory.stock.depleted',
      event_version: 2,
      timestamp: '2026-03-01T10:00:00Z',
      source: 'inventory-service',
      data: { sku: 'SKU-1', warehouse_id: 'W-1', reorder_quantity: 40 },
      metadata: { correlation_id: 'c-2' },
    });
    await harness.drain();
    expect(profiles).toEqual([{ user_id: 'u-1', display_name: 'Ada', changed_fields: [], visibility: 'VISIBILITY_PUBLIC', attributes: {}, avatar: { case: 'avatar_seed', value: 42 } }]);
    expect(stockouts).toEqual([{ sku: 'SKU-1', warehouse_id: 'W-1', reorder_quantity: 40 }]);
    expect(harness.registry.subjects()).toEqual(expect.arrayContaining(['users.profile.updated-value', 'inventory.stock.depleted-value', 'common.metadata-proto']));
  });

  it('refuses what the production producer refuses: a missing required key, a value that does not fit its schema', async () => {
    harness = await createTestHarness({ topics });
    await expect(harness.publish('orders.payment.completed', payment('o-4'))).rejects.toMatchObject({ code: 'KEY_REQUIRED' });
    const bad = { ...payment('o-5'), data: { ...payment('o-5').data, amount: 'lots' } };
    await expect(harness.publish('orders.payment.completed', bad, { key: 'o-5' })).rejects.toMatchObject({ code: 'PAYLOAD_INVALID', location: { path: '#/data/amount' } });
  });

  it('leaves a failing message in place without a dead-letter topic, and hands it out again on the next drain', async () => {
    harness = await createTestHarness({ topics, deadLetter: false, retry: { retries: 1 } });
    let failing = true;
    const handled: string[] = [];
    harness.on('orders.payment.completed', (event) => {
      if (failing) throw new Error('down');
      handled.push(event.data.order_id);
    });
    await harness.publish('orders.payment.completed', payment('o-1'), { key: 'o-1' });
    await harness.publish('orders.payment.completed', payment('o-2'), { key: 'o-2' });
    await harness.drain();
    expect(handled).toEqual([]);
    expect(await harness.deadLetters('orders.payment.completed')).toEqual([]);
    failing = false;
    await harness.drain();
    expect(handled).toEqual(['o-1', 'o-2']);
  });

  it('runs consumers of several groups, each on every message', async () => {
    harness = await createTestHarness({ topics });
    const a: string[] = [];
    const b: string[] = [];
    const first = harness.consumer({ groupId: 'a' }).on('orders.payment.completed', (e) => void a.push(e.data.order_id));
    const second = harness.consumer({ groupId: 'b' }).on('orders.payment.completed', (e) => void b.push(e.data.order_id));
    await first.start();
    await second.start();
    await harness.publish('orders.payment.completed', payment('o-9'), { key: 'o-9' });
    await harness.drain();
    expect([a, b]).toEqual([['o-9'], ['o-9']]);
  });
});
