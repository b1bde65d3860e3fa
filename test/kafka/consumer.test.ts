import { describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import {
  DLQ_HEADERS,
  EVENT_HEADERS,
  InMemoryIdempotencyStore,
  buildEnvelope,
  createConsumer,
  createProducer,
  jsonCodec,
} from '../../src/kafka/index.js';
import type { DeadLetterEvent, EventEnvelope, TopicPartitionOffset } from '../../src/kafka/index.js';
import {
  committedOffsets,
  createTopics,
  fastConsumer,
  fastRetry,
  headerText,
  logEndOffsets,
  readRaw,
  sleep,
  testKafka,
  uniqueName,
  waitFor,
} from './helpers.js';

const kafka = testKafka('consumer-test');

/** A topic, its dead-letter topic and a group, all new. */
async function freshTopic(prefix: string, partitions = 1): Promise<{ topic: string; dlq: string; groupId: string }> {
  const topic = uniqueName(prefix);
  await createTopics(kafka, [topic, `${topic}.dlq`], partitions);
  return { topic, dlq: `${topic}.dlq`, groupId: uniqueName(`${prefix}-group`) };
}

describe('consumer retries and dead letters', () => {
  it('retries a handler that fails three times, then commits once and dead-letters nothing', async () => {
    const { topic, dlq, groupId } = await freshTopic('flaky');
    const producer = createProducer({ kafka, codec: jsonCodec() });
    await producer.send(topic, { key: 'k', value: { n: 1 } });
    const attempts: number[] = [];
    const commits: TopicPartitionOffset[] = [];
    const retries: number[] = [];
    const consumer = createConsumer({
      kafka,
      codec: jsonCodec(),
      groupId,
      fromBeginning: true,
      retry: { ...fastRetry, retries: 5 },
      ...fastConsumer,
      hooks: { onCommit: (offsets) => commits.push(...offsets), onRetry: (info) => retries.push(info.delayMs) },
    });
    consumer.on(topic, (_value, context) => {
      attempts.push(context.attempt);
      if (context.attempt <= 3) throw new Error(`transient failure ${context.attempt}`);
    });
    try {
      await consumer.start();
      await waitFor('the fourth attempt to succeed and commit', () => commits.length === 1);
      await sleep(300);
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(commits).toEqual([{ topic, partition: 0, offset: '1' }]);
    // Backoff grows: 10, 20, 40 ms less up to 20 % jitter.
    expect(retries).toHaveLength(3);
    expect(retries[0]).toBeLessThanOrEqual(10);
    expect(retries[2]).toBeGreaterThanOrEqual(32);
    expect(await committedOffsets(kafka, groupId, topic)).toEqual(new Map([[0, 1]]));
    expect(await logEndOffsets(kafka, dlq)).toEqual(new Map([[0, 0]]));
  });

  it('dead-letters a message whose handler always fails, with every header, and moves on', async () => {
    const { topic, dlq, groupId } = await freshTopic('poison');
    const producer = createProducer({ kafka, codec: jsonCodec() });
    await producer.sendBatch([
      { topic, key: 'poison-key', value: { n: 1, poison: true }, headers: { 'x-origin': 'test' } },
      { topic, key: 'fine', value: { n: 2, poison: false } },
    ]);
    const handled: number[] = [];
    const deadLetters: DeadLetterEvent[] = [];
    const consumer = createConsumer({
      kafka,
      codec: jsonCodec(),
      groupId,
      fromBeginning: true,
      retry: { ...fastRetry, retries: 2 },
      ...fastConsumer,
      hooks: { onDeadLetter: (info) => deadLetters.push(info) },
    });
    consumer.on(topic, (value) => {
      const message = value as { n: number; poison: boolean };
      if (message.poison) throw new KontractError('PAYLOAD_INVALID', 'order total is negative');
      handled.push(message.n);
    });
    const before = Date.now();
    try {
      await consumer.start();
      await waitFor('the healthy message after the poison one', () => handled.includes(2));
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ topic, partition: 0, offset: '0', deadLetterTopic: dlq, reason: 'handler-failed', retryCount: 2 });
    expect(await committedOffsets(kafka, groupId, topic)).toEqual(new Map([[0, 2]]));

    const [copy] = await readRaw(kafka, dlq, 1);
    const message = copy!.message;
    expect(message.key?.toString()).toBe('poison-key');
    expect(JSON.parse(message.value!.toString())).toEqual({ n: 1, poison: true });
    expect(headerText(message, 'x-origin')).toBe('test');
    expect(headerText(message, DLQ_HEADERS.originalTopic)).toBe(topic);
    expect(headerText(message, DLQ_HEADERS.originalPartition)).toBe('0');
    expect(headerText(message, DLQ_HEADERS.originalOffset)).toBe('0');
    expect(headerText(message, DLQ_HEADERS.originalKey)).toBe('poison-key');
    expect(Number(headerText(message, DLQ_HEADERS.originalTimestamp))).toBeGreaterThan(0);
    expect(headerText(message, DLQ_HEADERS.consumerGroup)).toBe(groupId);
    expect(headerText(message, DLQ_HEADERS.reason)).toBe('handler-failed');
    expect(headerText(message, DLQ_HEADERS.errorCode)).toBe('PAYLOAD_INVALID');
    expect(headerText(message, DLQ_HEADERS.errorMessage)).toBe('order total is negative');
    expect(headerText(message, DLQ_HEADERS.retryCount)).toBe('2');
    const failedAt = Date.parse(headerText(message, DLQ_HEADERS.failedAt) ?? '');
    expect(failedAt).toBeGreaterThanOrEqual(before - 1_000);
    expect(failedAt).toBeLessThanOrEqual(Date.now());
    // The envelope headers of the original travel along.
    expect(headerText(message, EVENT_HEADERS.eventId)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('dead-letters bytes that cannot be decoded at once, and the consumer keeps going', async () => {
    const { topic, dlq, groupId } = await freshTopic('garbage');
    const raw = kafka.producer();
    await raw.connect();
    await raw.send({
      topic,
      messages: [
        { key: 'bad', value: Buffer.from([0xff, 0x00, 0x13, 0x37]) },
        { key: 'good', value: JSON.stringify({ ok: true }) },
      ],
    });
    await raw.disconnect();
    const handled: unknown[] = [];
    const deadLetters: DeadLetterEvent[] = [];
    const consumer = createConsumer({
      kafka,
      codec: jsonCodec(),
      groupId,
      fromBeginning: true,
      retry: fastRetry,
      ...fastConsumer,
      hooks: { onDeadLetter: (info) => deadLetters.push(info) },
    });
    consumer.on(topic, (value) => {
      handled.push(value);
    });
    const producer = createProducer({ kafka, codec: jsonCodec() });
    try {
      await consumer.start();
      await waitFor('the good message', () => handled.length === 1);
      // Still alive: a message sent now is handled too.
      await producer.send(topic, { key: 'later', value: { later: true } });
      await waitFor('the later message', () => handled.length === 2);
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
    expect(handled).toEqual([{ ok: true }, { later: true }]);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ offset: '0', reason: 'decode-failed', retryCount: 0 });
    const [copy] = await readRaw(kafka, dlq, 1);
    expect(copy!.message.value).toEqual(Buffer.from([0xff, 0x00, 0x13, 0x37]));
    expect(headerText(copy!.message, DLQ_HEADERS.reason)).toBe('decode-failed');
    expect(headerText(copy!.message, DLQ_HEADERS.errorCode)).toBe('PAYLOAD_INVALID');
    expect(headerText(copy!.message, DLQ_HEADERS.retryCount)).toBe('0');
    expect(await committedOffsets(kafka, groupId, topic)).toEqual(new Map([[0, 3]]));
  });
});

describe('dead-letter topics', () => {
  /** Partition counts of topics, read with an admin client (which never creates a topic by asking). */
  async function partitionCounts(topics: string[]): Promise<Map<string, number>> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const present = topics.filter((topic) => existing.has(topic));
      if (present.length === 0) return new Map();
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: present });
      return new Map(metadata.map((entry) => [entry.name, entry.partitions.length]));
    } finally {
      await admin.disconnect();
    }
  }

  it('start() creates the missing dead-letter topic with the partition count of its source, before any dead letter', async () => {
    const topic = uniqueName('no-dlq-yet');
    const dlq = `${topic}.dlq`;
    await createTopics(kafka, [topic], 3);
    expect(await partitionCounts([dlq])).toEqual(new Map());
    const created: string[] = [];
    const errors: unknown[] = [];
    const deadLetters: DeadLetterEvent[] = [];
    const consumer = createConsumer({
      kafka,
      codec: jsonCodec(),
      groupId: uniqueName('no-dlq-yet-group'),
      fromBeginning: true,
      retry: { ...fastRetry, retries: 0 },
      ...fastConsumer,
      hooks: { onDeadLetterTopicCreated: (info) => created.push(info.topic), onError: (error) => errors.push(error), onDeadLetter: (info) => deadLetters.push(info) },
    });
    const sourcePartitions: number[] = [];
    consumer.on(topic, (_value, context) => {
      sourcePartitions.push(context.partition);
      throw new Error('always fails');
    });
    const producer = createProducer({ kafka, codec: jsonCodec() });
    try {
      await consumer.start();
      // Right after start(), before anything was consumed or dead-lettered: the topic exists, as wide as its source.
      expect(await partitionCounts([dlq])).toEqual(new Map([[dlq, 3]]));
      expect(created).toEqual([dlq]);
      await producer.send(topic, { key: 'order-42', value: { n: 1 } });
      await waitFor('the dead letter', () => deadLetters.length === 1);
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
    expect(errors).toEqual([]);
    const [copy] = await readRaw(kafka, dlq, 1);
    // The same key lands on the same partition number as in the source topic (same count, same partitioner).
    expect(copy?.partition).toBe(sourcePartitions[0]);
    expect(headerText(copy!.message, DLQ_HEADERS.originalPartition)).toBe(String(sourcePartitions[0]));
  });

  it('leaves an existing dead-letter topic as it is', async () => {
    const topic = uniqueName('has-dlq');
    await createTopics(kafka, [topic], 2);
    await createTopics(kafka, [`${topic}.dlq`], 1);
    const created: string[] = [];
    const consumer = createConsumer({ kafka, codec: jsonCodec(), groupId: uniqueName('has-dlq-group'), ...fastConsumer, hooks: { onDeadLetterTopicCreated: (info) => created.push(info.topic) } });
    consumer.on(topic, () => {});
    try {
      await consumer.start();
    } finally {
      await consumer.stop();
    }
    expect(created).toEqual([]);
    expect(await partitionCounts([`${topic}.dlq`])).toEqual(new Map([[`${topic}.dlq`, 1]]));
  });
});

