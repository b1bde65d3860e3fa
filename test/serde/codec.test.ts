import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import type { SchemaVersionInfo, TopicDescriptor } from '../../src/runtime/index.js';
import { createTopicCodec } from '../../src/serde/codec.js';
import { serdeRegistryFromClient, type SerdeRegistry } from '../../src/serde/registry.js';
import { frame, readFrame } from '../../src/serde/wire.js';
import {
  atVersion,
  payment,
  profileUpdated,
  roundTripCases,
  startExampleRegistry,
  stockDepleted,
  topics,
  type RegisteredRegistry,
} from './helpers.js';

let registry: RegisteredRegistry;

beforeAll(async () => {
  registry = await startExampleRegistry();
});
afterAll(async () => {
  await registry?.close();
});

/** A registry access that counts the requests it forwards. */
function countingRegistry(inner: SerdeRegistry): SerdeRegistry & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    getSchemaById: (id) => (calls.push(`id:${id}`), inner.getSchemaById(id)),
    lookup: (subject, schema) => (calls.push(`lookup:${subject}`), inner.lookup(subject, schema)),
    register: (subject, schema) => (calls.push(`register:${subject}`), inner.register(subject, schema)),
    getVersion: (subject, version) => (calls.push(`version:${subject}@${version}`), inner.getVersion(subject, version)),
  };
}

