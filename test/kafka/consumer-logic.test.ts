/** The consumer's decisions, driven batch by batch through an in-memory adapter (no broker timing involved). */
import { describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import { DLQ_HEADERS, createConsumer, currentEventContext, jsonCodec } from '../../src/kafka/index.js';
import type { ConsumerOptions, EventContext, MessageContext } from '../../src/kafka/index.js';
import { FakeKafka, jsonMessage } from './fake-adapter.js';
import { sleep, waitFor } from './helpers.js';

const topic = 'orders';

function setup(options: Partial<ConsumerOptions> = {}) {
  const fake = new FakeKafka();
  const errors: unknown[] = [];
  const skipped: string[] = [];
  const consumer = createConsumer({
    adapter: fake,
    codec: jsonCodec(),
    groupId: 'g',
    retry: { initialBackoffMs: 5, maxBackoffMs: 20, jitter: 0 },
    ...options,
    hooks: { onError: (error) => errors.push(error), onCommitSkipped: (offset) => skipped.push(`${offset.partition}@${offset.offset}`), ...options.hooks },
  } as ConsumerOptions);
  return { fake, consumer, errors, skipped };
}

describe('commits', () => {
  it("commits each message after its handler, as offset + 1, with commit: 'message'", async () => {
    const { fake, consumer } = setup({ commit: 'message' });
    consumer.on(topic, () => {});
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(5, { n: 1 }), jsonMessage(6, { n: 2 })]);
    expect(fake.commits).toEqual([
      { topic, partition: 0, offset: '6' },
      { topic, partition: 0, offset: '7' },
    ]);
    expect(fake.resolved.map((entry) => entry.offset)).toEqual(['5', '6']);
  });

  it("commits once per batch with commit: 'batch'", async () => {
    const { fake, consumer } = setup({ commit: 'batch' });
    consumer.on(topic, () => {});
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, 1), jsonMessage(1, 2), jsonMessage(2, 3)]);
    expect(fake.commits).toEqual([{ topic, partition: 0, offset: '3' }]);
  });

  it('by default commits once per batch: the last finished offset + 1, resolved once', async () => {
    const { fake, consumer } = setup();
    consumer.on(topic, () => {});
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(5, 1), jsonMessage(6, 2), jsonMessage(7, 3)]);
    expect(fake.commits).toEqual([{ topic, partition: 0, offset: '8' }]);
    expect(fake.resolved.map((entry) => entry.offset)).toEqual(['7']);
  });

  it('commits inside a long batch once commitIntervalMs has passed', async () => {
    const { fake, consumer } = setup({ commitIntervalMs: 25 });
    consumer.on(topic, async (value) => {
      if (value === 'slow') await sleep(40);
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, 'fast'), jsonMessage(1, 'slow'), jsonMessage(2, 'fast')]);
    // After the slow message the interval has passed; the rest is committed at the end of the batch.
    expect(fake.commits.map((commit) => commit.offset)).toEqual(['2', '3']);
  });

  it('commits what the batch finished before waiting out a retry backoff', async () => {
    const { fake, consumer } = setup();
    let failures = 0;
    consumer.on(topic, (value) => {
      if (value === 2 && failures++ === 0) throw new Error('transient');
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, 1), jsonMessage(1, 2), jsonMessage(2, 3)]);
    expect(fake.commits.map((commit) => commit.offset)).toEqual(['1', '3']);
  });

  it('commits the finished messages of a batch a stop cut short, and not the rest', async () => {
    const { fake, consumer } = setup();
    const handled: number[] = [];
    consumer.on(topic, async (value) => {
      handled.push(value as number);
      if (value === 2) {
        // Stopping while message 2 is handled: it finishes and is committed; message 3 is not started.
        void consumer.stop();
        await sleep(5);
      }
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, 1), jsonMessage(1, 2), jsonMessage(2, 3)]);
    expect(handled).toEqual([1, 2]);
    expect(fake.commits).toEqual([{ topic, partition: 0, offset: '2' }]);
  });

  it('rejects a negative commitIntervalMs', () => {
    expect(() => createConsumer({ adapter: new FakeKafka(), codec: jsonCodec(), groupId: 'g', commitIntervalMs: -1 })).toThrow(/commitIntervalMs/);
  });

  it('does not commit for a partition revoked while its handler ran', async () => {
    const { fake, consumer, skipped } = setup();
    consumer.on(topic, () => {
      // A rebalance hands partition 0 to another member while this message is handled.
      fake.assign({ [topic]: [1] });
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, { n: 1 })]);
    expect(fake.commits).toEqual([]);
    expect(skipped).toEqual(['0@1']);
  });

  it('does not commit for a stale batch (a seek or revocation the client noticed)', async () => {
    const { fake, consumer, skipped } = setup();
    let stale = false;
    const handled: number[] = [];
    consumer.on(topic, (value) => {
      handled.push(value as number);
      stale = true;
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, 1), jsonMessage(1, 2)], { stale: () => stale });
    expect(handled).toEqual([1]);
    expect(fake.commits).toEqual([]);
    expect(skipped).toEqual(['0@1']);
  });
});

