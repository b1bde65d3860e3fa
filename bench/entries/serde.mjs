// Serialization throughput: kontract's codec (Confluent framing included) against the raw libraries on the same
// records (avsc toBuffer/fromBuffer, protobufjs encode/decode, ajv validate + JSON.stringify), and against the two
// published schema-registry serializers (@kafkajs/confluent-schema-registry encode/decode, @confluentinc/schemaregistry
// serdes), all in one process against the embedded registry holding the example repository.
// Targets: kontract ≥ 0.9 of raw in every format and direction; faster than both serializers in every case.
import { create, createFileRegistry, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, file_google_protobuf_timestamp, timestampFromDate } from '@bufbuild/protobuf/wkt';
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
import addFormats from 'ajv-formats';
import avro from 'avsc';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRepository } from '../../dist/project/load.js';
import { createRegistryClient } from '../../dist/registry/client/client.js';
import { startRegistry } from '../../dist/registry/server/http.js';
import { registerRepository } from '../../dist/registry/sync.js';
import { avroFormat } from '../../dist/schema/avro.js';
import { protobufFormat } from '../../dist/schema/protobuf.js';
import { protobufRoot } from '../../dist/schema/protobuf/root.js';
import { createTopicCodec } from '../../dist/serde/codec.js';
import { AvroSerde } from '../../dist/serde/avro/serde.js';
import { decimalBytes, decimalText } from '../raw-decimal.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROUNDS = 5;
const ROUND_MS = 300;

/** Best ops/s of each function over ROUNDS interleaved rounds of ~ROUND_MS, after a warm-up. */
async function bestRates(fns) {
  const batchSizes = [];
  for (const fn of fns) {
    // Warm up, and size a batch to take ~ROUND_MS / 10.
    let n = 1;
    for (;;) {
      const started = performance.now();
      for (let i = 0; i < n; i++) await fn();
      const ms = performance.now() - started;
      if (ms > ROUND_MS / 10) break;
      n *= 2;
    }
    batchSizes.push(n);
  }
  const best = fns.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, fn] of fns.entries()) {
      let ops = 0;
      const started = performance.now();
      let elapsed = 0;
      const n = batchSizes[index];
      while (elapsed < ROUND_MS) {
        for (let i = 0; i < n; i++) await fn();
        ops += n;
        elapsed = performance.now() - started;
      }
      best[index] = Math.max(best[index], (ops / elapsed) * 1000);
    }
  }
  return best;
}

/** Same as bestRates for synchronous functions (no await in the loop). */
function bestRatesSync(fns) {
  const batchSizes = fns.map((fn) => {
    let n = 1;
    for (;;) {
      const started = performance.now();
      for (let i = 0; i < n; i++) fn();
      if (performance.now() - started > ROUND_MS / 10) return n;
      n *= 2;
    }
  });
  const best = fns.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, fn] of fns.entries()) {
      let ops = 0;
      const started = performance.now();
      let elapsed = 0;
      const n = batchSizes[index];
      while (elapsed < ROUND_MS) {
        for (let i = 0; i < n; i++) fn();
        ops += n;
        elapsed = performance.now() - started;
      }
      best[index] = Math.max(best[index], (ops / elapsed) * 1000);
    }
  }
  return best;
}

