import { describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import {
  DLQ_HEADERS,
  InMemoryIdempotencyStore,
  backoffDelay,
  deadLetterMessage,
  jsonCodec,
  kafkajsAdapter,
  retryPolicy,
  textHeadersOf,
  shutdownAll,
  shutdownOnSignals,
} from '../../src/kafka/index.js';
import type { OutgoingMessage } from '../../src/kafka/index.js';
import type { Kafka } from 'kafkajs';
import { sleep } from './helpers.js';

describe('backoff', () => {
  const policy = retryPolicy({ initialBackoffMs: 100, maxBackoffMs: 1_000, multiplier: 2, jitter: 0.5 });

  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1_000],
    [9, 1_000],
  ])('retry %i waits %i ms without jitter, and at least half of it with full jitter', (retry, expected) => {
    expect(backoffDelay(policy, retry, () => 0)).toBe(expected);
    expect(backoffDelay(policy, retry, () => 1)).toBe(expected / 2);
  });

  it('has the documented defaults and rejects impossible policies with USAGE', () => {
    expect(retryPolicy()).toMatchObject({ retries: 3, initialBackoffMs: 100, maxBackoffMs: 5_000, multiplier: 2, jitter: 0.2 });
    for (const bad of [{ retries: 1.5 }, { initialBackoffMs: -1 }, { maxBackoffMs: 1, initialBackoffMs: 10 }, { multiplier: 0.5 }, { jitter: 2 }]) {
      const error = (() => {
        try {
          retryPolicy(bad);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error, JSON.stringify(bad)).toBeInstanceOf(KontractError);
      expect((error as KontractError).code).toBe('USAGE');
    }
  });
});

describe('jsonCodec', () => {
  const codec = jsonCodec();

  it('round-trips values and string keys', () => {
    const value = { a: [1, 'two', null], b: { c: true } };
    expect(codec.decodeValue('t', codec.encodeValue('t', value))).toEqual(value);
    expect(codec.encodeKey('t', 'k')?.toString()).toBe('k');
    expect(codec.encodeKey('t', null)).toBeNull();
    expect(codec.decodeKey('t', Buffer.from('k'))).toBe('k');
  });

  it('reports what cannot be written or read as PAYLOAD_INVALID with the topic', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const attempt of [
      () => codec.encodeValue('t', cyclic),
      () => codec.encodeValue('t', undefined),
      () => codec.encodeKey('t', 42),
      () => codec.decodeValue('t', Buffer.from('{"a":')),
    ]) {
      let caught: unknown;
      try {
        attempt();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(KontractError);
      expect((caught as KontractError).code).toBe('PAYLOAD_INVALID');
      expect((caught as KontractError).context).toEqual({ topic: 't' });
      expect((caught as KontractError).hint).toBeTruthy();
    }
  });
});

describe('InMemoryIdempotencyStore', () => {
  it('remembers ids and forgets the oldest beyond its bound', () => {
    const store = new InMemoryIdempotencyStore({ maxEntries: 2 });
    store.markProcessed('a');
    store.markProcessed('b');
    store.markProcessed('a');
    store.markProcessed('c');
    expect([store.has('a'), store.has('b'), store.has('c')]).toEqual([true, false, true]);
    expect(store.size).toBe(2);
  });
});