describe('retries and dead letters', () => {
  it('heartbeats while backing off between retries', async () => {
    const { fake, consumer } = setup({ retry: { retries: 2, initialBackoffMs: 300, maxBackoffMs: 300, jitter: 0 }, heartbeatIntervalMs: 100 });
    let attempts = 0;
    consumer.on(topic, () => {
      attempts++;
      if (attempts < 3) throw new Error('not yet');
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, 1)]);
    expect(attempts).toBe(3);
    // 2 × 300 ms of backoff in ≤ 100 ms steps, plus the heartbeat after the message.
    expect(fake.heartbeats).toBeGreaterThanOrEqual(6);
    expect(fake.sent).toEqual([]);
  });

  it('sends errors that are not worth retrying to the dead-letter topic at once', async () => {
    const { fake, consumer } = setup({ retry: { retries: 5, shouldRetry: (error) => !(error instanceof KontractError) } });
    let attempts = 0;
    consumer.on(topic, () => {
      attempts++;
      throw new KontractError('PAYLOAD_INVALID', 'negative amount');
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(3, { amount: -1 }, 'k')]);
    expect(attempts).toBe(1);
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]?.topic).toBe('orders.dlq');
    expect(fake.sent[0]?.messages[0]?.headers?.[DLQ_HEADERS.retryCount]).toBe('0');
    expect(fake.commits).toEqual([{ topic, partition: 0, offset: '4' }]);
  });

  it('uses a custom dead-letter topic name', async () => {
    const { fake, consumer } = setup({ retry: { retries: 0 }, deadLetter: { topic: (name) => `dead.${name}` } });
    consumer.on(topic, () => {
      throw new Error('boom');
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, 1)]);
    expect(fake.sent.map((batch) => batch.topic)).toEqual(['dead.orders']);
  });

  it('leaves the message uncommitted when the dead-letter topic cannot be written', async () => {
    const { fake, consumer, errors } = setup({ retry: { retries: 0, maxBackoffMs: 10, initialBackoffMs: 1 } });
    fake.sendError = new Error('broker down');
    const handled: number[] = [];
    consumer.on(topic, (value) => {
      handled.push(value as number);
      throw new Error('boom');
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, 1), jsonMessage(1, 2)]);
    // The batch stops at the failed message; it and what follows come again in the next fetch.
    expect(handled).toEqual([1]);
    expect(fake.commits).toEqual([]);
    expect(fake.resolved).toEqual([]);
    expect(errors).toHaveLength(1);
    expect((errors[0] as KontractError).code).toBe('KAFKA_ERROR');
    expect((errors[0] as KontractError).context).toMatchObject({ topic, partition: 0, offset: '0', deadLetterTopic: 'orders.dlq' });
  });

  it('without a dead-letter topic, keeps a failing message uncommitted (it blocks its partition)', async () => {
    const { fake, consumer, errors } = setup({ deadLetter: false, retry: { retries: 1, initialBackoffMs: 1, maxBackoffMs: 5 } });
    consumer.on(topic, () => {
      throw new Error('always');
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, 1)]);
    expect(fake.sent).toEqual([]);
    expect(fake.commits).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it('dead-letters a message with a value but no handler-readable JSON at once', async () => {
    const { fake, consumer } = setup();
    consumer.on(topic, () => {
      throw new Error('must not be called');
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [{ ...jsonMessage(0, 1), value: Buffer.from('{not json') }]);
    expect(fake.sent[0]?.messages[0]?.headers?.[DLQ_HEADERS.reason]).toBe('decode-failed');
    expect(fake.commits).toEqual([{ topic, partition: 0, offset: '1' }]);
  });
});

