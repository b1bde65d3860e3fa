// A service built on kontract: it reads payments and sends receipt emails. Types come from the generated code, so
// a wrong field is a compile error; values are validated and serialized in the Confluent wire format at run time.
import { Kafka } from 'kafkajs';
import { InMemoryIdempotencyStore, buildEnvelope, createConsumer, createProducer, shutdownAll } from 'kontract';
import { topics, type OrdersPaymentCompleted } from './generated/index.js';

export interface NotificationsService {
  /** Order ids whose receipt was sent, for the demo. */
  readonly sent: string[];
  /** Graceful stop; in a real process: `shutdownOnSignals([consumer, producer])`. */
  stop(): Promise<void>;
}

export async function startNotificationsService(options: { brokers: string[]; registry: string }): Promise<NotificationsService> {
  const kafka = new Kafka({ clientId: 'notifications-service', brokers: options.brokers });
  const registry = options.registry;
  const producer = createProducer({ kafka, registry, topics, writes: ['notifications.email.sent'] });
  const consumer = createConsumer({
    kafka,
    registry,
    topics,
    groupId: 'notifications-service',
    fromBeginning: true,
    idempotencyStore: new InMemoryIdempotencyStore(), // a redelivered event_id is skipped
  });
  const sent: string[] = [];

  consumer.on('orders.payment.completed', async (payment: OrdersPaymentCompleted, ctx) => {
    // payment.data.amount is the exact decimal text ("12.50"), payment.timestamp a Date, ctx.key the order id.
    await producer.send('notifications.email.sent', {
      key: ctx.key,
      // Correlation and trace ids are inherited from the payment; its event_id becomes the causation id.
      value: buildEnvelope({
        type: 'notifications.email.sent',
        version: 1,
        source: 'notifications-service',
        data: {
          message_id: `receipt-${payment.data.payment_id}`,
          recipient: `${payment.data.order_id}@customers.example`,
          template: 'PAYMENT_RECEIPT',
          tags: { amount: `${payment.data.amount} ${payment.data.currency}` },
        },
      }),
    });
    sent.push(payment.data.order_id);
  });

  await producer.connect();
  await consumer.start();
  return {
    sent,
    // Finish the message in progress, commit it, leave the group; then flush and disconnect the producer.
    stop: async () => {
      await shutdownAll([consumer, producer]);
    },
  };
}