describe('deadLetterMessage', () => {
  it('keeps key, value and every original header, and adds the kontract-dlq headers', () => {
    const message = deadLetterMessage({
      topic: 'orders',
      partition: 2,
      message: {
        key: Buffer.from('k'),
        value: Buffer.from([1, 2, 3]),
        headers: { 'x-repeated': [Buffer.from('1'), Buffer.from('2')], 'x-once': [Buffer.from('o')] },
        offset: '41',
        timestamp: '1700000000000',
      },
      groupId: 'billing',
      reason: 'handler-failed',
      error: new KontractError('PAYLOAD_INVALID', 'x'.repeat(5_000)),
      retryCount: 3,
      failedAt: new Date('2025-05-06T07:08:09.000Z'),
    });
    expect(message.key).toEqual(Buffer.from('k'));
    expect(message.value).toEqual(Buffer.from([1, 2, 3]));
    const headers = message.headers ?? {};
    expect(headers['x-repeated']).toEqual([Buffer.from('1'), Buffer.from('2')]);
    expect(headers['x-once']).toEqual(Buffer.from('o'));
    expect(headers[DLQ_HEADERS.originalTopic]).toBe('orders');
    expect(headers[DLQ_HEADERS.originalPartition]).toBe('2');
    expect(headers[DLQ_HEADERS.originalOffset]).toBe('41');
    expect(headers[DLQ_HEADERS.originalKey]).toEqual(Buffer.from('k'));
    expect(headers[DLQ_HEADERS.originalTimestamp]).toBe('1700000000000');
    expect(headers[DLQ_HEADERS.consumerGroup]).toBe('billing');
    expect(headers[DLQ_HEADERS.reason]).toBe('handler-failed');
    expect(headers[DLQ_HEADERS.errorCode]).toBe('PAYLOAD_INVALID');
    expect(String(headers[DLQ_HEADERS.errorMessage])).toHaveLength(4_097);
    expect(headers[DLQ_HEADERS.failedAt]).toBe('2025-05-06T07:08:09.000Z');
    expect(headers[DLQ_HEADERS.retryCount]).toBe('3');
  });

  it('omits the key header for a null key and the code for errors without one', () => {
    const message = deadLetterMessage({
      topic: 't',
      partition: 0,
      message: { key: null, value: null, headers: {}, offset: '0', timestamp: '0' },
      groupId: 'g',
      reason: 'decode-failed',
      error: 'plain string',
      retryCount: 0,
      failedAt: new Date(0),
    });
    expect(message.key).toBeNull();
    expect(message.headers).not.toHaveProperty(DLQ_HEADERS.originalKey);
    expect(message.headers).not.toHaveProperty(DLQ_HEADERS.errorCode);
    expect(message.headers?.[DLQ_HEADERS.errorMessage]).toBe('plain string');
  });
});

describe('shutdown', () => {
  it('stops consumers before disconnecting producers and collects failures', async () => {
    const order: string[] = [];
    const errors = await shutdownAll([
      { disconnect: async () => void order.push('producer') },
      {
        stop: async () => {
          await sleep(20);
          order.push('consumer-a');
        },
      },
      {
        stop: async () => {
          order.push('consumer-b');
          throw new Error('b failed');
        },
      },
    ]);
    expect(order).toEqual(['consumer-b', 'consumer-a', 'producer']);
    expect(errors.map((error) => (error as Error).message)).toEqual(['b failed']);
  });

  it('runs the shutdown once on SIGTERM and can be uninstalled', async () => {
    let stops = 0;
    const listenersBefore = process.listenerCount('SIGTERM');
    const remove = shutdownOnSignals([{ stop: async () => void stops++ }], { exit: false, signals: ['SIGTERM'] });
    try {
      process.emit('SIGTERM', 'SIGTERM');
      process.emit('SIGTERM', 'SIGTERM');
      await sleep(10);
      expect(stops).toBe(1);
    } finally {
      remove();
    }
    expect(process.listenerCount('SIGTERM')).toBe(listenersBefore);
  });
});

describe('textHeadersOf', () => {
  it('reads header lists as text, the last value winning, a header named __proto__ included', () => {
    const headers = JSON.parse('{"__proto__":["p"]}') as Record<string, string[]>;
    const message = {
      key: null,
      value: null,
      offset: '0',
      timestamp: '0',
      headers: { ...Object.fromEntries(Object.entries(headers).map(([name, values]) => [name, values.map((value) => Buffer.from(value))])), id: [Buffer.from('a'), Buffer.from('b')], note: [Buffer.from('Zürich — Genève, a longer text')], empty: [] },
    };
    const text = textHeadersOf(message);
    expect(text).toEqual({ id: 'b', note: 'Zürich — Genève, a longer text', ['__proto__']: 'p' });
    expect(Object.keys(text)).toEqual(['__proto__', 'id', 'note']);
    expect(Object.getPrototypeOf(text)).toBe(Object.prototype);
  });
});

