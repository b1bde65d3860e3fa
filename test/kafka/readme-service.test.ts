// The README's service example (examples/notifications-service.ts), run for real: the repository's schemas
// registered in the embedded registry, a payment produced with the typed producer, the service's handler
// sending a receipt whose envelope carries the payment's correlation id and names it as the cause.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumer, createProducer, createRegistryClient, loadRepository, registerRepository, startRegistry, type RunningRegistry } from 'kontract';
import { startNotificationsService, type NotificationsService } from '../../examples/notifications-service.js';
import { topics, type NotificationsEmailSent } from '../../examples/generated/index.js';
import { brokers, createTopics, fastConsumer, testKafka, uniqueName, waitFor } from './helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let registry: RunningRegistry;
let service: NotificationsService;

beforeAll(async () => {
  registry = await startRegistry({ memory: true, port: 0, auth: '' });
  const result = await registerRepository(loadRepository(repoRoot, {}), createRegistryClient({ url: registry.url }));
  expect(result.ok).toBe(true);
  const kafka = testKafka();
  await createTopics(kafka, ['orders.payment.completed', 'notifications.email.sent']).catch(() => undefined);
  service = await startNotificationsService({ brokers: brokers(), registry: registry.url });
});

afterAll(async () => {
  await service?.stop();
  await registry?.close();
});

describe('the README service example', () => {
  it('turns a payment into a receipt email, carrying correlation and causation ids', async () => {
    const kafka = testKafka('payments-service');
    const orderId = `order-${randomUUID()}`;
    const paymentId = randomUUID();
    const producer = createProducer({ kafka, registry: registry.url, topics });
    await producer.connect();
    await producer.send('orders.payment.completed', {
      key: orderId,
      value: {
        event_id: paymentId,
        event_type: 'orders.payment.completed',
        event_version: 2,
        timestamp: new Date(),
        source: 'payments-service',
        data: { order_id: orderId, payment_id: 'pay-1', amount: '12.50', currency: 'EUR', method: 'CARD' },
        metadata: { correlation_id: `checkout-${orderId}` },
      },
    });
    await producer.disconnect();
    await waitFor('the receipt to be sent', () => service.sent.includes(orderId), 30_000);

    const receipts: NotificationsEmailSent[] = [];
    const reader = createConsumer({ kafka, registry: registry.url, topics, groupId: uniqueName('receipts'), fromBeginning: true, ...fastConsumer });
    reader.on('notifications.email.sent', (email) => {
      if (email.data.message_id === 'receipt-pay-1' && email.metadata.correlation_id === `checkout-${orderId}`) receipts.push(email);
    });
    await reader.start();
    try {
      await waitFor('the receipt on notifications.email.sent', () => receipts.length > 0, 30_000);
    } finally {
      await reader.stop();
    }
    expect(receipts[0]).toMatchObject({
      event_type: 'notifications.email.sent',
      source: 'notifications-service',
      data: { recipient: `${orderId}@customers.example`, template: 'PAYMENT_RECEIPT', tags: { amount: '12.50 EUR' } },
      metadata: { correlation_id: `checkout-${orderId}`, causation_id: paymentId },
    });
  });
});
