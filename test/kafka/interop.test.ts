/**
 * Interoperability with the two published JavaScript serializers through a real broker (test/serde/interop.test.ts
 * checks the bytes without one): what kontract's typed producer writes, a plain kafkajs consumer reads and
 * @kafkajs/confluent-schema-registry (3.9.0) or @confluentinc/schemaregistry (1.10.1) decodes; what those encode
 * and a plain kafkajs producer writes, kontract's typed consumer handles — Avro (keys too), JSON Schema and
 * Protobuf (without message indexes for kafkajs's library, with them for Confluent's, a nested message included).
 *
 * The example repository is registered in an embedded registry; each test writes a topic of its own, whose
 * `<topic>-value` (and `-key`) subject holds the example schema, so runs against a long-lived broker never meet
 * earlier messages. The other serializers use the underlying Avro values (epoch milliseconds, decimal bytes) and
 * their own Protobuf object shapes (camelCase names, enum numbers, Timestamp messages); the expectations say so.
 */
import { create } from '@bufbuild/protobuf';
import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import {
  AvroDeserializer,
  AvroSerializer,
  JsonDeserializer,
  JsonSerializer,
  ProtobufDeserializer,
  ProtobufSerializer,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumer, createProducer, type SerdeOptions } from '../../src/kafka/typed.js';
import type { SchemaVersionInfo, TopicDescriptor } from '../../src/runtime/index.js';
import { readFrame } from '../../src/serde/wire.js';
import { payment, profileUpdated, shipment, startExampleRegistry, stockDepleted, topics, type RegisteredRegistry } from '../serde/helpers.js';
import { createTopics, fastConsumer, readRaw, testKafka, uniqueName, waitFor } from './helpers.js';
import { confluentProfile, kafkajsSchemaRegistry, nestedData, nestedProfile, paymentUnderlying, profileAsConfluentReads, profileDescriptors } from '../serde/interop-fixtures.js';

const kafka = testKafka('interop-test');
let registry: RegisteredRegistry;
let kafkajsRegistry: SchemaRegistry;
let confluent: SchemaRegistryClient;

beforeAll(async () => {
  registry = await startExampleRegistry();
  confluent = new SchemaRegistryClient({ baseURLs: [registry.registry.url], maxRetries: 0 });
  kafkajsRegistry = kafkajsSchemaRegistry(registry.registry.url);
});
afterAll(async () => {
  await confluent?.close();
  await registry?.close();
});

/** Registers `info`'s schema (with its references) under `subject`; the same schema keeps its id. */
async function registerAs(subject: string, info: SchemaVersionInfo): Promise<number> {
  return (await registry.client.register(subject, { schema: info.schema, schemaType: info.schemaType, references: [...info.references] })).id;
}

/**
 * `descriptor` moved to a new topic of its own (created on the broker), with its value (and key) schema
 * registered under the new topic's subjects.
 */
async function freshTopic<D extends TopicDescriptor<unknown, unknown, unknown, unknown>>(descriptor: D): Promise<{ topic: string; map: Record<string, D>; valueId: number; keyId: number | undefined }> {
  const topic = uniqueName(`interop-${descriptor.topic}`);
  const valueId = await registerAs(`${topic}-value`, descriptor.value);
  const keyId = descriptor.key ? await registerAs(`${topic}-key`, descriptor.key) : undefined;
  await createTopics(kafka, [topic]);
  return { topic, map: { [topic]: { ...descriptor, topic } }, valueId, keyId };
}

/** Writes raw messages with a plain kafkajs producer. */
async function produceRaw(topic: string, messages: Message[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages });
  } finally {
    await producer.disconnect();
  }
}

/** Reads `count` messages of the only topic of `map` with kontract's typed consumer: the values and keys handled. */
async function consumeTyped<D extends TopicDescriptor<unknown, unknown, unknown, unknown>>(
  map: Record<string, D>,
  count: number,
  serde?: SerdeOptions,
): Promise<Array<{ value: unknown; key: unknown }>> {
  const [topic] = Object.keys(map);
  const received: Array<{ value: unknown; key: unknown }> = [];
  const deadLetters: unknown[] = [];
  const consumer = createConsumer({
    kafka,
    registry: registry.registry.url,
    topics: map,
    groupId: uniqueName('interop-reader'),
    fromBeginning: true,
    ...fastConsumer,
    ...(serde ? { serde } : {}),
    hooks: { onDeadLetter: (info) => deadLetters.push(info.error) },
  });
  consumer.on(topic!, (value, context) => {
    received.push({ value, key: context.key });
  });
  await consumer.start();
  try {
    await waitFor(`${count} message(s) handled on ${topic}`, () => {
      // A message kontract cannot decode goes to the dead-letter topic: fail with its error instead of timing out.
      if (deadLetters.length > 0) throw deadLetters[0] instanceof Error ? deadLetters[0] : new Error(String(deadLetters[0]));
      return received.length >= count;
    });
  } finally {
    await consumer.stop();
  }
  return received;
}