describe('envelope propagation', () => {
  interface Paid {
    order_id: string;
  }

  it('events produced while handling inherit correlation and trace ids and name the handled event as cause', async () => {
    const source = await freshTopic('payments');
    const target = await freshTopic('emails');
    const producer = createProducer({ kafka, codec: jsonCodec() });
    const first = buildEnvelope<Paid>({ type: 'orders.payment.completed', version: 2, source: 'payments-service', data: { order_id: 'o-1' } });
    expect(first.metadata.correlation_id).toBe(first.event_id);
    expect(first.metadata.causation_id).toBeNull();
    expect(first.metadata.trace_id).toMatch(/^[0-9a-f]{32}$/);
    const consumer = createConsumer({ kafka, codec: jsonCodec(), groupId: source.groupId, fromBeginning: true, ...fastConsumer });
    consumer.on(source.topic, async (value) => {
      const paid = value as EventEnvelope<Paid>;
      // No ids passed: the handled event is the current context.
      await producer.send(target.topic, {
        key: paid.data.order_id,
        value: buildEnvelope({ type: 'notifications.email.sent', version: 1, source: 'notifications-service', data: { to: 'a@example.com' } }),
      });
      // A value that is not an envelope still carries the ids in headers.
      await producer.send(target.topic, { key: paid.data.order_id, value: { plain: true } });
    });
    try {
      await producer.send(source.topic, { key: 'o-1', value: first });
      await consumer.start();
      const produced = await readRaw(kafka, target.topic, 2);
      const envelopeMessage = produced.find((entry) => !JSON.parse(entry.message.value!.toString()).plain)!.message;
      const plainMessage = produced.find((entry) => JSON.parse(entry.message.value!.toString()).plain)!.message;
      const child = JSON.parse(envelopeMessage.value!.toString()) as EventEnvelope<unknown>;
      expect(child.metadata).toEqual({ correlation_id: first.event_id, causation_id: first.event_id, trace_id: first.metadata.trace_id });
      expect(child.event_id).not.toBe(first.event_id);
      expect(headerText(envelopeMessage, EVENT_HEADERS.eventId)).toBe(child.event_id);
      expect(headerText(envelopeMessage, EVENT_HEADERS.eventType)).toBe('notifications.email.sent');
      expect(headerText(envelopeMessage, EVENT_HEADERS.correlationId)).toBe(first.event_id);
      expect(headerText(envelopeMessage, EVENT_HEADERS.causationId)).toBe(first.event_id);
      expect(headerText(envelopeMessage, EVENT_HEADERS.traceId)).toBe(first.metadata.trace_id);
      expect(headerText(envelopeMessage, EVENT_HEADERS.traceparent)).toMatch(new RegExp(`^00-${first.metadata.trace_id}-[0-9a-f]{16}-01$`));
      expect(headerText(plainMessage, EVENT_HEADERS.correlationId)).toBe(first.event_id);
      expect(headerText(plainMessage, EVENT_HEADERS.causationId)).toBe(first.event_id);
      expect(headerText(plainMessage, EVENT_HEADERS.traceId)).toBe(first.metadata.trace_id);
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
  });

  it('takes the cause from `causedBy` outside a handler', async () => {
    const { topic } = await freshTopic('explicit');
    const producer = createProducer({ kafka, codec: jsonCodec() });
    try {
      await producer.send(topic, {
        value: { note: 'compensation' },
        causedBy: { eventId: 'cause-1', correlationId: 'corr-9', traceId: '0af7651916cd43dd8448eb211c80319c' },
      });
    } finally {
      await producer.disconnect();
    }
    const [message] = await readRaw(kafka, topic, 1);
    expect(headerText(message!.message, EVENT_HEADERS.correlationId)).toBe('corr-9');
    expect(headerText(message!.message, EVENT_HEADERS.causationId)).toBe('cause-1');
    expect(headerText(message!.message, EVENT_HEADERS.traceId)).toBe('0af7651916cd43dd8448eb211c80319c');
  });
});

describe('idempotent handling', () => {
  it('skips a redelivered event whose id the store has', async () => {
    const { topic, groupId } = await freshTopic('dedupe');
    const producer = createProducer({ kafka, codec: jsonCodec() });
    const event = buildEnvelope({ type: 'test.deduped', version: 1, source: 'test', data: { n: 1 } });
    // The same event twice, as a producer retry after a lost ack would write it.
    await producer.send(topic, { key: 'k', value: event });
    await producer.send(topic, { key: 'k', value: event });
    await producer.send(topic, { key: 'k', value: buildEnvelope({ type: 'test.deduped', version: 1, source: 'test', data: { n: 2 } }) });
    const store = new InMemoryIdempotencyStore();
    const handled: number[] = [];
    const duplicates: string[] = [];
    const consumer = createConsumer({
      kafka,
      codec: jsonCodec(),
      groupId,
      fromBeginning: true,
      idempotencyStore: store,
      ...fastConsumer,
      hooks: { onDuplicate: (info) => duplicates.push(`${info.offset}:${info.eventId}`) },
    });
    consumer.on(topic, (value) => {
      handled.push((value as EventEnvelope<{ n: number }>).data.n);
    });
    try {
      await consumer.start();
      await waitFor('all three messages', async () => (await committedOffsets(kafka, groupId, topic)).get(0) === 3);
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
    expect(handled).toEqual([1, 2]);
    expect(duplicates).toEqual([`1:${event.event_id}`]);
    expect(store.has(event.event_id)).toBe(true);
  });
});

describe('pause, resume and graceful stop', () => {
  it('pauses a topic without touching others, and resumes where it stopped', async () => {
    const paused = await freshTopic('paused');
    const running = await freshTopic('running');
    const producer = createProducer({ kafka, codec: jsonCodec() });
    const seen: string[] = [];
    const consumer = createConsumer({ kafka, codec: jsonCodec(), groupId: uniqueName('pause-group'), fromBeginning: true, ...fastConsumer });
    consumer.on(paused.topic, (value) => {
      seen.push(`paused:${(value as { n: number }).n}`);
    });
    consumer.on(running.topic, (value) => {
      seen.push(`running:${(value as { n: number }).n}`);
    });
    try {
      await consumer.start();
      consumer.pause(paused.topic);
      await producer.sendBatch([
        { topic: paused.topic, value: { n: 1 } },
        { topic: paused.topic, value: { n: 2 } },
        { topic: running.topic, value: { n: 1 } },
      ]);
      await waitFor('the message on the running topic', () => seen.includes('running:1'));
      await sleep(800);
      expect(seen).toEqual(['running:1']);
      consumer.resume(paused.topic);
      await waitFor('the paused topic to drain', () => seen.length === 3);
      expect(seen).toEqual(['running:1', 'paused:1', 'paused:2']);
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
  });

  it('a pause mid-batch leaves the rest of the prefetched batch to come again after resume: in order, each once', async () => {
    const { topic, groupId } = await freshTopic('pause-mid-batch');
    const producer = createProducer({ kafka, codec: jsonCodec() });
    await producer.sendBatch([1, 2, 3, 4, 5, 6].map((n) => ({ topic, key: 'k', value: { n } })));
    const seen: number[] = [];
    // Prefetch is the default: the client fetched past the whole batch when it was handed over.
    const consumer = createConsumer({ kafka, codec: jsonCodec(), groupId, fromBeginning: true, ...fastConsumer });
    consumer.on(topic, (value) => {
      const { n } = value as { n: number };
      seen.push(n);
      if (n === 2) consumer.pause(topic);
    });
    try {
      await consumer.start();
      await waitFor('the pause', () => seen.length >= 2);
      await sleep(800);
      expect(seen).toEqual([1, 2]);
      expect((await committedOffsets(kafka, groupId, topic)).get(0)).toBe(2);
      consumer.resume(topic);
      await waitFor('the rest of the batch', () => seen.length >= 6);
      await sleep(300);
      expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
      await waitFor('everything committed', async () => (await committedOffsets(kafka, groupId, topic)).get(0) === 6);
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
  });

  it('stop() lets the message in progress finish, commits it and leaves the group', async () => {
    const { topic, groupId } = await freshTopic('graceful');
    const producer = createProducer({ kafka, codec: jsonCodec() });
    await producer.sendBatch([1, 2, 3].map((n) => ({ topic, key: 'k', value: { n } })));
    const started: number[] = [];
    const finished: number[] = [];
    const consumer = createConsumer({ kafka, codec: jsonCodec(), groupId, fromBeginning: true, ...fastConsumer });
    consumer.on(topic, async (value) => {
      const { n } = value as { n: number };
      started.push(n);
      await sleep(700);
      finished.push(n);
    });
    try {
      await consumer.start();
      await waitFor('the first message to start', () => started.length === 1);
      await consumer.stop();
    } finally {
      await producer.disconnect();
    }
    expect(finished).toEqual([1]);
    expect(started).toEqual([1]);
    expect(await committedOffsets(kafka, groupId, topic)).toEqual(new Map([[0, 1]]));
    // The member left: a new member of the group gets the partition at once and starts after message 1.
    const next: number[] = [];
    const successor = createConsumer({ kafka, codec: jsonCodec(), groupId, fromBeginning: true, ...fastConsumer });
    successor.on(topic, (value) => {
      next.push((value as { n: number }).n);
    });
    const joinedAt = Date.now();
    try {
      await successor.start();
      await waitFor('the remaining messages', () => next.length === 2, 10_000);
    } finally {
      await successor.stop();
    }
    expect(next).toEqual([2, 3]);
    // Well under the 6 s session timeout a member that had not left would hold the partition for.
    expect(Date.now() - joinedAt).toBeLessThan(5_000);
  });
});