function thrown(run: () => unknown): KontractError {
  try {
    run();
  } catch (error) {
    if (error instanceof KontractError) return error;
    throw error;
  }
  throw new Error('expected a KontractError');
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

describe('round trips of every example subject version through the embedded registry', () => {
  for (const testCase of roundTripCases()) {
    it(testCase.name, async () => {
      const codec = createTopicCodec({ registry: registry.client, topics: [testCase.descriptor], autoRegister: testCase.autoRegister });
      const { topic, value: info } = testCase.descriptor;
      await codec.prepare([topic]);
      const bytes = codec.encodeValue(topic, testCase.sample.input);
      // The frame names the id the registry gave this very subject version.
      const subject = codec.subjectOf(topic);
      const registered = await registry.client.lookup(subject, { schema: info.schema, schemaType: info.schemaType, references: [...info.references] });
      const parsedFrame = readFrame(bytes, { messageIndexes: info.schemaType === 'PROTOBUF' });
      expect(parsedFrame.schemaId).toBe(registered.id);
      if (info.schemaType === 'PROTOBUF') expect(parsedFrame.messageIndexes).toEqual([0]);
      expect(codec.decodeValue(topic, bytes)).toEqual(testCase.sample.read);
      // A second codec (a consumer) fetches the writer schema by id and reads the same value.
      const consumer = createTopicCodec({ registry: registry.client, topics: [testCase.descriptor], purpose: 'consume', validateOnConsume: true });
      expect(await consumer.decode(topic, bytes)).toEqual(testCase.sample.read);
    });
  }

  it('keys: an Avro key schema is framed and read back; topics without one use UTF-8 strings', async () => {
    const codec = createTopicCodec({ registry: registry.client, topics });
    await codec.prepare(['orders.payment.completed', 'users.profile.updated']);
    const key = codec.encodeKey('orders.payment.completed', 'order-17')!;
    expect(key[0]).toBe(0);
    expect(codec.subjectOf('orders.payment.completed', 'key')).toBe('orders.payment.completed-key');
    expect(await codec.decode('orders.payment.completed', key, 'key')).toBe('order-17');
    const plain = codec.encodeKey('users.profile.updated', 'user-3')!;
    expect(plain.toString('utf8')).toBe('user-3');
    expect(codec.decodeKey('users.profile.updated', plain)).toBe('user-3');
    expect(codec.encodeKey('users.profile.updated', null)).toBeNull();
    const wrongKey = thrown(() => codec.encodeKey('users.profile.updated', 42));
    expect(wrongKey.code).toBe('PAYLOAD_INVALID');
  });
});

describe('reading data written with another version', () => {
  const cases: Array<{ format: string; topic: keyof typeof topics; v1: unknown; v2: unknown; v1ReadsV2: unknown; v2ReadsV1: unknown }> = [
    {
      format: 'Avro',
      topic: 'orders.payment.completed',
      v1: payment.v1.input,
      v2: payment.v2.input,
      // v1 drops the fields it does not know; v2 fills in its defaults.
      v1ReadsV2: { ...payment.v2.read, data: { order_id: 'order-17', payment_id: 'pay-9', amount: '-0.05', currency: 'EUR' } },
      v2ReadsV1: { ...payment.v1.read, data: { ...payment.v1.read.data, method: 'UNKNOWN', captured_by: null } },
    },
    {
      format: 'Protobuf',
      topic: 'users.profile.updated',
      v1: profileUpdated.v1.input,
      v2: profileUpdated.v2.input,
      // Unknown fields are skipped; missing ones take proto3 defaults.
      v1ReadsV2: { ...profileUpdated.v2.read, data: { user_id: 'user-3', display_name: 'Ada' } },
      v2ReadsV1: {
        ...profileUpdated.v1.read,
        data: { ...profileUpdated.v1.read.data, changed_fields: [], visibility: 'VISIBILITY_UNSPECIFIED', attributes: {}, avatar: { case: undefined } },
      },
    },
    {
      format: 'JSON Schema',
      topic: 'inventory.stock.depleted',
      v1: stockDepleted.v1.input,
      v2: { ...stockDepleted.v2.input, data: { sku: 'SKU-1', warehouse_id: 'wh-7' } },
      v1ReadsV2: { ...stockDepleted.v2.read, data: { sku: 'SKU-1', warehouse_id: 'wh-7' } },
      v2ReadsV1: stockDepleted.v1.read,
    },
  ];
  for (const testCase of cases) {
    it(`${testCase.format}: a v1 reader reads v2 data and a v2 reader reads v1 data`, async () => {
      const v1 = atVersion(topics[testCase.topic], 1);
      const v2 = atVersion(topics[testCase.topic], 2);
      const writerV1 = createTopicCodec({ registry: registry.client, topics: [v1], purpose: 'produce' });
      const writerV2 = createTopicCodec({ registry: registry.client, topics: [v2], purpose: 'produce' });
      await writerV1.prepare([v1.topic]);
      await writerV2.prepare([v2.topic]);
      const readerV1 = createTopicCodec({ registry: registry.client, topics: [v1], purpose: 'consume', validateOnConsume: true });
      const readerV2 = createTopicCodec({ registry: registry.client, topics: [v2], purpose: 'consume', validateOnConsume: true });
      expect(await readerV1.decode(v1.topic, writerV2.encodeValue(v2.topic, testCase.v2))).toEqual(testCase.v1ReadsV2);
      expect(await readerV2.decode(v2.topic, writerV1.encodeValue(v1.topic, testCase.v1))).toEqual(testCase.v2ReadsV1);
    });
  }

  it('JSON Schema: a v1 reader validating on consume rejects v2 data that uses the new properties (closed content model)', async () => {
    const v1 = atVersion(topics['inventory.stock.depleted'], 1);
    const v2 = atVersion(topics['inventory.stock.depleted'], 2);
    const writer = createTopicCodec({ registry: registry.client, topics: [v2] });
    await writer.prepare([v2.topic]);
    const reader = createTopicCodec({ registry: registry.client, topics: [v1], purpose: 'consume', validateOnConsume: true });
    const error = await rejected(() => reader.decode(v1.topic, writer.encodeValue(v2.topic, stockDepleted.v2.input)));
    expect(error.code).toBe('PAYLOAD_INVALID');
    expect(error.location?.path).toBe('#/data/reorder_quantity');
    // Without validation the reader gets the JSON as written.
    const lenient = createTopicCodec({ registry: registry.client, topics: [v1], purpose: 'consume' });
    expect(await lenient.decode(v1.topic, writer.encodeValue(v2.topic, stockDepleted.v2.input))).toEqual(stockDepleted.v2.read);
  });

  it('fetches a writer schema once per id, and not at all for the ids it writes itself', async () => {
    const counting = countingRegistry(serdeRegistryFromClient(registry.client));
    const v2 = atVersion(topics['orders.payment.completed'], 2);
    const codec = createTopicCodec({ registry: counting, topics: [v2] });
    await codec.prepare([v2.topic]);
    expect(counting.calls).toEqual(['lookup:orders.payment.completed-value', 'lookup:orders.payment.completed-key']);
    const own = codec.encodeValue(v2.topic, payment.v2.input);
    expect(codec.ensureDecodable(v2.topic, own, 'value')).toBeUndefined();
    const writerV1 = createTopicCodec({ registry: registry.client, topics: [atVersion(topics['orders.payment.completed'], 1)] });
    await writerV1.prepare([v2.topic]);
    const old = writerV1.encodeValue(v2.topic, payment.v1.input);
    await Promise.all([codec.decode(v2.topic, old), codec.decode(v2.topic, old), codec.decode(v2.topic, old)]);
    const fetches = counting.calls.filter((call) => call.startsWith('id:'));
    expect(fetches).toEqual([`id:${writerV1.schemaIdOf(v2.topic)}`]);
    // The referenced metadata subject was fetched once too.
    expect(counting.calls.filter((call) => call.startsWith('version:'))).toEqual(['version:common.metadata-avro@1']);
  });
});

describe('typed errors', () => {
  it('UNKNOWN_MAGIC_BYTE for data that is not framed', async () => {
    const codec = createTopicCodec({ registry: registry.client, topics });
    const error = thrown(() => codec.decodeValue('orders.payment.completed', Buffer.from('{"order":1}')));
    expect(error.code).toBe('UNKNOWN_MAGIC_BYTE');
    expect(error.context).toMatchObject({ topic: 'orders.payment.completed', subject: 'orders.payment.completed-value', magicByte: 0x7b });
    expect(thrown(() => codec.decodeValue('orders.payment.completed', Buffer.from([0, 0]))).code).toBe('PAYLOAD_INVALID');
  });

  it('UNKNOWN_SCHEMA_ID for an id the registry does not have, remembered for a short while', async () => {
    const counting = countingRegistry(serdeRegistryFromClient(registry.client));
    const codec = createTopicCodec({ registry: counting, topics, negativeCacheMs: 150 });
    const message = frame(987_654, Buffer.from([2, 0x61]));
    const first = await rejected(() => codec.decode('orders.payment.completed', message));
    expect(first.code).toBe('UNKNOWN_SCHEMA_ID');
    expect(first.context).toMatchObject({ topic: 'orders.payment.completed', subject: 'orders.payment.completed-value', schemaId: 987_654 });
    expect((await rejected(() => codec.decode('orders.payment.completed', message))).code).toBe('UNKNOWN_SCHEMA_ID');
    expect(counting.calls.filter((call) => call === 'id:987654')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await rejected(() => codec.decode('orders.payment.completed', message));
    expect(counting.calls.filter((call) => call === 'id:987654')).toHaveLength(2);
  });

  it('UNKNOWN_SCHEMA_ID when the schema is not registered under the subject and autoRegister is off; the answer is remembered', async () => {
    const counting = countingRegistry(serdeRegistryFromClient(registry.client));
    const { key: _key, ...withoutKey } = atVersion(topics['orders.payment.completed'], 2);
    const descriptor: TopicDescriptor = { ...withoutKey, topic: 'orders.unregistered' };
    const codec = createTopicCodec({ registry: counting, topics: [descriptor] });
    const error = await rejected(() => codec.prepare(['orders.unregistered']));
    expect(error.code).toBe('UNKNOWN_SCHEMA_ID');
    expect(error.context).toMatchObject({ topic: 'orders.unregistered', subject: 'orders.unregistered-value' });
    expect(error.hint).toMatch(/autoRegister/);
    await rejected(() => codec.prepare(['orders.unregistered']));
    expect(counting.calls).toEqual(['lookup:orders.unregistered-value']);
    // Encoding without an id repeats the remembered answer.
    expect(thrown(() => codec.encodeValue('orders.unregistered', payment.v2.input)).code).toBe('UNKNOWN_SCHEMA_ID');
  });

  it('PAYLOAD_INVALID with the path, when writing, in every format', async () => {
    const codec = createTopicCodec({ registry: registry.client, topics });
    await codec.prepare(Object.keys(topics));
    const avro = thrown(() => codec.encodeValue('orders.payment.completed', { ...payment.v2.input, data: { ...payment.v2.input.data, amount: 12.5 } }));
    expect(avro).toMatchObject({ code: 'PAYLOAD_INVALID', location: { path: '#/data/amount' } });
    expect(avro.context).toMatchObject({ topic: 'orders.payment.completed', subject: 'orders.payment.completed-value', schemaId: codec.schemaIdOf('orders.payment.completed') });
    const misspelt = thrown(() => codec.encodeValue('orders.payment.completed', { ...payment.v2.input, data: { ...payment.v2.input.data, methd: 'CARD' } }));
    expect(misspelt).toMatchObject({ code: 'PAYLOAD_INVALID', location: { path: '#/data/methd' } });
    expect(misspelt.hint).toBe('Did you mean "method"?');
    const protobuf = thrown(() => codec.encodeValue('users.profile.updated', { ...profileUpdated.v2.input, data: { display_nme: 'Ada' } }));
    expect(protobuf).toMatchObject({ code: 'PAYLOAD_INVALID', location: { path: '#/data/display_nme' } });
    expect(protobuf.hint).toBe('Did you mean "display_name"?');
    const enumValue = thrown(() => codec.encodeValue('users.profile.updated', { ...profileUpdated.v2.input, data: { visibility: 'PUBLIC' } }));
    expect(enumValue).toMatchObject({ code: 'PAYLOAD_INVALID', location: { path: '#/data/visibility' } });
    const json = thrown(() => codec.encodeValue('inventory.stock.depleted', { ...stockDepleted.v2.input, data: { sku: 'SKU-1' } }));
    expect(json).toMatchObject({ code: 'PAYLOAD_INVALID', location: { path: '#/data/warehouse_id' } });
    const format = thrown(() => codec.encodeValue('inventory.stock.depleted', { ...stockDepleted.v2.input, event_id: 'not-a-uuid' }));
    expect(format).toMatchObject({ code: 'PAYLOAD_INVALID', location: { path: '#/event_id' } });
  });

  it('PAYLOAD_INVALID when reading a cut-short payload', async () => {
    const codec = createTopicCodec({ registry: registry.client, topics });
    await codec.prepare(['orders.payment.completed', 'users.profile.updated']);
    const avro = codec.encodeValue('orders.payment.completed', payment.v2.input);
    expect(thrown(() => codec.decodeValue('orders.payment.completed', avro.subarray(0, avro.length - 3))).code).toBe('PAYLOAD_INVALID');
    const protobuf = codec.encodeValue('users.profile.updated', profileUpdated.v2.input);
    const cut = thrown(() => codec.decodeValue('users.profile.updated', protobuf.subarray(0, protobuf.length - 3)));
    expect(cut.code).toBe('PAYLOAD_INVALID');
    expect(cut.context).toMatchObject({ topic: 'users.profile.updated', schemaId: codec.schemaIdOf('users.profile.updated') });
  });

  it('READER_INCOMPATIBLE naming both versions and the findings', async () => {
    const subject = 'orders.incompatible-value';
    await registry.client.setConfig(subject, { compatibilityLevel: 'NONE' });
    const v1Text = JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'string' }, { name: 'total', type: 'long' }] });
    const v2Text = JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'string' }, { name: 'total', type: 'string' }] });
    const info = (version: number, schema: string): SchemaVersionInfo => ({
      subject,
      version,
      schemaType: 'AVRO',
      schema,
      references: [],
      referenceTexts: {},
      recordName: 'shop.Order',
    });
    const versions = [info(1, v1Text), info(2, v2Text)];
    const writer = createTopicCodec({ registry: registry.client, topics: [{ topic: 'orders.incompatible', value: versions[1]!, valueVersions: versions, requireKey: false }], autoRegister: true });
    const reader = createTopicCodec({ registry: registry.client, topics: [{ topic: 'orders.incompatible', value: versions[0]!, valueVersions: versions, requireKey: false }], autoRegister: true });
    await reader.prepare(['orders.incompatible']);
    await writer.prepare(['orders.incompatible']);
    const error = await rejected(() => reader.decode('orders.incompatible', writer.encodeValue('orders.incompatible', { id: 'o-1', total: 'lots' })));
    expect(error.code).toBe('READER_INCOMPATIBLE');
    expect(error.message).toContain('orders.incompatible-value v1 cannot read data written with orders.incompatible-value v2');
    expect(error.message).toContain('/fields/1/type: reader type: LONG not compatible with writer type: STRING');
    expect(error.context).toMatchObject({ topic: 'orders.incompatible', schemaId: writer.schemaIdOf('orders.incompatible'), readerVersion: 1 });
    // Another reader of the pair (the verdict is remembered process-wide) says the same; the compatible direction reads.
    const secondReader = createTopicCodec({ registry: registry.client, topics: [{ topic: 'orders.incompatible', value: versions[0]!, valueVersions: versions, requireKey: false }], purpose: 'consume' });
    const again = await rejected(() => secondReader.decode('orders.incompatible', writer.encodeValue('orders.incompatible', { id: 'o-2', total: 'more' })));
    expect(again.code).toBe('READER_INCOMPATIBLE');
    expect(again.message).toBe(error.message);
    const newReader = createTopicCodec({ registry: registry.client, topics: [{ topic: 'orders.incompatible', value: versions[1]!, valueVersions: versions, requireKey: false }], purpose: 'consume' });
    expect(await newReader.decode('orders.incompatible', writer.encodeValue('orders.incompatible', { id: 'o-3', total: 'x' }))).toEqual({ id: 'o-3', total: 'x' });
  });

  it('USAGE for topics outside the map and for encoding before prepare', () => {
    const codec = createTopicCodec({ registry: registry.client, topics });
    expect(thrown(() => codec.encodeValue('orders.payment.complete', {})).code).toBe('USAGE');
    const notPrepared = thrown(() => codec.encodeValue('orders.payment.completed', payment.v2.input));
    expect(notPrepared.code).toBe('USAGE');
    expect(notPrepared.hint).toContain("codec.prepare(['orders.payment.completed'])");
  });
});

