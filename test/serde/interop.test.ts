/**
 * Interoperability with the two published JavaScript serializers, against the embedded registry holding
 * the example repository: what kontract writes, @kafkajs/confluent-schema-registry (3.9.0) and
 * @confluentinc/schemaregistry (1.10.1) read; what they write, kontract reads — Avro, JSON Schema and
 * Protobuf (for Confluent with real message indexes, a nested message included, through @bufbuild/protobuf
 * descriptors built at run time from kontract's FileDescriptorProto of the schema).
 *
 * The other serializers use the underlying Avro values (epoch milliseconds, decimal bytes) and their own
 * Protobuf object shapes (camelCase names, enum numbers, Timestamp messages); the expectations say so.
 */
import { create, createFileRegistry, fromBinary, type DescMessage } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, file_google_protobuf_timestamp, timestampDate, timestampFromDate, type Timestamp } from '@bufbuild/protobuf/wkt';
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
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TopicDescriptor } from '../../src/runtime/index.js';
import { protobufFormat } from '../../src/schema/protobuf.js';
import { createTopicCodec, type SchemaCodec } from '../../src/serde/codec.js';
import { readFrame } from '../../src/serde/wire.js';
import { payment, profileUpdated, shipment, startExampleRegistry, stockDepleted, topics, type RegisteredRegistry } from './helpers.js';

let registry: RegisteredRegistry;
let codec: SchemaCodec;
let kafkajs: SchemaRegistry;
let confluent: SchemaRegistryClient;

beforeAll(async () => {
  registry = await startExampleRegistry();
  codec = createTopicCodec({ registry: registry.client, topics });
  await codec.prepare(Object.keys(topics));
  confluent = new SchemaRegistryClient({ baseURLs: [registry.registry.url], maxRetries: 0 });
});
afterAll(async () => {
  await confluent?.close();
  await registry?.close();
});

/** The v2 payment as the other clients see it: epoch milliseconds and the decimal's two's-complement bytes. */
const paymentUnderlying = { ...payment.v2.read, timestamp: payment.v2.read.timestamp.getTime(), data: { ...payment.v2.read.data, amount: Buffer.from([0xfb]) } };

describe('@kafkajs/confluent-schema-registry 3.9.0', () => {
  beforeAll(() => {
    // kafkajs registers referenced JSON schemas under their $id, which the example's shared metadata schema does
    // not have; this ajv knows it under its reference name (and knows ajv-formats' uuid/date-time).
    const info = topics['inventory.stock.depleted'].value;
    const ajv = new Ajv({ strict: false });
    addFormatsModule.default(ajv);
    for (const [name, text] of Object.entries(info.referenceTexts)) ajv.addSchema(JSON.parse(text) as object, name);
    // (kafkajs types ajvInstance with its own nested copy of ajv, hence the cast.)
    const ajvInstance = { addSchema: () => ajvInstance, compile: (schema: object) => ajv.compile(schema) };
    const options = { [SchemaType.JSON]: { ajvInstance } } as unknown as ConstructorParameters<typeof SchemaRegistry>[1];
    kafkajs = new SchemaRegistry({ host: registry.registry.url, retry: { retries: 0 } }, options);
  });

  it('Avro: decodes what kontract writes, and kontract decodes what it writes', async () => {
    const fromKontract = codec.encodeValue('orders.payment.completed', payment.v2.input);
    expect(await kafkajs.decode(fromKontract)).toEqual(paymentUnderlying);
    const id = (await registry.client.getLatest('orders.payment.completed-value')).id;
    const fromKafkajs = await kafkajs.encode(id, paymentUnderlying);
    expect(await codec.decode('orders.payment.completed', fromKafkajs)).toEqual(payment.v2.read);
  });

  it('JSON Schema: decodes what kontract writes, and kontract decodes what it writes', async () => {
    const fromKontract = codec.encodeValue('inventory.stock.depleted', stockDepleted.v2.input);
    expect(await kafkajs.decode(fromKontract)).toEqual(stockDepleted.v2.read);
    const id = (await registry.client.getLatest('inventory.stock.depleted-value')).id;
    const fromKafkajs = await kafkajs.encode(id, stockDepleted.v1.input);
    expect(await codec.decode('inventory.stock.depleted', fromKafkajs)).toEqual(stockDepleted.v1.read);
  });

  describe('Protobuf (kafkajs writes no message-index list)', () => {
    const { descriptor, value } = shipment;
    let id: number;

    beforeAll(async () => {
      ({ id } = await registry.client.register('logistics.shipments-value', { schema: shipment.schema, schemaType: 'PROTOBUF' }));
    });

    it('decodes what kontract writes (it skips the leading [0] index byte)', async () => {
      const kontract = createTopicCodec({ registry: registry.client, topics: [descriptor] });
      await kontract.prepare(['logistics.shipments']);
      const decoded = (await kafkajs.decode(kontract.encodeValue('logistics.shipments', value))) as Record<string, unknown>;
      expect(decoded).toMatchObject({ id: 's-1', status: 1, parcels: [{ label: 'a' }, { label: 'b' }] });
      expect(String(decoded['weightGrams'])).toBe('1200');
    });

    it("kontract decodes what it writes with protobufMessageIndexes: 'absent', and writes the same way", async () => {
      const fromKafkajs = await kafkajs.encode(id, shipment.kafkajsValue);
      const absent = createTopicCodec({ registry: registry.client, topics: [descriptor], protobufMessageIndexes: 'absent' });
      expect(await absent.decode('logistics.shipments', fromKafkajs)).toEqual(value);
      await absent.prepare(['logistics.shipments']);
      expect(absent.encodeValue('logistics.shipments', value)).toEqual(fromKafkajs);
      // With Confluent's framing expected, the same bytes are not a valid message-index list.
      const present = createTopicCodec({ registry: registry.client, topics: [descriptor] });
      await expect(present.decode('logistics.shipments', fromKafkajs)).rejects.toMatchObject({ code: 'PAYLOAD_INVALID' });
    });
  });
});