describe('stopping, pausing, context', () => {
  it('stop() during a backoff ends the retries and commits nothing for that message', async () => {
    const { fake, consumer } = setup({ retry: { retries: 10, initialBackoffMs: 200, maxBackoffMs: 200, jitter: 0 } });
    let attempts = 0;
    consumer.on(topic, () => {
      attempts++;
      throw new Error('failing');
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    const delivery = fake.deliver(topic, 0, [jsonMessage(0, 1)]);
    await waitFor('the first attempt', () => attempts === 1);
    await consumer.stop();
    await delivery;
    expect(attempts).toBe(1);
    expect(fake.commits).toEqual([]);
    expect(fake.sent).toEqual([]);
  });

  it('a handler that pauses its topic ends the batch after its own message', async () => {
    const { fake, consumer } = setup();
    const handled: number[] = [];
    consumer.on(topic, (value) => {
      handled.push(value as number);
      consumer.pause(topic);
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, 1), jsonMessage(1, 2)]);
    expect(handled).toEqual([1]);
    expect(fake.paused).toEqual([topic]);
    expect(fake.commits).toEqual([{ topic, partition: 0, offset: '1' }]);
    consumer.resume(topic);
    expect(fake.paused).toEqual([]);
  });

  it('passes key, headers, attempt and event ids to the handler, and makes the event current', async () => {
    const { fake, consumer } = setup({ retry: { retries: 1, initialBackoffMs: 1, maxBackoffMs: 1 } });
    const contexts: MessageContext[] = [];
    const current: Array<EventContext | undefined> = [];
    consumer.on(topic, async (_value, context) => {
      contexts.push(context);
      await sleep(1);
      current.push(currentEventContext());
      if (context.attempt === 1) throw new Error('first try fails');
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    const envelope = { event_id: 'e-1', event_type: 'orders.placed', metadata: { correlation_id: 'c-1', causation_id: '', trace_id: 'trace-from-value' } };
    await fake.deliver(topic, 0, [jsonMessage(0, envelope, 'order-7', { 'trace-id': '4bf92f3577b34da6a3ce929d0e0e4736', 'x-a': '1' })]);
    expect(contexts.map((context) => context.attempt)).toEqual([1, 2]);
    expect(contexts[0]).toMatchObject({ topic, partition: 0, offset: '0', key: 'order-7', timestamp: '1700000000000' });
    expect(contexts[0]?.headers['x-a']).toBe('1');
    // Headers win over the value's fields; Protobuf-style '' counts as absent.
    const expected: EventContext = { eventId: 'e-1', eventType: 'orders.placed', correlationId: 'c-1', causationId: undefined, traceId: '4bf92f3577b34da6a3ce929d0e0e4736' };
    expect(contexts[0]?.event).toEqual(expected);
    expect(current).toEqual([expected, expected]);
  });

  it('makes the event current without the handler reading the context, and decodes headers and ids when read later', async () => {
    const { fake, consumer } = setup();
    const contexts: MessageContext[] = [];
    const current: Array<string | undefined> = [];
    consumer.on(topic, (_value, context) => {
      current.push(currentEventContext()?.correlationId);
      contexts.push(context);
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(3, { event_id: 'e-9' }, 'k', { 'correlation-id': 'c-9', 'x-a': '1' })]);
    expect(current).toEqual(['c-9']);
    const context = contexts[0]!;
    expect({ ...context }).toMatchObject({ topic, partition: 0, offset: '3', key: 'k', attempt: 1 });
    expect(context.headers).toEqual({ 'correlation-id': 'c-9', 'x-a': '1' });
    expect(context.event).toMatchObject({ eventId: 'e-9', correlationId: 'c-9' });
  });

  it('hands tombstones (null values) to the handler as null', async () => {
    const { fake, consumer } = setup();
    const values: unknown[] = [];
    consumer.on(topic, (value) => {
      values.push(value);
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [{ ...jsonMessage(0, 1, 'gone'), value: null }]);
    expect(values).toEqual([null]);
  });
});

describe('the per-message path', () => {
  it('asks the client for heartbeats a few times per heartbeat interval, not once per message', async () => {
    const { fake, consumer } = setup({ heartbeatIntervalMs: 3_000 });
    let handled = 0;
    consumer.on(topic, () => {
      handled++;
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, Array.from({ length: 500 }, (_, offset) => jsonMessage(offset, offset)));
    expect(handled).toBe(500);
    expect(fake.heartbeats).toBeLessThan(5);
  });

  it('heartbeats during a slow batch', async () => {
    const { fake, consumer } = setup({ heartbeatIntervalMs: 40 });
    consumer.on(topic, () => sleep(15));
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, Array.from({ length: 8 }, (_, offset) => jsonMessage(offset, offset)));
    // 8 × 15 ms with a check every 10 ms: a heartbeat after nearly every message.
    expect(fake.heartbeats).toBeGreaterThanOrEqual(6);
  });

  it('works with synchronous and asynchronous idempotency stores alike', async () => {
    for (const asynchronous of [false, true]) {
      const seen = new Set<string>(['e-1']);
      const store = asynchronous
        ? { has: async (id: string) => seen.has(id), markProcessed: async (id: string) => void seen.add(id) }
        : { has: (id: string) => seen.has(id), markProcessed: (id: string) => void seen.add(id) };
      const duplicates: string[] = [];
      const { fake, consumer } = setup({ idempotencyStore: store, hooks: { onDuplicate: (info) => duplicates.push(info.eventId) } });
      const handled: unknown[] = [];
      consumer.on(topic, (value) => {
        handled.push((value as { event_id: string }).event_id);
      });
      await consumer.start();
      fake.assign({ [topic]: [0] });
      await fake.deliver(topic, 0, [jsonMessage(0, { event_id: 'e-1' }), jsonMessage(1, { event_id: 'e-2' }), jsonMessage(2, { event_id: 'e-2' })]);
      expect(handled, `asynchronous: ${asynchronous}`).toEqual(['e-2']);
      expect(duplicates).toEqual(['e-1', 'e-2']);
      expect(fake.commits).toEqual([{ topic, partition: 0, offset: '3' }]);
    }
  });

  it('retries when the idempotency store cannot record a handled event', async () => {
    let marks = 0;
    const store = {
      has: () => false,
      markProcessed: async () => {
        if (marks++ === 0) throw new Error('database unavailable');
      },
    };
    const { fake, consumer } = setup({ idempotencyStore: store });
    const attempts: number[] = [];
    consumer.on(topic, (_value, context) => {
      attempts.push(context.attempt);
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, { event_id: 'e-1' })]);
    expect(attempts).toEqual([1, 2]);
    expect(fake.commits).toEqual([{ topic, partition: 0, offset: '1' }]);
  });

  it('makes the event current for a synchronous handler too', async () => {
    const { fake, consumer } = setup();
    const current: Array<string | undefined> = [];
    consumer.on(topic, () => {
      current.push(currentEventContext()?.correlationId);
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, 1, null, { 'correlation-id': 'c-7' }), jsonMessage(1, 2)]);
    // A message without any id starts its own transaction, named after its position.
    expect(current).toEqual(['c-7', 'orders/0/1']);
    expect(currentEventContext()).toBeUndefined();
  });
});

describe('dead-letter topics', () => {
  it('start() creates missing dead-letter topics with the partition count of their source topic', async () => {
    const created: string[] = [];
    const { fake, consumer } = setup({ topics: [topic, 'payments'], hooks: { onDeadLetterTopicCreated: (info) => created.push(`${info.topic}:${info.partitions}`) } });
    fake.topics.set(topic, 6);
    fake.topics.set('payments', 2);
    fake.topics.set('payments.dlq', 1);
    consumer.on(topic, () => {}).on('payments', () => {});
    await consumer.start();
    expect(fake.createdTopics).toEqual([{ topic: 'orders.dlq', numPartitions: 6 }]);
    expect(created).toEqual(['orders.dlq:6']);
    await consumer.stop();
  });

  it('leaves the partition count to the broker when the source topic does not exist yet', async () => {
    const { fake, consumer } = setup({ deadLetter: { topic: (name) => `dead.${name}` } });
    consumer.on(topic, () => {});
    await consumer.start();
    expect(fake.createdTopics).toEqual([{ topic: 'dead.orders', numPartitions: undefined }]);
  });

  it('creates nothing with deadLetter: { create: false } or deadLetter: false', async () => {
    for (const deadLetter of [{ create: false }, false] as const) {
      const { fake, consumer } = setup({ deadLetter });
      fake.topics.set(topic, 3);
      consumer.on(topic, () => {});
      await consumer.start();
      expect(fake.createdTopics).toEqual([]);
    }
  });

  it('says once that the cluster refuses to create them, starts anyway, and dead letters then back off', async () => {
    const { fake, consumer, errors } = setup({ topics: [topic, 'payments'], retry: { retries: 0, initialBackoffMs: 1, maxBackoffMs: 10 } });
    fake.topics.set(topic, 3);
    fake.topics.set('payments', 3);
    fake.createTopicsError = Object.assign(new Error('Topic authorization failed'), { type: 'TOPIC_AUTHORIZATION_FAILED' });
    fake.sendError = new Error('unknown topic');
    consumer.on(topic, () => {
      throw new Error('boom');
    });
    consumer.on('payments', () => {});
    await consumer.start();
    expect(errors).toHaveLength(1);
    const refusal = errors[0] as KontractError;
    expect(refusal.code).toBe('KAFKA_ERROR');
    expect(refusal.message).toContain('does not let consumer group "g" create its dead-letter topic(s) "orders.dlq", "payments.dlq"');
    expect(refusal.hint).toContain('deadLetter: { create: false }');
    expect(refusal.retriable).toBe(false);
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, 1)]);
    expect(fake.commits).toEqual([]);
    expect(errors).toHaveLength(2);
    expect((errors[1] as KontractError).message).toContain('Could not write to the dead-letter topic "orders.dlq"');
  });

  it('reports an unreachable admin client as a failure to create, not a refusal', async () => {
    const { fake, consumer, errors } = setup();
    fake.topics.set(topic, 1);
    fake.createTopicsError = new Error('Connection timeout');
    consumer.on(topic, () => {});
    await consumer.start();
    expect(errors).toHaveLength(1);
    expect((errors[0] as KontractError).message).toContain('Could not create the dead-letter topic(s) "orders.dlq" of consumer group "g": Connection timeout');
    expect((errors[0] as KontractError).retriable).toBe(true);
  });

  it('ignores a dead-letter topic another member created a moment before', async () => {
    const { fake, consumer, errors } = setup();
    fake.topics.set(topic, 1);
    fake.createTopicsError = Object.assign(new Error('Topic with this name already exists'), { type: 'TOPIC_ALREADY_EXISTS' });
    consumer.on(topic, () => {});
    await consumer.start();
    expect(errors).toEqual([]);
  });
});