describe('subject name strategies', () => {
  const cases = [
    { strategy: 'RecordNameStrategy', topic: 'orders.payment.completed', subject: 'dev.kontract.orders.PaymentCompleted' },
    { strategy: 'TopicRecordNameStrategy', topic: 'orders.payment.completed', subject: 'orders.payment.completed-dev.kontract.orders.PaymentCompleted' },
    { strategy: 'RecordNameStrategy', topic: 'users.profile.updated', subject: 'dev.kontract.users.ProfileUpdated' },
    { strategy: 'TopicRecordNameStrategy', topic: 'inventory.stock.depleted', subject: 'inventory.stock.depleted-StockDepleted' },
    { strategy: 'TopicNameStrategy', topic: 'inventory.stock.depleted', subject: 'inventory.stock.depleted-value' },
  ] as const;
  for (const { strategy, topic, subject } of cases) {
    it(`${strategy} writes ${topic} under ${subject}`, async () => {
      const codec = createTopicCodec({ registry: registry.client, topics, subjectNameStrategy: { value: strategy }, autoRegister: true });
      expect(codec.subjectOf(topic)).toBe(subject);
      await codec.prepare([topic]);
      expect(await registry.client.listSubjects()).toContain(subject);
      const registered = await registry.client.getLatest(subject);
      expect(codec.schemaIdOf(topic)).toBe(registered.id);
    });
  }

  it('one strategy for keys and values applies to both', () => {
    const codec = createTopicCodec({ registry: registry.client, topics, subjectNameStrategy: 'TopicRecordNameStrategy' });
    expect(codec.subjectOf('users.profile.updated')).toBe('users.profile.updated-dev.kontract.users.ProfileUpdated');
    // The string key schema of orders.payment.completed has no record name.
    expect(thrown(() => codec.subjectOf('orders.payment.completed', 'key')).code).toBe('USAGE');
  });

  it('a record name strategy needs a record name, where the part is used', () => {
    const unnamed: SchemaVersionInfo = { subject: 'x-value', version: 1, schemaType: 'JSON', schema: '{"type":"object"}', references: [], referenceTexts: {} };
    const codec = createTopicCodec({ registry: registry.client, topics: [{ topic: 'x', value: unnamed, valueVersions: [unnamed], requireKey: false }], subjectNameStrategy: 'RecordNameStrategy' });
    const error = thrown(() => codec.subjectOf('x'));
    expect(error.code).toBe('USAGE');
    expect(error.hint).toMatch(/title/);
  });
});

