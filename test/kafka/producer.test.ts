import { beforeAll, describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import { createConsumer, createProducer, jsonCodec, EVENT_HEADERS } from '../../src/kafka/index.js';
import type { CompressionName, MessageContext } from '../../src/kafka/index.js';
import { createTopics, fastConsumer, headerText, readRaw, testKafka, uniqueName, waitFor } from './helpers.js';

const kafka = testKafka('producer-test');

interface OrderPlaced {
  order_id: string;
  amount: number;
}

type Topics = Record<string, { value: OrderPlaced; key: string }>;

describe('producer and consumer round trip', () => {
  const topic = uniqueName('orders');
  const otherTopic = uniqueName('audit');

  beforeAll(async () => {
    await createTopics(kafka, [topic, otherTopic], 3);
  });

  it('delivers values, keys and headers, and sendBatch writes to several topics', async () => {
    const producer = createProducer<Topics>({ kafka, codec: jsonCodec(), topics: [topic, otherTopic] });
    const received: Array<{ value: OrderPlaced; context: MessageContext }> = [];
    const consumer = createConsumer<Topics>({ kafka, codec: jsonCodec(), groupId: uniqueName('round-trip'), fromBeginning: true, ...fastConsumer });
    consumer.on(topic, (value, context) => {
      received.push({ value, context });
    });
    consumer.on(otherTopic, (value, context) => {
      received.push({ value, context });
    });
    try {
      const report = await producer.send(topic, { key: 'order-1', value: { order_id: 'order-1', amount: 10 }, headers: { 'x-tenant': 'acme' } });
      expect(report.topic).toBe(topic);
      expect(Number(report.baseOffset)).toBeGreaterThanOrEqual(0);
      const reports = await producer.sendBatch([
        { topic, key: 'order-2', value: { order_id: 'order-2', amount: 20 } },
        { topic: otherTopic, key: 'order-3', value: { order_id: 'order-3', amount: 30 } },
      ]);
      expect(reports.map((entry) => entry.topic).sort()).toEqual([otherTopic, topic].sort());

      await consumer.start();
      await waitFor('three messages', () => received.length === 3);
      const byOrder = new Map(received.map((entry) => [entry.value.order_id, entry]));
      const first = byOrder.get('order-1');
      expect(first?.value).toEqual({ order_id: 'order-1', amount: 10 });
      expect(first?.context.key).toBe('order-1');
      expect(first?.context.topic).toBe(topic);
      expect(first?.context.attempt).toBe(1);
      expect(first?.context.headers['x-tenant']).toBe('acme');
      // Plain values still get an event id and a new transaction (correlation = event id) in headers.
      expect(first?.context.event.eventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(first?.context.event.correlationId).toBe(first?.context.event.eventId);
      expect(first?.context.headers[EVENT_HEADERS.traceparent]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(byOrder.get('order-3')?.context.topic).toBe(otherTopic);
      // Same key, same partition: the Java client's murmur2 partitioner.
      const again = await producer.send(topic, { key: 'order-1', value: { order_id: 'order-1', amount: 11 } });
      expect(again.partition).toBe(first?.context.partition);
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
  });

  it.each<CompressionName>(['none', 'gzip', 'snappy', 'lz4'])('writes %s-compressed batches the broker accepts and consumers read back', async (compression) => {
    const compressedTopic = uniqueName(`compressed-${compression}`);
    await createTopics(kafka, [compressedTopic]);
    const producer = createProducer({ kafka, codec: jsonCodec(), compression });
    // 300 KB of repetitive text spans several LZ4/Snappy blocks; the broker decompresses to validate.
    const big = { text: 'kontract '.repeat(33_000), n: 1 };
    try {
      await producer.sendBatch([
        { topic: compressedTopic, key: 'a', value: big },
        { topic: compressedTopic, key: 'b', value: { text: 'small', n: 2 } },
      ]);
    } finally {
      await producer.disconnect();
    }
    const messages = await readRaw(kafka, compressedTopic, 2);
    const values = messages.map((entry) => JSON.parse(entry.message.value?.toString() ?? 'null') as { text: string; n: number });
    expect(values.find((value) => value.n === 1)?.text).toBe(big.text);
    expect(values.find((value) => value.n === 2)?.text).toBe('small');
  });

  it('refuses a message over the size limit with MESSAGE_TOO_LARGE before sending', async () => {
    const producer = createProducer({ kafka, codec: jsonCodec(), maxMessageBytes: 1_000 });
    try {
      const error = await producer.send(topic, { key: 'k', value: { blob: 'x'.repeat(2_000) } }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(KontractError);
      expect((error as KontractError).code).toBe('MESSAGE_TOO_LARGE');
      expect((error as KontractError).context).toMatchObject({ topic, limit: 1_000 });
      expect((error as KontractError).hint).toBeTruthy();
      // The default limit is Kafka's 1 MiB.
      const defaultProducer = createProducer({ kafka, codec: jsonCodec() });
      const tooBig = await defaultProducer.send(topic, { value: 'x'.repeat(1_048_577) }).catch((caught: unknown) => caught);
      expect((tooBig as KontractError).code).toBe('MESSAGE_TOO_LARGE');
      await defaultProducer.disconnect();
    } finally {
      await producer.disconnect();
    }
  });

  it('refuses a keyless message on a topic that requires keys with KEY_REQUIRED', async () => {
    const producer = createProducer({ kafka, codec: jsonCodec(), requireKey: [topic] });
    try {
      const error = await producer.send(topic, { value: { order_id: 'x', amount: 1 } }).catch((caught: unknown) => caught);
      expect((error as KontractError).code).toBe('KEY_REQUIRED');
      expect((error as KontractError).context).toMatchObject({ topic });
      await expect(producer.send(topic, { key: 'x', value: { order_id: 'x', amount: 1 } })).resolves.toMatchObject({ topic });
      // Other topics are not affected by the rule.
      await expect(producer.send(otherTopic, { value: { order_id: 'y', amount: 1 } })).resolves.toMatchObject({ topic: otherTopic });
    } finally {
      await producer.disconnect();
    }
  });

  it('refuses topics outside its list, unsafe acks, and sends after disconnect', async () => {
    const producer = createProducer({ kafka, codec: jsonCodec(), topics: [topic] });
    try {
      const error = await producer.send(`${topic}-typo`, { value: 1 }).catch((caught: unknown) => caught);
      expect((error as KontractError).code).toBe('USAGE');
    } finally {
      await producer.disconnect();
    }
    const afterClose = await producer.send(topic, { value: 1 }).catch((caught: unknown) => caught);
    expect((afterClose as KontractError).code).toBe('USAGE');
    expect(() => createProducer({ kafka, codec: jsonCodec(), acks: 1 })).toThrow(/acks: -1/);
    expect(() => createProducer({ kafka, codec: jsonCodec(), acks: 1, idempotent: false })).not.toThrow();
  });

  it('flush waits for sends in flight, and headers mirror the envelope ids', async () => {
    const producer = createProducer({ kafka, codec: jsonCodec() });
    const flushTopic = uniqueName('flush');
    await createTopics(kafka, [flushTopic]);
    let settled = 0;
    try {
      for (let index = 0; index < 5; index++) {
        void producer
          .send(flushTopic, {
            key: String(index),
            value: { event_id: `00000000-0000-4000-8000-00000000000${index}`, event_type: 'test.flushed', metadata: { correlation_id: 'corr-1', causation_id: null, trace_id: null } },
          })
          .then(() => settled++);
      }
      await producer.flush();
      expect(settled).toBe(5);
    } finally {
      await producer.disconnect();
    }
    const messages = await readRaw(kafka, flushTopic, 5);
    const first = messages.find((entry) => entry.message.key?.toString() === '0');
    expect(first && headerText(first.message, EVENT_HEADERS.eventId)).toBe('00000000-0000-4000-8000-000000000000');
    expect(first && headerText(first.message, EVENT_HEADERS.eventType)).toBe('test.flushed');
    expect(first && headerText(first.message, EVENT_HEADERS.correlationId)).toBe('corr-1');
  });
});
