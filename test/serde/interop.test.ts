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
import { create, type DescMessage } from '@bufbuild/protobuf';
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopicCodec, type SchemaCodec } from '../../src/serde/codec.js';
import { readFrame } from '../../src/serde/wire.js';
import { payment, profileUpdated, shipment, startExampleRegistry, stockDepleted, topics, type RegisteredRegistry } from './helpers.js';
import { confluentProfile, kafkajsSchemaRegistry, nestedData, nestedProfile, paymentUnderlying, profileAsConfluentReads, profileDescriptors } from './interop-fixtures.js';

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

describe('@kafkajs/confluent-schema-registry 3.9.0', () => {
  beforeAll(() => {
    kafkajs = kafkajsSchemaRegistry(registry.registry.url);
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
    let profileDescriptor: DescMessage;
    let dataDescriptor: DescMessage;

    beforeAll(() => {
      ({ profile: profileDescriptor, data: dataDescriptor } = profileDescriptors());
    });

    it('deserializes what kontract writes: the first message ([0]) and a nested one ([0, 0])', async () => {
      const deserializer = new ProtobufDeserializer(confluent, SerdeType.VALUE, {});
      const first = codec.encodeValue('users.profile.updated', profileUpdated.v2.input);
      const read = (await deserializer.deserialize('users.profile.updated', first)) as Record<string, unknown> & { timestamp: Timestamp };
      expect(read).toMatchObject(profileAsConfluentReads);
      expect(timestampDate(read.timestamp)).toEqual(profileUpdated.v2.input.timestamp);

      const nestedCodec = createTopicCodec({ registry: registry.client, topics: [nestedProfile] });
      await nestedCodec.prepare(['users.profile.updated']);
      const inner = nestedCodec.encodeValue('users.profile.updated', nestedData.input);
      expect(readFrame(inner, { messageIndexes: true }).messageIndexes).toEqual([0, 0]);
      expect(await deserializer.deserialize('users.profile.updated', inner)).toMatchObject(nestedData.asConfluentReads);
    });

    it('kontract reads what Confluent serializes: the first message and a nested one', async () => {
      const serializer = new ProtobufSerializer(confluent, SerdeType.VALUE, { useLatestVersion: true });
      serializer.registry.add(profileDescriptor);
      const message = create(profileDescriptor, confluentProfile.init);
      const bytes = await serializer.serialize('users.profile.updated', message);
      expect(readFrame(bytes, { messageIndexes: true }).messageIndexes).toEqual([0]);
      expect(await codec.decode('users.profile.updated', bytes)).toEqual(confluentProfile.read);

      const nestedSerializer = new ProtobufSerializer(confluent, SerdeType.VALUE, { useLatestVersion: true });
      nestedSerializer.registry.add(dataDescriptor);
      const nestedBytes = await nestedSerializer.serialize('users.profile.updated', create(dataDescriptor, confluentProfile.nestedInit));
      expect(readFrame(nestedBytes, { messageIndexes: true }).messageIndexes).toEqual([0, 0]);
      expect(await codec.decode('users.profile.updated', nestedBytes)).toEqual(confluentProfile.nestedRead);
    });
  });
});