/** Topics of kafkajs's Protobuf serializer carry no message-index list. */
const withoutIndexes: SerdeOptions = { protobufMessageIndexes: 'absent' };


describe('kontract typed producer → Kafka → plain kafkajs consumer and a published decoder', () => {
  it('@kafkajs/confluent-schema-registry decodes Avro keys and values, and JSON Schema values', async () => {
    const orders = await freshTopic(topics['orders.payment.completed']);
    const producer = createProducer({ kafka, registry: registry.registry.url, topics: orders.map });
    const stock = await freshTopic(topics['inventory.stock.depleted']);
    const stockProducer = createProducer({ kafka, registry: registry.registry.url, topics: stock.map });
    try {
      await producer.send(orders.topic, { key: 'order-17', value: payment.v2.input });
      await stockProducer.send(stock.topic, { key: 'SKU-1', value: stockDepleted.v2.input });
    } finally {
      await Promise.all([producer.disconnect(), stockProducer.disconnect()]);
    }

    const [order] = await readRaw(kafka, orders.topic, 1);
    expect(await kafkajsRegistry.decode(order!.message.value!)).toEqual(paymentUnderlying);
    expect(await kafkajsRegistry.decode(order!.message.key!)).toBe('order-17');
    const [depleted] = await readRaw(kafka, stock.topic, 1);
    expect(await kafkajsRegistry.decode(depleted!.message.value!)).toEqual(stockDepleted.v2.read);
    // Keys of a topic without a key schema are plain UTF-8.
    expect(depleted!.message.key?.toString()).toBe('SKU-1');
  });

  it("@kafkajs/confluent-schema-registry decodes Protobuf written with serde.protobufMessageIndexes 'absent'", async () => {
    const shipments = await freshTopic(shipment.descriptor);
    const producer = createProducer({ kafka, registry: registry.registry.url, topics: shipments.map, serde: withoutIndexes });
    try {
      await producer.send(shipments.topic, { value: shipment.value });
    } finally {
      await producer.disconnect();
    }
    const [raw] = await readRaw(kafka, shipments.topic, 1);
    expect(readFrame(raw!.message.value!, { messageIndexes: false }).schemaId).toBe(shipments.valueId);
    const decoded = (await kafkajsRegistry.decode(raw!.message.value!)) as Record<string, unknown>;
    expect(decoded).toMatchObject({ id: 's-1', status: 1, parcels: [{ label: 'a' }, { label: 'b' }] });
    expect(String(decoded['weightGrams'])).toBe('1200');
  });

  it('@confluentinc/schemaregistry deserializes Avro keys and values, and JSON Schema values', async () => {
    const orders = await freshTopic(topics['orders.payment.completed']);
    const stock = await freshTopic(topics['inventory.stock.depleted']);
    const producer = createProducer({ kafka, registry: registry.registry.url, topics: { ...orders.map, ...stock.map } });
    try {
      await producer.sendBatch([
        { topic: orders.topic, key: 'order-17', value: payment.v2.input },
        { topic: stock.topic, value: stockDepleted.v2.input },
      ]);
    } finally {
      await producer.disconnect();
    }

    const [order] = await readRaw(kafka, orders.topic, 1);
    expect(await new AvroDeserializer(confluent, SerdeType.VALUE, {}).deserialize(orders.topic, order!.message.value!)).toEqual(paymentUnderlying);
    expect(await new AvroDeserializer(confluent, SerdeType.KEY, {}).deserialize(orders.topic, order!.message.key!)).toBe('order-17');
    const [depleted] = await readRaw(kafka, stock.topic, 1);
    expect(await new JsonDeserializer(confluent, SerdeType.VALUE, {}).deserialize(stock.topic, depleted!.message.value!)).toEqual(stockDepleted.v2.read);
  });

  it('@confluentinc/schemaregistry deserializes Protobuf with message indexes: the first message ([0]) and a nested one ([0, 0])', async () => {
    const profiles = await freshTopic(topics['users.profile.updated']);
    const producer = createProducer({ kafka, registry: registry.registry.url, topics: profiles.map });
    // The same topic written as its nested Data message, as a producer generated for that message would.
    const nestedProducer = createProducer({ kafka, registry: registry.registry.url, topics: { [profiles.topic]: { ...nestedProfile, topic: profiles.topic } } });
    try {
      await producer.send(profiles.topic, { value: profileUpdated.v2.input });
      await nestedProducer.send(profiles.topic, { value: nestedData.input });
    } finally {
      await Promise.all([producer.disconnect(), nestedProducer.disconnect()]);
    }

    const [first, nested] = await readRaw(kafka, profiles.topic, 2);
    const deserializer = new ProtobufDeserializer(confluent, SerdeType.VALUE, {});
    expect(readFrame(first!.message.value!, { messageIndexes: true }).messageIndexes).toEqual([0]);
    const read = (await deserializer.deserialize(profiles.topic, first!.message.value!)) as Record<string, unknown> & { timestamp: Timestamp };
    expect(read).toMatchObject(profileAsConfluentReads);
    expect(timestampDate(read.timestamp)).toEqual(profileUpdated.v2.input.timestamp);

    expect(readFrame(nested!.message.value!, { messageIndexes: true }).messageIndexes).toEqual([0, 0]);
    expect(await deserializer.deserialize(profiles.topic, nested!.message.value!)).toMatchObject(nestedData.asConfluentReads);
  });
});

