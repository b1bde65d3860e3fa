/**
 * The typed producer and consumer over the in-memory Kafka adapter (test/kafka/fake-adapter.ts) and the
 * embedded registry: what is sent is framed by the codec, what is handled is decoded, and a message the
 * codec cannot read yet is fetched for, dead-lettered or retried as its error says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import type { IncomingMessage, OutgoingMessage } from '../../src/kafka/adapter.js';
import { DLQ_HEADERS } from '../../src/kafka/dead-letter.js';
import { createConsumer, createProducer } from '../../src/kafka/typed.js';
import type { MessageContext } from '../../src/kafka/consumer.js';
import { startRegistry } from '../../src/registry/server/http.js';
import { frame, readFrame } from '../../src/serde/wire.js';
import { FakeKafka } from '../kafka/fake-adapter.js';
import { atVersion, payment, profileUpdated, startExampleRegistry, topics, type RegisteredRegistry } from './helpers.js';

let registry: RegisteredRegistry;

beforeAll(async () => {
  registry = await startExampleRegistry();
});
afterAll(async () => {
  await registry?.close();
});

function incoming(message: OutgoingMessage, offset: number): IncomingMessage {
  const headers: Record<string, Buffer[]> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    headers[name] = (Array.isArray(value) ? value : [value]).map((item) => (typeof item === 'string' ? Buffer.from(item) : item));
  }
  return { key: message.key, value: message.value, headers, offset: String(offset), timestamp: '1700000000000' };
}

async function rejected(run: () => Promise<unknown>): Promise<KontractError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof KontractError) return error;
    throw error;
  }
  throw new Error('expected a KontractError');
}

describe('typed producer', () => {
  it('frames keys and values with the registry ids of the topic subjects', async () => {
    const fake = new FakeKafka();
    const producer = createProducer({ adapter: fake, registry: registry.client, topics, compression: 'none' });
    await producer.send('orders.payment.completed', { key: 'order-17', value: payment.v2.input });
    const sent = fake.sent[0]!;
    expect(sent.topic).toBe('orders.payment.completed');
    const message = sent.messages[0]!;
    const valueId = (await registry.client.getLatest('orders.payment.completed-value')).id;
    const keyId = (await registry.client.getLatest('orders.payment.completed-key')).id;
    expect(readFrame(message.value!, { messageIndexes: false }).schemaId).toBe(valueId);
    expect(readFrame(message.key!, { messageIndexes: false }).schemaId).toBe(keyId);
    expect(producer.codec.decodeValue('orders.payment.completed', message.value!)).toMatchObject({ ...payment.v2.read, metadata: { correlation_id: 'corr-1' } });
    expect(message.headers).toMatchObject({ 'event-id': payment.v2.input.event_id, 'event-type': 'orders.payment.completed' });
  });

  it('refuses a missing key where the topic requires one (KEY_REQUIRED)', async () => {
    const producer = createProducer({ adapter: new FakeKafka(), registry: registry.client, topics });
    // @ts-expect-error -- orders.payment.completed requires a key; the compiler says so too.
    const error = await rejected(() => producer.send('orders.payment.completed', { value: payment.v2.input }));
    expect(error.code).toBe('KEY_REQUIRED');
  });

  it('refuses a message larger than maxMessageBytes (MESSAGE_TOO_LARGE) before it reaches Kafka', async () => {
    const fake = new FakeKafka();
    const producer = createProducer({ adapter: fake, registry: registry.client, topics, maxMessageBytes: 300 });
    const big = { ...profileUpdated.v2.input, data: { ...profileUpdated.v2.input.data, display_name: 'x'.repeat(400) } };
    const error = await rejected(() => producer.send('users.profile.updated', { value: big }));
    expect(error.code).toBe('MESSAGE_TOO_LARGE');
    expect(error.context).toMatchObject({ topic: 'users.profile.updated', limit: 300 });
    expect(fake.sent).toEqual([]);
  });

  it('refuses a value that does not fit (PAYLOAD_INVALID) and sends nothing of the batch', async () => {
    const fake = new FakeKafka();
    const producer = createProducer({ adapter: fake, registry: registry.client, topics });
    const error = await rejected(() =>
      producer.sendBatch([
        { topic: 'users.profile.updated', value: profileUpdated.v2.input },
        // @ts-expect-error -- the amount of a payment is decimal text, not a number.
        { topic: 'orders.payment.completed', key: 'o', value: { ...payment.v2.input, data: { ...payment.v2.input.data, amount: 12 } } },
      ]),
    );
    expect(error).toMatchObject({ code: 'PAYLOAD_INVALID', location: { path: '#/data/amount' } });
    expect(fake.sent).toEqual([]);
  });

  it('with `writes`, resolves those ids on connect and refuses other topics', async () => {
    const producer = createProducer({ adapter: new FakeKafka(), registry: registry.client, topics, writes: ['users.profile.updated'] });
    await producer.connect();
    expect(producer.codec.schemaIdOf('users.profile.updated')).toBe((await registry.client.getLatest('users.profile.updated-value')).id);
    const error = await rejected(() => producer.send('orders.payment.completed', { key: 'k', value: payment.v2.input }));
    expect(error.code).toBe('USAGE');
  });
});

describe('typed consumer', () => {
  async function produced(topic: 'orders.payment.completed' | 'users.profile.updated', count: number): Promise<IncomingMessage[]> {
    const fake = new FakeKafka();
    const producer = createProducer({ adapter: fake, registry: registry.client, topics });
    for (let i = 0; i < count; i++) {
      if (topic === 'orders.payment.completed') await producer.send(topic, { key: `order-${i}`, value: payment.v2.input });
      else await producer.send(topic, { value: profileUpdated.v2.input });
    }
    return fake.sent.flatMap((batch) => batch.messages).map(incoming);
  }

  it('hands the handler the decoded value and key of the latest schema, fetching the writer schema once', async () => {
    const fake = new FakeKafka();
    const consumer = createConsumer({ adapter: fake, registry: registry.client, topics, groupId: 'g', commit: 'message' });
    const handled: Array<{ amount: string; key: string | null }> = [];
    consumer.on('orders.payment.completed', (event, context: MessageContext<string>) => {
      handled.push({ amount: event.data.amount, key: context.key });
    });
    await consumer.start();
    fake.assign({ 'orders.payment.completed': [0] });
    await fake.deliver('orders.payment.completed', 0, await produced('orders.payment.completed', 2));
    expect(handled).toEqual([
      { amount: '-0.05', key: 'order-0' },
      { amount: '-0.05', key: 'order-1' },
    ]);
    expect(fake.commits.map((commit) => commit.offset)).toEqual(['1', '2']);
    await consumer.stop();
  });

  it('reads data written with an older version as the latest type', async () => {
    const fake = new FakeKafka();
    const oldProducer = createProducer({ adapter: fake, registry: registry.client, topics: { 'users.profile.updated': atVersion(topics['users.profile.updated'], 1) } });
    await oldProducer.send('users.profile.updated', { value: profileUpdated.v1.input });
    const consumer = createConsumer({ adapter: fake, registry: registry.client, topics, groupId: 'g' });
    const handled: unknown[] = [];
    consumer.on('users.profile.updated', (event) => {
      handled.push(event.data);
    });
    await consumer.start();
    fake.assign({ 'users.profile.updated': [0] });
    await fake.deliver('users.profile.updated', 0, fake.sent.flatMap((batch) => batch.messages).map(incoming));
    expect(handled).toEqual([{ ...profileUpdated.v1.read.data, changed_fields: [], visibility: 'VISIBILITY_UNSPECIFIED', attributes: {}, avatar: { case: undefined } }]);
  });

  it('dead-letters a message whose schema id the registry does not know', async () => {
    const fake = new FakeKafka();
    const consumer = createConsumer({ adapter: fake, registry: registry.client, topics, groupId: 'g' });
    consumer.on('users.profile.updated', () => {
      throw new Error('the handler must not be called');
    });
    await consumer.start();
    fake.assign({ 'users.profile.updated': [0] });
    const unknown: IncomingMessage = { key: null, value: frame(777_777, Buffer.from([0, 1])), headers: {}, offset: '0', timestamp: '0' };
    await fake.deliver('users.profile.updated', 0, [unknown]);
    const dead = fake.sent.find((batch) => batch.topic === 'users.profile.updated.dlq')!.messages[0]!;
    expect(dead.headers).toMatchObject({ [DLQ_HEADERS.reason]: 'decode-failed', [DLQ_HEADERS.errorCode]: 'UNKNOWN_SCHEMA_ID' });
    expect(fake.commits.map((commit) => commit.offset)).toEqual(['1']);
  });

  it('backs off without committing or dead-lettering while the registry is unreachable', async () => {
    const messages = await produced('users.profile.updated', 1);
    const down = await startRegistry({ port: 0, memory: true });
    const url = down.url;
    await down.close();
    const fake = new FakeKafka();
    const errors: unknown[] = [];
    const consumer = createConsumer({
      adapter: fake,
      registry: { url },
      topics,
      groupId: 'g',
      retry: { initialBackoffMs: 5, maxBackoffMs: 20 },
      hooks: { onError: (error) => errors.push(error) },
    });
    consumer.on('users.profile.updated', () => {});
    await consumer.start();
    fake.assign({ 'users.profile.updated': [0] });
    await fake.deliver('users.profile.updated', 0, messages);
    expect(fake.commits).toEqual([]);
    expect(fake.sent).toEqual([]);
    expect(errors[0]).toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retriable: true });
    await consumer.stop();
  });
});