describe('usage errors', () => {
  it('refuses a second handler, late handlers, missing handlers and a missing group', async () => {
    const { consumer } = setup({ topics: [topic, 'payments'] });
    consumer.on(topic, () => {});
    expect(() => consumer.on(topic, () => {})).toThrow(/already has a handler/);
    const missing = await consumer.start().catch((error: unknown) => error);
    expect((missing as KontractError).code).toBe('USAGE');
    expect((missing as KontractError).message).toContain('"payments"');

    const { consumer: empty } = setup();
    expect(((await empty.start().catch((error: unknown) => error)) as KontractError).code).toBe('USAGE');

    const { consumer: started } = setup();
    started.on(topic, () => {});
    await started.start();
    expect(() => started.on('late', () => {})).toThrow(/before start/);
    expect(((await started.start().catch((error: unknown) => error)) as KontractError).code).toBe('USAGE');
    await started.stop();

    expect(() => createConsumer({ adapter: new FakeKafka(), codec: jsonCodec(), groupId: '' })).toThrow(/groupId/);
    expect(() => createConsumer({ adapter: new FakeKafka(), codec: jsonCodec(), groupId: 'g', retry: { retries: -1 } })).toThrow(/retries/);
  });
});

describe('prefetch (the default over a real client; the fake asks for it here)', () => {
  /** Resolves once `check` holds, polling the fake's state. */
  const until = (what: string, check: () => boolean) => waitFor(what, check, 2_000);

  it('hands a batch over at once, moving the fetch position past it, and commits once it is worked through', async () => {
    const { fake, consumer } = setup({ prefetch: true });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const handled: number[] = [];
    consumer.on(topic, async (value) => {
      await released;
      handled.push(value as number);
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    // deliver() resolves while the first handler still waits: the client could fetch the next batch now.
    await fake.deliver(topic, 0, [jsonMessage(0, 1), jsonMessage(1, 2)]);
    expect(fake.resolved).toEqual([{ topic, partition: 0, offset: '1' }]);
    expect(handled).toEqual([]);
    expect(fake.commits).toEqual([]);
    release();
    await until('the batch committed', () => fake.commits.length > 0);
    expect(handled).toEqual([1, 2]);
    expect(fake.commits).toEqual([{ topic, partition: 0, offset: '2' }]);
    expect(fake.seeks).toEqual([]);
  });

  it('keeps the order within a partition: the next batch waits for the one being worked through', async () => {
    const { fake, consumer } = setup({ prefetch: true, partitionsConsumedConcurrently: 2 });
    const handled: string[] = [];
    consumer.on(topic, async (value, context) => {
      await sleep(value === 1 ? 20 : 0);
      handled.push(`${context.partition}:${String(value)}`);
    });
    await consumer.start();
    fake.assign({ [topic]: [0, 1] });
    await fake.deliver(topic, 0, [jsonMessage(0, 1)]);
    // Partition 1 is worked through beside partition 0; the second batch of partition 0 waits for the first.
    await fake.deliver(topic, 1, [jsonMessage(0, 10)]);
    await fake.deliver(topic, 0, [jsonMessage(1, 2)]);
    await until('all handled', () => handled.length === 3);
    expect(handled).toEqual(['1:10', '0:1', '0:2']);
  });

  it('works through no more batches at a time than partitionsConsumedConcurrently', async () => {
    const { fake, consumer } = setup({ prefetch: true });
    let running = 0;
    let most = 0;
    consumer.on(topic, async () => {
      most = Math.max(most, ++running);
      await sleep(5);
      running--;
    });
    await consumer.start();
    fake.assign({ [topic]: [0, 1, 2] });
    for (const partition of [0, 1, 2]) await fake.deliver(topic, partition, [jsonMessage(0, partition), jsonMessage(1, partition)]);
    await until('all committed', () => fake.commits.length === 3);
    expect(most).toBe(1);
  });

  it('seeks back to the first unfinished message when a batch is given up, so it comes again', async () => {
    const { fake, consumer } = setup({ prefetch: true, retry: { retries: 0, maxBackoffMs: 10, initialBackoffMs: 1 } });
    fake.sendError = new Error('broker down');
    consumer.on(topic, (value) => {
      if (value === 2) throw new Error('boom');
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(4, 1), jsonMessage(5, 2), jsonMessage(6, 3)]);
    await until('the seek', () => fake.seeks.length > 0);
    // Message 4 is done and committed; 5 could not be dead-lettered, so fetching starts again at 5.
    expect(fake.commits).toEqual([{ topic, partition: 0, offset: '5' }]);
    expect(fake.seeks).toEqual([{ topic, partition: 0, offset: '5' }]);
  });

  it('seeks back to the message after the one that paused its topic', async () => {
    const { fake, consumer } = setup({ prefetch: true });
    const handled: number[] = [];
    consumer.on(topic, (value) => {
      handled.push(value as number);
      if (value === 1) consumer.pause(topic);
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, 1), jsonMessage(1, 2)]);
    await until('the seek', () => fake.seeks.length > 0);
    expect(handled).toEqual([1]);
    expect(fake.commits).toEqual([{ topic, partition: 0, offset: '1' }]);
    expect(fake.seeks).toEqual([{ topic, partition: 0, offset: '1' }]);
  });

  it('stop() lets the batch being worked through finish its message and commit it before leaving', async () => {
    const { fake, consumer } = setup({ prefetch: true });
    const handled: number[] = [];
    consumer.on(topic, async (value) => {
      handled.push(value as number);
      await sleep(10);
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, 1), jsonMessage(1, 2), jsonMessage(2, 3)]);
    await consumer.stop();
    // The first message was under way when stop() was called; nothing after it started, and nothing is fetched again.
    expect(handled).toEqual([1]);
    expect(fake.commits).toEqual([{ topic, partition: 0, offset: '1' }]);
    expect(fake.seeks).toEqual([]);
  });

  it('reports an error of its own work (not a rebalance) and fetches the unfinished messages again', async () => {
    const { fake, consumer, errors } = setup({ prefetch: true, commit: 'message' });
    const handled: number[] = [];
    consumer.on(topic, (value) => {
      handled.push(value as number);
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    // The first commit fails as on a lost connection: the batch stops there and the next fetch starts after message 0.
    const commitError = Object.assign(new Error('connection lost'), { type: 'NETWORK_EXCEPTION' });
    let commits = 0;
    await fake.deliver(topic, 0, [jsonMessage(0, 1), jsonMessage(1, 2)], {
      beforeCommit: async () => {
        if (++commits === 1) throw commitError;
      },
    });
    await until('the error', () => errors.length > 0);
    expect(handled).toEqual([1]);
    expect(fake.seeks).toEqual([{ topic, partition: 0, offset: '1' }]);
    expect(errors).toEqual([commitError]);
  });

  it('stops working through a batch whose partition a rebalance took away, at the next message', async () => {
    const { fake, consumer, skipped } = setup({ prefetch: true });
    const handled: number[] = [];
    consumer.on(topic, (value) => {
      handled.push(value as number);
      // The client rejoined meanwhile and partition 0 went to another member.
      if (value === 1) fake.assign({ [topic]: [] });
    });
    await consumer.start();
    fake.assign({ [topic]: [0] });
    await fake.deliver(topic, 0, [jsonMessage(0, 1), jsonMessage(1, 2)]);
    await consumer.stop();
    expect(handled).toEqual([1]);
    expect(fake.commits).toEqual([]);
    expect(skipped).toEqual(['0@1']);
    expect(fake.seeks).toEqual([]);
  });

  it('leaves a rebalance to the client: nothing reported, nothing sought for a partition it lost', async () => {
    const { fake, consumer, errors } = setup({ prefetch: true, commit: 'message' });
    consumer.on(topic, () => {});
    await consumer.start();
    fake.assign({ [topic]: [0] });
    const rebalancing = Object.assign(new Error('The group is rebalancing'), { type: 'REBALANCE_IN_PROGRESS' });
    await fake.deliver(topic, 0, [jsonMessage(0, 1), jsonMessage(1, 2)], {
      beforeCommit: async () => {
        fake.assign({ [topic]: [] });
        throw rebalancing;
      },
    });
    await consumer.stop();
    expect(errors).toEqual([]);
    expect(fake.seeks).toEqual([]);
  });
});