describe('a published encoder → plain kafkajs producer → Kafka → kontract typed consumer', () => {
  it('@kafkajs/confluent-schema-registry: Avro keys and values, and JSON Schema values', async () => {
    const orders = await freshTopic(topics['orders.payment.completed']);
    await produceRaw(orders.topic, [
      { key: await kafkajsRegistry.encode(orders.keyId!, 'order-17'), value: await kafkajsRegistry.encode(orders.valueId, paymentUnderlying) },
    ]);
    expect(await consumeTyped(orders.map, 1)).toEqual([{ key: 'order-17', value: payment.v2.read }]);

    const stock = await freshTopic(topics['inventory.stock.depleted']);
    await produceRaw(stock.topic, [{ key: 'SKU-1', value: await kafkajsRegistry.encode(stock.valueId, stockDepleted.v1.input) }]);
    expect(await consumeTyped(stock.map, 1)).toEqual([{ key: 'SKU-1', value: stockDepleted.v1.read }]);
  });

  it("@kafkajs/confluent-schema-registry: Protobuf without message indexes, read with serde.protobufMessageIndexes 'absent'", async () => {
    const shipments = await freshTopic(shipment.descriptor);
    const bytes = await kafkajsRegistry.encode(shipments.valueId, shipment.kafkajsValue);
    await produceRaw(shipments.topic, [{ value: bytes }]);
    expect(await consumeTyped(shipments.map, 1, withoutIndexes)).toEqual([{ key: null, value: shipment.value }]);
  });

  it('@confluentinc/schemaregistry: Avro keys and values, and JSON Schema values', async () => {
    const orders = await freshTopic(topics['orders.payment.completed']);
    const key = await new AvroSerializer(confluent, SerdeType.KEY, { useLatestVersion: true }).serialize(orders.topic, 'order-17');
    const value = await new AvroSerializer(confluent, SerdeType.VALUE, { useLatestVersion: true }).serialize(orders.topic, paymentUnderlying);
    await produceRaw(orders.topic, [{ key, value }]);
    expect(await consumeTyped(orders.map, 1)).toEqual([{ key: 'order-17', value: payment.v2.read }]);

    const stock = await freshTopic(topics['inventory.stock.depleted']);
    const stockValue = await new JsonSerializer(confluent, SerdeType.VALUE, { useLatestVersion: true }).serialize(stock.topic, stockDepleted.v1.input);
    await produceRaw(stock.topic, [{ key: null, value: stockValue }]);
    expect(await consumeTyped(stock.map, 1)).toEqual([{ key: null, value: stockDepleted.v1.read }]);
  });

  it('@confluentinc/schemaregistry: Protobuf with message indexes, the first message and a nested one', async () => {
    const profiles = await freshTopic(topics['users.profile.updated']);
    const { profile, data } = profileDescriptors();
    const serializer = new ProtobufSerializer(confluent, SerdeType.VALUE, { useLatestVersion: true });
    serializer.registry.add(profile);
    const first = await serializer.serialize(profiles.topic, create(profile, confluentProfile.init));
    const nestedSerializer = new ProtobufSerializer(confluent, SerdeType.VALUE, { useLatestVersion: true });
    nestedSerializer.registry.add(data);
    const nested = await nestedSerializer.serialize(profiles.topic, create(data, confluentProfile.nestedInit));
    expect(readFrame(first, { messageIndexes: true }).messageIndexes).toEqual([0]);
    expect(readFrame(nested, { messageIndexes: true }).messageIndexes).toEqual([0, 0]);
    await produceRaw(profiles.topic, [{ key: 'u-1', value: first }, { key: 'u-2', value: nested }]);

    // One consumer of the topic reads both: the message indexes say which message each value is.
    expect(await consumeTyped(profiles.map, 2)).toEqual([
      { key: 'u-1', value: confluentProfile.read },
      { key: 'u-2', value: confluentProfile.nestedRead },
    ]);
  });
});
