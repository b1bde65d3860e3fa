/**
 * End to end on a real broker: the typed producer and consumer with the schema-aware codec and the embedded
 * registry. Every example subject goes through Kafka and back in its format; a consumer generated from v1
 * reads what a v2 producer writes; and a producer whose ids are cached keeps producing after the registry stopped.
 *
 * Topics get unique names per run (the broker may be shared), so their value subjects (`<topic>-value`) are
 * registered by the producer's codec (`autoRegister`), next to the example repository registered up front.
 */
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import { createConsumer, createProducer } from '../../src/kafka/typed.js';
import type { TopicDescriptor, TopicMap } from '../../src/runtime/index.js';
import { fastConsumer, createTopics, readRaw, testKafka, uniqueName, waitFor } from '../kafka/helpers.js';
import { atVersion, payment, profileUpdated, roundTripCases, startExampleRegistry, stockDepleted, topics, type RegisteredRegistry, type Sample } from '../serde/helpers.js';

let registry: RegisteredRegistry;
let kafka: Kafka;

beforeAll(async () => {
  registry = await startExampleRegistry();
  kafka = testKafka('kontract-e2e-serde');
});
afterAll(async () => {
  await registry?.close();
});

/** Envelope metadata fully set, so the producer's id propagation leaves the value as it is. */
const fullMetadata = { correlation_id: 'corr-e2e', causation_id: 'evt-e2e', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' };

function withFullMetadata(sample: Sample<unknown, unknown>): Sample<unknown, unknown> {
  const input = sample.input as Record<string, unknown>;
  if (!('event_id' in input)) return sample;
  return { input: { ...input, metadata: fullMetadata }, read: { ...(sample.read as Record<string, unknown>), metadata: fullMetadata } };
}

/** The descriptor on a topic of its own. */
function onTopic(descriptor: TopicDescriptor<unknown, unknown, unknown, unknown>, topic: string): TopicDescriptor<unknown, unknown, unknown, unknown> {
  return { ...descriptor, topic };
}

/** Consumes every topic of `map` from the beginning until `count` values arrived; returns them by topic. */
async function consumeAll(map: TopicMap, count: number, options: { keys?: boolean } = {}): Promise<Map<string, Array<{ value: unknown; key: unknown }>>> {
  const received = new Map<string, Array<{ value: unknown; key: unknown }>>();
  let total = 0;
  const consumer = createConsumer({ kafka, registry: registry.client, topics: map, groupId: uniqueName('e2e-serde'), fromBeginning: true, ...fastConsumer });
  for (const topic of Object.keys(map)) {
    consumer.on(topic, (value, context) => {
      const list = received.get(topic) ?? [];
      list.push({ value, key: options.keys ? context.key : undefined });
      received.set(topic, list);
      total++;
    });
  }
  await consumer.start();
  try {
    await waitFor(`${count} message(s)`, () => total >= count, 30_000);
  } finally {
    await consumer.stop();
  }
  return received;
}

describe('on a real broker', () => {
  it('round trips every example subject in all three formats', async () => {
    const cases = roundTripCases().map((testCase) => ({ ...testCase, sample: withFullMetadata(testCase.sample), topic: uniqueName(testCase.descriptor.topic) }));
    const map: TopicMap = Object.fromEntries(cases.map((testCase) => [testCase.topic, onTopic(testCase.descriptor, testCase.topic)]));
    await createTopics(kafka, Object.keys(map));
    const producer = createProducer({ kafka, registry: registry.client, topics: map, serde: { autoRegister: true } });
    await producer.connect();
    try {
      for (const testCase of cases) {
        const key = testCase.descriptor.requireKey ? 'order-17' : null;
        await producer.send(testCase.topic, { key, value: testCase.sample.input });
      }
    } finally {
      await producer.disconnect();
    }
    const received = await consumeAll(map, cases.length, { keys: true });
    for (const testCase of cases) {
      expect(received.get(testCase.topic), testCase.name).toEqual([{ value: testCase.sample.read, key: testCase.descriptor.requireKey ? 'order-17' : null }]);
    }
  });

  it('a consumer generated from v1 reads what a v2 producer writes, in every format', async () => {
    const writes = [
      { name: 'orders.payment.completed', v2: payment.v2.input, key: 'order-17', v1Read: { ...payment.v2.read, metadata: fullMetadata, data: { order_id: 'order-17', payment_id: 'pay-9', amount: '-0.05', currency: 'EUR' } } },
      { name: 'users.profile.updated', v2: profileUpdated.v2.input, key: null, v1Read: { ...profileUpdated.v2.read, metadata: fullMetadata, data: { user_id: 'user-3', display_name: 'Ada' } } },
      {
        name: 'inventory.stock.depleted',
        v2: { ...stockDepleted.v2.input, data: { sku: 'SKU-1', warehouse_id: 'wh-7' } },
        key: null,
        v1Read: { ...stockDepleted.v2.read, metadata: fullMetadata, data: { sku: 'SKU-1', warehouse_id: 'wh-7' } },
      },
    ] as const;
    const names = new Map(writes.map((write) => [write.name, uniqueName(write.name)]));
    const latest: TopicMap = Object.fromEntries(writes.map((write) => [names.get(write.name)!, onTopic(topics[write.name], names.get(write.name)!)]));
    const v1: TopicMap = Object.fromEntries(writes.map((write) => [names.get(write.name)!, onTopic(atVersion(topics[write.name], 1), names.get(write.name)!)]));
    await createTopics(kafka, [...names.values()]);
    // The v1 consumer's subjects know v1 first, as they would have in production.
    for (const [name, descriptor] of Object.entries(v1)) {
      await registry.client.register(`${name}-value`, { schema: descriptor.value.schema, schemaType: descriptor.value.schemaType, references: [...descriptor.value.references] });
    }
    const producer = createProducer({ kafka, registry: registry.client, topics: latest, serde: { autoRegister: true } });
    try {
      for (const write of writes) await producer.send(names.get(write.name)!, { key: write.key, value: { ...write.v2, metadata: fullMetadata } });
    } finally {
      await producer.disconnect();
    }
    const received = await consumeAll(v1, writes.length);
    for (const write of writes) expect(received.get(names.get(write.name)!)?.map((entry) => entry.value), write.name).toEqual([write.v1Read]);
  });

  it('keeps producing after the registry stopped, once the ids are cached', async () => {
    const own = await startExampleRegistry();
    const topic = uniqueName('orders.payment.completed');
    const other = uniqueName('users.profile.updated');
    const map: TopicMap = { [topic]: onTopic(topics['orders.payment.completed'], topic), [other]: onTopic(topics['users.profile.updated'], other) };
    await createTopics(kafka, [topic, other]);
    const producer = createProducer({ kafka, registry: own.client, topics: map, serde: { autoRegister: true } });
    const send = (i: number) => producer.send(topic, { key: `order-${i}`, value: { ...payment.v2.input, data: { ...payment.v2.input.data, order_id: `order-${i}` } } });
    try {
      // The first send resolves (here: registers) the schema id; then the registry goes away.
      await send(0);
      await own.close();
      for (let i = 1; i < 20; i++) await send(i);
      // A topic whose id was never resolved cannot be written without the registry.
      const error = await producer.send(other, { value: profileUpdated.v2.input }).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(KontractError);
      expect(error).toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retriable: true });
    } finally {
      await producer.disconnect();
    }
    const raw = await readRaw(kafka, topic, 20);
    // The producer's codec reads its own messages without the registry too.
    const orderIds = raw.map(({ message }) => (producer.codec.decodeValue(topic, message.value!) as { data: { order_id: string } }).data.order_id);
    expect(orderIds.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `order-${i}`).sort());
  });
});