describe('@confluentinc/schemaregistry 1.10.1 serdes', () => {
  it('Avro: deserializes what kontract writes, and kontract reads what it serializes', async () => {
    const fromKontract = codec.encodeValue('orders.payment.completed', payment.v2.input);
    expect(await new AvroDeserializer(confluent, SerdeType.VALUE, {}).deserialize('orders.payment.completed', fromKontract)).toEqual(paymentUnderlying);
    const fromConfluent = await new AvroSerializer(confluent, SerdeType.VALUE, { useLatestVersion: true }).serialize('orders.payment.completed', paymentUnderlying);
    expect(await codec.decode('orders.payment.completed', fromConfluent)).toEqual(payment.v2.read);
  });

  it('JSON Schema: deserializes what kontract writes, and kontract reads what it serializes', async () => {
    const fromKontract = codec.encodeValue('inventory.stock.depleted', stockDepleted.v2.input);
    expect(await new JsonDeserializer(confluent, SerdeType.VALUE, {}).deserialize('inventory.stock.depleted', fromKontract)).toEqual(stockDepleted.v2.read);
    const fromConfluent = await new JsonSerializer(confluent, SerdeType.VALUE, { useLatestVersion: true }).serialize('inventory.stock.depleted', stockDepleted.v1.input);
    expect(await codec.decode('inventory.stock.depleted', fromConfluent)).toEqual(stockDepleted.v1.read);
  });

  describe('Protobuf with message indexes', () => {
    const info = topics['users.profile.updated'].value;
    const nested: TopicDescriptor = { ...topics['users.profile.updated'], value: { ...info, recordName: 'dev.kontract.users.ProfileUpdated.Data' } };
    let profileDescriptor: DescMessage;
    let dataDescriptor: DescMessage;

    beforeAll(() => {
      // Runtime descriptors of the registered schema and its reference, from kontract's FileDescriptorProto.
      const descriptorOf = (schema: string, references: Record<string, string>, name: string) => {
        const proto = fromBinary(FileDescriptorProtoSchema, Buffer.from(protobufFormat.toFileDescriptorProtoBase64({ schema, references }), 'base64'));
        proto.name = name;
        return proto;
      };
      const [referenceName] = Object.keys(info.referenceTexts);
      const reference = descriptorOf(info.referenceTexts[referenceName!]!, {}, referenceName!);
      const files = createFileRegistry(descriptorOf(info.schema, info.referenceTexts, 'users.profile.updated.proto'), (name) =>
        name === referenceName ? reference : name === 'google/protobuf/timestamp.proto' ? file_google_protobuf_timestamp : undefined,
      );
      profileDescriptor = files.getMessage('dev.kontract.users.ProfileUpdated')!;
      dataDescriptor = files.getMessage('dev.kontract.users.ProfileUpdated.Data')!;
    });

    it('deserializes what kontract writes: the first message ([0]) and a nested one ([0, 0])', async () => {
      const deserializer = new ProtobufDeserializer(confluent, SerdeType.VALUE, {});
      const first = codec.encodeValue('users.profile.updated', profileUpdated.v2.input);
      const read = (await deserializer.deserialize('users.profile.updated', first)) as Record<string, unknown> & { timestamp: Timestamp };
      expect(read).toMatchObject({
        $typeName: 'dev.kontract.users.ProfileUpdated',
        eventId: profileUpdated.v2.input.event_id,
        eventVersion: 2,
        data: {
          userId: 'user-3',
          changedFields: ['display_name', 'attributes'],
          visibility: 1,
          attributes: { locale: 'en-GB', theme: 'dark' },
          avatar: { case: 'avatarSeed', value: 9_007_199_254_740_991n },
        },
        metadata: { correlationId: 'corr-3', causationId: 'evt-2' },
      });
      expect(timestampDate(read.timestamp)).toEqual(profileUpdated.v2.input.timestamp);

      const nestedCodec = createTopicCodec({ registry: registry.client, topics: [nested] });
      await nestedCodec.prepare(['users.profile.updated']);
      const inner = nestedCodec.encodeValue('users.profile.updated', { user_id: 'user-9', display_name: 'Nested', avatar: { case: 'avatar_url', value: 'https://x' } });
      expect(readFrame(inner, { messageIndexes: true }).messageIndexes).toEqual([0, 0]);
      expect(await deserializer.deserialize('users.profile.updated', inner)).toMatchObject({
        $typeName: 'dev.kontract.users.ProfileUpdated.Data',
        userId: 'user-9',
        displayName: 'Nested',
        avatar: { case: 'avatarUrl', value: 'https://x' },
      });
    });

    it('kontract reads what Confluent serializes: the first message and a nested one', async () => {
      const serializer = new ProtobufSerializer(confluent, SerdeType.VALUE, { useLatestVersion: true });
      serializer.registry.add(profileDescriptor);
      const message = create(profileDescriptor, {
        eventId: 'e-1',
        eventType: 'users.profile.updated',
        eventVersion: 2,
        timestamp: timestampFromDate(new Date('2024-05-01T10:15:30.123Z')),
        source: 'confluent',
        data: { userId: 'u-1', displayName: 'C', visibility: 2, attributes: { k: 'v' }, avatar: { case: 'avatarUrl', value: 'https://a' } },
        metadata: { correlationId: 'c-1' },
      });
      const bytes = await serializer.serialize('users.profile.updated', message);
      expect(readFrame(bytes, { messageIndexes: true }).messageIndexes).toEqual([0]);
      expect(await codec.decode('users.profile.updated', bytes)).toEqual({
        event_id: 'e-1',
        event_type: 'users.profile.updated',
        event_version: 2,
        timestamp: new Date('2024-05-01T10:15:30.123Z'),
        source: 'confluent',
        data: { user_id: 'u-1', display_name: 'C', changed_fields: [], visibility: 'VISIBILITY_PRIVATE', attributes: { k: 'v' }, avatar: { case: 'avatar_url', value: 'https://a' } },
        metadata: { correlation_id: 'c-1', causation_id: '', trace_id: '' },
      });

      const nestedSerializer = new ProtobufSerializer(confluent, SerdeType.VALUE, { useLatestVersion: true });
      nestedSerializer.registry.add(dataDescriptor);
      const nestedBytes = await nestedSerializer.serialize('users.profile.updated', create(dataDescriptor, { userId: 'u-2', changedFields: ['x'], avatar: { case: 'avatarSeed', value: -5n } }));
      expect(readFrame(nestedBytes, { messageIndexes: true }).messageIndexes).toEqual([0, 0]);
      expect(await codec.decode('users.profile.updated', nestedBytes)).toEqual({
        user_id: 'u-2',
        display_name: '',
        changed_fields: ['x'],
        visibility: 'VISIBILITY_UNSPECIFIED',
        attributes: {},
        avatar: { case: 'avatar_seed', value: -5 },
      });
    });
  });
});