describe('schemas compiled once per process', () => {
  const counter: SchemaVersionInfo = {
    subject: 'compiled.counter-value',
    version: 1,
    schemaType: 'AVRO',
    schema: JSON.stringify({ type: 'record', name: 'Counter', fields: [{ name: 'n', type: 'long' }] }),
    references: [],
    referenceTexts: {},
  };
  const counterTopic = { topic: 'compiled.counter', value: counter, valueVersions: [counter], requireKey: false };

  it('codecs of one process share compiled schemas only where everything that shapes values is the same', async () => {
    const numbers = createTopicCodec({ registry: registry.client, topics: [counterTopic], autoRegister: true });
    const bigints = createTopicCodec({ registry: registry.client, topics: [counterTopic], autoRegister: true, longType: 'bigint' });
    const numbersAgain = createTopicCodec({ registry: registry.client, topics: [counterTopic], purpose: 'consume' });
    await numbers.prepare(['compiled.counter']);
    await bigints.prepare(['compiled.counter']);
    const bytes = numbers.encodeValue('compiled.counter', { n: 7 });
    expect(await numbersAgain.decode('compiled.counter', bytes)).toEqual({ n: 7 });
    // Same schema, another long type: a compiled schema of its own.
    expect(bigints.decodeValue('compiled.counter', bytes)).toEqual({ n: 7n });
    expect(bigints.decodeValue('compiled.counter', bigints.encodeValue('compiled.counter', { n: 2n ** 60n }))).toEqual({ n: 2n ** 60n });
    expect(numbers.decodeValue('compiled.counter', bytes)).toEqual({ n: 7 });
  });

  it('does not remember a schema that fails to compile: every codec reports it', async () => {
    // avsc refuses names outside ASCII, which the Avro parser accepts.
    const broken: SchemaVersionInfo = { ...counter, subject: 'compiled.broken-value', schema: JSON.stringify({ type: 'record', name: 'Zähler', fields: [{ name: 'n', type: 'long' }] }) };
    for (let attempt = 0; attempt < 2; attempt++) {
      const codec = createTopicCodec({ registry: registry.client, topics: [{ ...counterTopic, topic: 'compiled.broken', value: broken, valueVersions: [broken] }], autoRegister: true });
      const error = await rejected(() => codec.prepare(['compiled.broken']));
      expect(error.code, `codec ${attempt + 1}`).toBe('SCHEMA_INVALID');
    }
  });
});

describe('the registry going away', () => {
  it('keeps encoding and decoding known ids after the registry stopped; a new id then fails retriably', async () => {
    const own = await startExampleRegistry();
    const codec = createTopicCodec({ registry: own.client, topics });
    await codec.prepare(['orders.payment.completed', 'users.profile.updated']);
    await own.close();
    for (let i = 0; i < 3; i++) {
      const bytes = codec.encodeValue('orders.payment.completed', payment.v2.input);
      expect(codec.decodeValue('orders.payment.completed', bytes)).toEqual(payment.v2.read);
    }
    expect(codec.decodeValue('users.profile.updated', codec.encodeValue('users.profile.updated', profileUpdated.v2.input))).toEqual(profileUpdated.v2.read);
    const unknown = frame(424_242, Buffer.from([0]));
    const pending = codec.ensureDecodable('orders.payment.completed', unknown, 'value');
    expect(pending).toBeInstanceOf(Promise);
    const error = await rejected(() => pending!);
    expect(error.code).toBe('REGISTRY_UNAVAILABLE');
    expect(error.retriable).toBe(true);
  });
});
