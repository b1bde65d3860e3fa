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
  it('commits each message after its handler, as offset + 1', async () => {
    const { fake, consumer } = setup();
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