const timestamp = new Date('2024-05-01T10:15:30.123Z');
const eventId = '6c1f1c2a-2c1e-4a44-9c3e-0a1b2c3d4e5f';
const metadata = { correlation_id: 'corr-1', causation_id: 'evt-0', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' };

const payment = {
  event_id: eventId,
  event_type: 'orders.payment.completed',
  event_version: 2,
  timestamp,
  source: 'payments-service',
  data: { order_id: 'order-17', payment_id: 'pay-9', amount: '1234.50', currency: 'EUR', method: 'CARD', captured_by: 'stripe' },
  metadata,
};
/** The same event with Avro's underlying values (what avsc and the other serializers take). */
const paymentUnderlying = { ...payment, timestamp: timestamp.getTime(), data: { ...payment.data, amount: Buffer.from([0x01, 0xe2, 0x3a]) } };

const profile = {
  event_id: eventId,
  event_type: 'users.profile.updated',
  event_version: 2,
  timestamp,
  source: 'accounts-service',
  data: {
    user_id: 'user-3',
    display_name: 'Ada Lovelace',
    email: 'ada@example.com',
    changed_fields: ['display_name', 'attributes'],
    visibility: 'VISIBILITY_PUBLIC',
    attributes: { locale: 'en-GB', theme: 'dark' },
    avatar: { case: 'avatar_url', value: 'https://example.com/a.png' },
  },
  metadata,
};
/** protobufjs's shape of the same event: enum numbers, a Timestamp message, oneof members as fields. */
const profileProtobufjs = {
  ...profile,
  timestamp: { seconds: Math.floor(timestamp.getTime() / 1000), nanos: 123_000_000 },
  data: { ...profile.data, visibility: 1, avatar: undefined, avatar_url: 'https://example.com/a.png' },
};

const stock = {
  event_id: eventId,
  event_type: 'inventory.stock.depleted',
  event_version: 2,
  timestamp: '2024-05-01T10:15:30.123Z',
  source: 'inventory-service',
  data: { sku: 'SKU-1', warehouse_id: 'wh-7', reorder_quantity: 40, last_sold_at: '2024-05-01T09:00:00Z' },
  metadata,
};

/** A self-contained Protobuf event (no imports): the one record every Protobuf serializer here can load. */
const shipmentProto = `syntax = "proto3";
package logistics;

message ShipmentDispatched {
  string event_id = 1;
  string event_type = 2;
  int32 event_version = 3;
  int64 timestamp_millis = 4;
  string source = 5;
  Data data = 6;

  message Data {
    string shipment_id = 1;
    string carrier = 2;
    Status status = 3;
    repeated Parcel parcels = 4;
    map<string, string> labels = 5;
  }
  message Parcel {
    string label = 1;
    int32 weight_grams = 2;
  }
  enum Status {
    STATUS_UNSPECIFIED = 0;
    DISPATCHED = 1;
  }
}
`;
const shipment = {
  event_id: eventId,
  event_type: 'logistics.shipment.dispatched',
  event_version: 1,
  timestamp_millis: timestamp.getTime(),
  source: 'logistics-service',
  data: { shipment_id: 'sh-1', carrier: 'dhl', status: 'DISPATCHED', parcels: [{ label: 'a', weight_grams: 1200 }, { label: 'b', weight_grams: 300 }], labels: { fragile: 'yes' } },
};
const shipmentProtobufjs = { ...shipment, data: { ...shipment.data, status: 1 } };
const shipmentKafkajs = {
  eventId,
  eventType: shipment.event_type,
  eventVersion: 1,
  timestampMillis: shipment.timestamp_millis,
  source: shipment.source,
  data: { shipmentId: 'sh-1', carrier: 'dhl', status: 1, parcels: [{ label: 'a', weightGrams: 1200 }, { label: 'b', weightGrams: 300 }], labels: { fragile: 'yes' } },
};

function fileDescriptor(schema, references, name) {
  const proto = fromBinary(FileDescriptorProtoSchema, Buffer.from(protobufFormat.toFileDescriptorProtoBase64({ schema, references }), 'base64'));
  proto.name = name;
  return proto;
}

/** protobufjs's conversion to plain objects closest to kontract's shape (enum names, defaults and oneof names included). */
const TO_OBJECT = { enums: String, longs: Number, defaults: true, oneofs: true };

const kops = (rate) => (rate >= 100_000 ? `${Math.round(rate / 1000)}k` : rate >= 1000 ? `${(rate / 1000).toFixed(1)}k` : String(Math.round(rate)));

export default {
  name: 'serde',
  async run() {
    const registry = await startRegistry({ port: 0, memory: true });
    const client = createRegistryClient({ url: registry.url, retries: 0 });
    const repo = loadRepository(repoRoot);
    const registered = await registerRepository(repo, client);
    if (!registered.ok) throw new Error('registering the example repository failed');
    const { id: shipmentId } = await client.register('logistics.shipments-value', { schema: shipmentProto, schemaType: 'PROTOBUF' });

    const latest = (subjectName) => {
      const subject = repo.subjects.find((s) => s.name === subjectName);
      const version = subject.versions[subject.versions.length - 1];
      return { ...version, recordName: undefined };
    };
    const descriptor = (topic, info, recordName) => ({ topic, value: { ...info, recordName }, valueVersions: [{ ...info, recordName }], requireKey: false });
    const paymentInfo = latest('orders.payment.completed-value');
    const profileInfo = latest('users.profile.updated-value');
    const stockInfo = latest('inventory.stock.depleted-value');
    const shipmentInfo = { subject: 'logistics.shipments-value', version: 1, schemaType: 'PROTOBUF', schema: shipmentProto, references: [], referenceTexts: {} };
    const codec = createTopicCodec({
      registry: client,
      topics: [
        descriptor('orders.payment.completed', paymentInfo, 'dev.kontract.orders.PaymentCompleted'),
        descriptor('users.profile.updated', profileInfo, 'dev.kontract.users.ProfileUpdated'),
        descriptor('inventory.stock.depleted', stockInfo, 'StockDepleted'),
        descriptor('logistics.shipments', shipmentInfo, 'logistics.ShipmentDispatched'),
      ],
    });
    await codec.prepare(['orders.payment.completed', 'users.profile.updated', 'inventory.stock.depleted', 'logistics.shipments']);
    const idOf = async (subject) => (await client.getLatest(subject)).id;

    // Raw libraries on the same schemas.
    const paymentParsed = avroFormat.parse({ schema: paymentInfo.schema, references: paymentInfo.referenceTexts });
    const avscRaw = avro.Type.forSchema(new AvroSerde(paymentParsed, 'number').type.schema({ exportAttrs: true }));
    const profileParsed = protobufFormat.parse({ schema: profileInfo.schema, references: profileInfo.referenceTexts });
    const profileType = protobufRoot(profileParsed).lookupType('dev.kontract.users.ProfileUpdated');
    const shipmentType = protobufRoot(protobufFormat.parse({ schema: shipmentProto })).lookupType('logistics.ShipmentDispatched');
    const ajv = new Ajv({ strict: false });
    addFormats.default(ajv);
    for (const [name, text] of Object.entries(stockInfo.referenceTexts)) ajv.addSchema(JSON.parse(text), name);
    const validateStock = ajv.compile(JSON.parse(stockInfo.schema));

    // @kafkajs/confluent-schema-registry (an ajv shim: it cannot resolve the reference by name, nor knows formats).
    const ajvShim = { addSchema: () => ajvShim, compile: (schema) => ajv.compile(schema) };
    const kafkajs = new SchemaRegistry({ host: registry.url }, { [SchemaType.JSON]: { ajvInstance: ajvShim } });
    // @confluentinc/schemaregistry.
    // Retries: the registry closes idle keep-alive sockets, which a reused socket may meet between runs.
    const confluent = new SchemaRegistryClient({ baseURLs: [registry.url], maxRetries: 3 });
    const [referenceName] = Object.keys(profileInfo.referenceTexts);
    const files = createFileRegistry(fileDescriptor(profileInfo.schema, profileInfo.referenceTexts, 'profile.proto'), (name) =>
      name === referenceName ? fileDescriptor(profileInfo.referenceTexts[name], {}, name) : name === 'google/protobuf/timestamp.proto' ? file_google_protobuf_timestamp : undefined,
    );
    const profileDesc = files.getMessage('dev.kontract.users.ProfileUpdated');
    const shipmentDesc = createFileRegistry(fileDescriptor(shipmentProto, {}, 'shipment.proto'), () => undefined).getMessage('logistics.ShipmentDispatched');
    const profileBuf = create(profileDesc, {
      eventId,
      eventType: profile.event_type,
      eventVersion: 2,
      timestamp: timestampFromDate(timestamp),
      source: profile.source,
      data: { userId: 'user-3', displayName: 'Ada Lovelace', email: 'ada@example.com', changedFields: ['display_name', 'attributes'], visibility: 1, attributes: { locale: 'en-GB', theme: 'dark' }, avatar: { case: 'avatarUrl', value: 'https://example.com/a.png' } },
      metadata: { correlationId: 'corr-1', causationId: 'evt-0', traceId: metadata.trace_id },
    });
    const shipmentBuf = create(shipmentDesc, { ...shipmentKafkajs, timestampMillis: BigInt(shipment.timestamp_millis) });
    const confluentAvro = { ser: new AvroSerializer(confluent, SerdeType.VALUE, { useLatestVersion: true }), de: new AvroDeserializer(confluent, SerdeType.VALUE, {}) };
    const confluentJson = { ser: new JsonSerializer(confluent, SerdeType.VALUE, { useLatestVersion: true }), de: new JsonDeserializer(confluent, SerdeType.VALUE, {}) };
    const confluentProfile = { ser: new ProtobufSerializer(confluent, SerdeType.VALUE, { useLatestVersion: true }), de: new ProtobufDeserializer(confluent, SerdeType.VALUE, {}) };
    confluentProfile.ser.registry.add(profileDesc);
    const confluentShipment = { ser: new ProtobufSerializer(confluent, SerdeType.VALUE, { useLatestVersion: true }), de: new ProtobufDeserializer(confluent, SerdeType.VALUE, {}) };
    confluentShipment.ser.registry.add(shipmentDesc);

    const cases = [
      {
        format: 'Avro',
        record: 'orders.payment.completed v2',
        topic: 'orders.payment.completed',
        value: payment,
        raw: { label: 'avsc `toBuffer`/`fromBuffer`', encode: () => avscRaw.toBuffer(paymentUnderlying), decode: (bytes) => avscRaw.fromBuffer(bytes.subarray(5)) },
        // The generated shape from and to avsc's: Date ↔ millis, decimal text ↔ unscaled bytes, the frame in front.
        equivalent: {
          label: 'avsc + Date/decimal conversion + frame',
          exact: true,
          encode: (value, schemaId) => {
            const payload = avscRaw.toBuffer({ ...value, timestamp: value.timestamp.getTime(), data: { ...value.data, amount: decimalBytes(value.data.amount, 2) } });
            const framed = Buffer.allocUnsafe(5 + payload.length);
            framed[0] = 0;
            framed.writeInt32BE(schemaId, 1);
            payload.copy(framed, 5);
            return framed;
          },
          decode: (bytes) => {
            const event = avscRaw.fromBuffer(bytes.subarray(5));
            event.timestamp = new Date(event.timestamp);
            event.data.amount = decimalText(event.data.amount, 2);
            return event;
          },
        },
        kafkajs: { id: await idOf('orders.payment.completed-value'), value: paymentUnderlying },
        confluent: { serde: confluentAvro, value: paymentUnderlying },
      },
      {
        format: 'Protobuf',
        record: 'users.profile.updated v2 (imports Timestamp and a reference)',
        topic: 'users.profile.updated',
        value: profile,
        raw: { label: 'protobufjs `encode`/`decode`', encode: () => profileType.encode(profileProtobufjs).finish(), decode: (bytes) => profileType.decode(bytes.subarray(6)) },
        // protobufjs decodes into message instances with defaults on the prototype; a plain object like kontract's costs a toObject.
        equivalent: { label: 'protobufjs `decode` + `toObject`', decode: (bytes) => profileType.toObject(profileType.decode(bytes.subarray(6)), TO_OBJECT) },
        // kafkajs 3.9.0 cannot load schemas importing google/protobuf/*.
        kafkajs: undefined,
        confluent: { serde: confluentProfile, value: profileBuf },
      },
      {
        format: 'Protobuf',
        record: 'logistics.shipments (self-contained)',
        topic: 'logistics.shipments',
        value: shipment,
        raw: { label: 'protobufjs `encode`/`decode`', encode: () => shipmentType.encode(shipmentProtobufjs).finish(), decode: (bytes) => shipmentType.decode(bytes.subarray(6)) },
        equivalent: { label: 'protobufjs `decode` + `toObject`', decode: (bytes) => shipmentType.toObject(shipmentType.decode(bytes.subarray(6)), TO_OBJECT) },
        kafkajs: { id: shipmentId, value: shipmentKafkajs },
        confluent: { serde: confluentShipment, value: shipmentBuf },
      },
      {
        format: 'JSON Schema',
        record: 'inventory.stock.depleted v2',
        topic: 'inventory.stock.depleted',
        value: stock,
        raw: {
          label: 'ajv `validate` + `JSON.stringify` (+ `Buffer.from`) / `JSON.parse`',
          encode: () => {
            if (!validateStock(stock)) throw new Error('invalid');
            return Buffer.from(JSON.stringify(stock));
          },
          decode: (bytes) => JSON.parse(bytes.toString('utf8', 5)),
        },
        kafkajs: { id: await idOf('inventory.stock.depleted-value'), value: stock },
        confluent: { serde: confluentJson, value: stock },
      },
    ];

    const rows = [];
    const equivalentRows = [];
    const misses = [];
    for (const testCase of cases) {
      const { topic, value } = testCase;
      const bytes = codec.encodeValue(topic, value);
      // Check every path once before timing it.
      codec.decodeValue(topic, bytes);
      testCase.raw.decode(bytes);
      const [kontractEncode, rawEncode, kontractDecode, rawDecode] = bestRatesSync([
        () => codec.encodeValue(topic, value),
        testCase.raw.encode,
        () => codec.decodeValue(topic, bytes),
        () => testCase.raw.decode(bytes),
      ]);
      const equivalent = testCase.equivalent;
      if (equivalent) {
        const schemaId = codec.schemaIdOf(topic);
        // An exact equivalent must give what kontract gives, or it is not the same work.
        if (equivalent.exact) {
          if (equivalent.encode && !equivalent.encode(value, schemaId).equals(bytes)) throw new Error(`${equivalent.label} writes other bytes than kontract`);
          if (JSON.stringify(equivalent.decode(bytes)) !== JSON.stringify(codec.decodeValue(topic, bytes))) throw new Error(`${equivalent.label} reads another value than kontract`);
        }
        const directions = [
          ...(equivalent.encode ? [['serialize', () => codec.encodeValue(topic, value), () => equivalent.encode(value, schemaId)]] : []),
          ['deserialize', () => codec.decodeValue(topic, bytes), () => equivalent.decode(bytes)],
        ];
        for (const [direction, kontractFn, equivalentFn] of directions) {
          const [kontractRate, equivalentRate] = bestRatesSync([kontractFn, equivalentFn]);
          equivalentRows.push(`| ${testCase.format} | ${testCase.record} | ${direction} | ${equivalent.label} | ${kops(kontractRate)} | ${kops(equivalentRate)} | **${(kontractRate / equivalentRate).toFixed(2)}** |`);
        }
      }
      const asyncFns = [];
      if (testCase.kafkajs) {
        const { id, value: kafkajsValue } = testCase.kafkajs;
        const kafkajsBytes = await kafkajs.encode(id, kafkajsValue);
        await kafkajs.decode(bytes);
        asyncFns.push(() => kafkajs.encode(id, kafkajsValue), () => kafkajs.decode(bytes));
      }
      const { serde, value: confluentValue } = testCase.confluent;
      await serde.ser.serialize(topic, confluentValue);
      await serde.de.deserialize(topic, bytes);
      asyncFns.push(() => serde.ser.serialize(topic, confluentValue), () => serde.de.deserialize(topic, bytes));
      const asyncRates = await bestRates(asyncFns);
      const [kafkajsEncode, kafkajsDecode] = testCase.kafkajs ? asyncRates.slice(0, 2) : [undefined, undefined];
      const [confluentEncode, confluentDecode] = asyncRates.slice(testCase.kafkajs ? 2 : 0);
      for (const [direction, kontract, raw, viaKafkajs, viaConfluent] of [
        ['serialize', kontractEncode, rawEncode, kafkajsEncode, confluentEncode],
        ['deserialize', kontractDecode, rawDecode, kafkajsDecode, confluentDecode],
      ]) {
        const rawRatio = kontract / raw;
        if (rawRatio < 0.9) misses.push(`${testCase.format} ${direction}: ${rawRatio.toFixed(2)} of raw`);
        if (viaKafkajs !== undefined && kontract <= viaKafkajs) misses.push(`${testCase.format} ${direction}: not faster than kafkajs`);
        if (kontract <= viaConfluent) misses.push(`${testCase.format} ${direction}: not faster than Confluent`);
        rows.push(
          `| ${testCase.format} | ${testCase.record} | ${direction} | ${kops(kontract)} | ${kops(raw)} | **${rawRatio.toFixed(2)}** | ${
            viaKafkajs === undefined ? 'n/a¹' : `${kops(viaKafkajs)} | **${(kontract / viaKafkajs).toFixed(1)}×**`
          }${viaKafkajs === undefined ? ' | n/a¹' : ''} | ${kops(viaConfluent)} | **${(kontract / viaConfluent).toFixed(1)}×** |`,
        );
      }
    }
    await confluent.close();
    await registry.close();

    const markdown = [
      'ops/s, best of 5 interleaved ~300 ms runs after a warm-up, one process, embedded registry (ids cached by every client).',
      'kontract = `createTopicCodec(...).encodeValue`/`decodeValue`: values in the generated shape (Dates, decimal text, enum names,',
      '`{ case, value }` oneofs), validation, Confluent framing in one buffer. Raw = the library alone on the same record in its',
      "own shape (Avro's underlying values, protobufjs objects), without framing. The serializers are awaited one call at a time.",
      '',
      '| format | record | direction | kontract | raw | kontract / raw | @kafkajs/confluent-schema-registry | kontract / kafkajs | @confluentinc/schemaregistry | kontract / Confluent |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      '¹ @kafkajs/confluent-schema-registry 3.9.0 cannot load a Protobuf schema that imports `google/protobuf/timestamp.proto`;',
      'the self-contained record compares all four on the same message.',
      '',
      'The same work: the raw library plus what it takes to get or give the values kontract does. Avro: `Date`s and decimal text',
      'converted from and to avsc\'s numbers and bytes, and the frame written in front; Protobuf reads: protobufjs `decode` returns',
      'message instances whose unset fields live on the prototype (and enums as numbers), `toObject` (enum names, defaults, oneof',
      'names) makes plain objects like kontract\'s (the closest protobufjs has: Timestamps stay seconds/nanos, a oneof is a member',
      'name beside the member). The Avro equivalents are checked to give exactly kontract\'s bytes and values before they are timed.',
      '',
      '| format | record | direction | same work by | kontract | same work | kontract / same work |',
      '| --- | --- | --- | --- | ---: | ---: | ---: |',
      ...equivalentRows,
      '',
      'Targets: kontract / raw ≥ 0.9 in every format and direction; faster than both serializers in every case.',
      misses.length === 0 ? 'All targets met in this run.' : `Targets missed in this run: ${misses.join('; ')}.`,
    ].join('\n');
    return { markdown };
  },
};