describe('kafkajsAdapter', () => {
  /** A stand-in for a kafkajs client: records what the adapter hands it and lets the test run a batch. */
  function fakeKafkajs() {
    const sent: unknown[] = [];
    let eachBatch: ((payload: unknown) => Promise<void>) | undefined;
    let staleChecks = 0;
    const seeks: unknown[] = [];
    const consumer = {
      events: { GROUP_JOIN: 'join', CRASH: 'crash' },
      on: () => () => {},
      connect: async () => {},
      subscribe: async () => {},
      run: async (options: { eachBatch: (payload: unknown) => Promise<void> }) => {
        eachBatch = options.eachBatch;
      },
      seek: (position: unknown) => seeks.push(position),
    };
    const producer = {
      connect: async () => {},
      sendBatch: async (request: { topicMessages: Array<{ topic: string; messages: unknown[] }> }) => {
        sent.push(...request.topicMessages.flatMap((entry) => entry.messages));
        return [{ topicName: request.topicMessages[0]?.topic, partition: 0, baseOffset: '7' }];
      },
    };
    const kafka = { consumer: () => consumer, producer: () => producer, admin: () => ({}) } as unknown as Kafka;
    const runBatch = () =>
      eachBatch!({
        batch: {
          topic: 't',
          partition: 0,
          highWatermark: '2',
          messages: [{ key: null, value: Buffer.from('v'), offset: '1', timestamp: '0', headers: { a: Buffer.from('x'), b: [Buffer.from('y'), Buffer.from('z')] } }],
        },
        resolveOffset: () => {},
        heartbeat: async () => {},
        commitOffsetsIfNecessary: async () => {},
        isRunning: () => true,
        isStale: () => {
          staleChecks++;
          return true;
        },
      });
    return { kafka, sent, seeks, runBatch, staleChecks: () => staleChecks };
  }

  it('hands outgoing messages to kafkajs as they are, and reports where they landed', async () => {
    const fake = fakeKafkajs();
    const producer = kafkajsAdapter(fake.kafka).producer({ idempotent: true });
    await producer.connect();
    const message: OutgoingMessage = { key: Buffer.from('k'), value: Buffer.from('v'), headers: { h: 'x' } };
    expect(await producer.send({ topic: 't', messages: [message] }, { acks: -1, compression: 'none' })).toEqual([{ topic: 't', partition: 0, baseOffset: '7' }]);
    expect(fake.sent[0]).toBe(message);
  });

  it('gives consumed headers as lists, and asks kafkajs whether a batch is stale only once it has seeked', async () => {
    const fake = fakeKafkajs();
    const consumer = kafkajsAdapter(fake.kafka).consumer({ groupId: 'g' });
    const seen: Array<{ stale: boolean; headers: Record<string, Buffer[]>; text: Record<string, string> }> = [];
    await consumer.run({
      eachBatch: async (batch) => {
        const message = batch.messages[0]!;
        seen.push({ stale: batch.isStale(), text: textHeadersOf(message), headers: message.headers });
      },
    });
    await fake.runBatch();
    // Only a seek makes kafkajs's partition stale, and nothing has seeked: kafkajs is not asked.
    expect(seen[0]?.stale).toBe(false);
    expect(fake.staleChecks()).toBe(0);
    expect(Object.fromEntries(Object.entries(seen[0]!.headers).map(([name, values]) => [name, values.map(String)]))).toEqual({ a: ['x'], b: ['y', 'z'] });
    // As text, read straight from kafkajs's headers: the last value of a repeated header.
    expect(seen[0]!.text).toEqual({ a: 'x', b: 'z' });
    consumer.seek({ topic: 't', partition: 0, offset: '0' });
    await fake.runBatch();
    expect(seen[1]?.stale).toBe(true);
    expect(fake.staleChecks()).toBe(1);
    expect(fake.seeks).toEqual([{ topic: 't', partition: 0, offset: '0' }]);
  });
});
