/** Small inline schema repositories, one per concern, shared by the golden, determinism and type-level tests. */
import type { SchemaRepository } from '../../src/project/types.js';
import { json, repositoryOf } from './helpers.js';

const money = {
  type: 'record',
  name: 'Money',
  namespace: 'com.acme',
  doc: 'An amount of money in minor units.',
  fields: [
    { name: 'units', type: 'long', doc: 'Amount in minor units (cents).' },
    { name: 'currency', type: 'string', default: 'EUR', doc: 'ISO 4217 code.' },
  ],
};

const paymentV1 = {
  type: 'record',
  name: 'PaymentCompleted',
  namespace: 'com.acme.orders',
  doc: 'A payment for an order went through.\nEmitted once per payment.',
  fields: [
    { name: 'payment_id', type: { type: 'string', logicalType: 'uuid' }, doc: 'Id of the payment.' },
    { name: 'amount', type: 'com.acme.Money' },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['AUTHORIZED', 'CAPTURED'], default: 'CAPTURED', doc: 'Where the payment stands.' } },
    {
      name: 'method',
      type: [
        'null',
        {
          type: 'record',
          name: 'Card',
          fields: [
            { name: 'last4', type: 'string' },
            { name: 'expiry', type: { type: 'record', name: 'Expiry', fields: [{ name: 'month', type: 'int' }, { name: 'year', type: 'int' }] } },
          ],
        },
        'string',
      ],
      doc: 'The card used, an IBAN, or null for cash.',
    },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'attempts', type: { type: 'map', values: ['null', 'int'] } },
    { name: 'completed_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'completed_at_local', type: { type: 'long', logicalType: 'local-timestamp-micros' } },
    { name: 'booking_date', type: { type: 'int', logicalType: 'date' } },
    { name: 'cutoff', type: { type: 'int', logicalType: 'time-millis' } },
    { name: 'cutoff_precise', type: { type: 'long', logicalType: 'time-micros' } },
    { name: 'fee', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } },
    { name: 'checksum', type: { type: 'fixed', name: 'Md5', size: 16 } },
    { name: 'raw', type: 'bytes' },
    { name: 'bad_logical', type: { type: 'string', logicalType: 'timestamp-millis' }, doc: 'A logical type on the wrong type is ignored.' },
    { name: 'ratio', type: 'double' },
    { name: 'captured', type: 'boolean' },
  ],
};

const paymentV2 = {
  ...paymentV1,
  fields: [
    ...paymentV1.fields,
    { name: 'note', type: ['null', 'string'], default: null, doc: 'Free text from the payer.' },
    { name: 'retries', type: 'int', default: 0 },
  ],
};

/** Avro: references between subjects, every logical type, nested and named types, primitive roots, clashing names. */
export function avroRepository(): SchemaRepository {
  return repositoryOf(
    {
      'schemas/common.money/v1.avsc': json(money),
      'schemas/orders.payment.completed-value/v1.avsc': json(paymentV1),
      'schemas/orders.payment.completed-value/v2.avsc': json(paymentV2),
      'schemas/orders.payment.completed-key/v1.avsc': json('string'),
      'schemas/misc.things-value/v1.avsc': json([
        'null',
        { type: 'record', name: 'Item', namespace: 'a', fields: [{ name: 'a', type: 'string' }] },
        { type: 'record', name: 'Item', namespace: 'b', fields: [{ name: 'b', type: 'string', default: 'x' }] },
        {
          type: 'record',
          name: 'Date',
          doc: 'A record named like a global.',
          fields: [
            { name: 'day', type: { type: 'int', logicalType: 'date' } },
            { name: 'next', type: ['null', 'Date'], default: null, doc: 'Recursive.' },
          ],
        },
      ]),
    },
    { topics: { 'orders.payment.completed': { requireKey: true } } },
  );
}

/** Avro with `codegen.longType: "bigint"` and a custom runtime import specifier. */
export function avroBigintRepository(): SchemaRepository {
  return repositoryOf(
    {
      'schemas/clock.ticked-value/v1.avsc': json({
        type: 'record',
        name: 'Ticked',
        fields: [
          { name: 'sequence', type: 'long' },
          { name: 'at', type: { type: 'long', logicalType: 'timestamp-micros' } },
          { name: 'offset', type: { type: 'long', logicalType: 'time-micros' } },
          { name: 'counts', type: { type: 'array', items: 'long' } },
        ],
      }),
    },
    { codegen: { longType: 'bigint', runtimeImport: '@acme/kontract/runtime' } },
  );
}

const metadataProto = `syntax = "proto3";
package dev.kontract.common;

// Ids that tie an event to the business transaction.
message EventMetadata {
  // Shared by every event of one business transaction.
  string correlation_id = 1;
  string causation_id = 2;
}
`;

const shipmentProto = `syntax = "proto3";
package shipping.v1;

import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/any.proto";
import "common.metadata-proto/v1.proto";

// A shipment left the warehouse.
message ShipmentCreated {
  // Id of the shipment.
  string shipment_id = 1;
  int64 weight_grams = 2;
  uint32 parcels = 3;
  bool fragile = 4;
  bytes label_pdf = 5;
  Carrier carrier = 6;
  Address destination = 7;
  repeated Item items = 8;
  map<string, Item> items_by_sku = 9;
  map<int32, string> notes_by_line = 10;
  // How the shipment is paid.
  oneof payment {
    // A card token.
    Card card = 11;
    string iban = 12;
  }
  optional string tracking_url = 13;
  google.protobuf.Timestamp shipped_at = 14;
  google.protobuf.Duration transit_time = 15;
  google.protobuf.Int32Value declared_value = 16;
  google.protobuf.Struct extra = 17;
  google.protobuf.Any attachment = 18;
  dev.kontract.common.EventMetadata metadata = 19;
  repeated Carrier fallback_carriers = 20;
  double insured_amount = 21 [deprecated = true];

  // Who carries it.
  enum Carrier {
    CARRIER_UNSPECIFIED = 0;
    // Deutsche Post DHL.
    DHL = 1;
    UPS = 2;
  }

  message Address {
    string street = 1;
    string city = 2;
  }
}

message Item {
  string sku = 1;
  int32 quantity = 2;
}

message Card {
  string token = 1;
}
`;

const legacyProto = `syntax = "proto2";
package legacy;

message Reading {
  required string sensor = 1;
  optional double value = 2 [default = 1.5];
  repeated int32 samples = 3;
  optional Unit unit = 4;
}

enum Unit {
  CELSIUS = 1;
  KELVIN = 2;
}
`;

/** Protobuf: imports between subjects, nested types, oneofs, maps, well-known types, proto2 presence. */
export function protobufRepository(): SchemaRepository {
  return repositoryOf({
    'schemas/common.metadata-proto/v1.proto': metadataProto,
    'schemas/shipping.shipment.created-value/v1.proto': shipmentProto,
    'schemas/sensors.reading-value/v1.proto': legacyProto,
  });
}

const metadataJson = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'EventMetadata',
  description: 'Ids that tie an event to the business transaction.',
  type: 'object',
  additionalProperties: false,
  required: ['correlation_id'],
  properties: {
    correlation_id: { type: 'string', description: 'Shared by every event of one business transaction.' },
    causation_id: { type: ['string', 'null'] },
  },
};

const stockV1 = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'StockDepleted',
  description: 'A product ran out of stock in a warehouse.',
  type: 'object',
  additionalProperties: false,
  required: ['event_id', 'data', 'metadata'],
  properties: {
    event_id: { type: 'string', format: 'uuid', description: 'Unique id of this event.' },
    data: {
      type: 'object',
      additionalProperties: false,
      required: ['sku'],
      properties: { sku: { type: 'string' }, warehouse: { $ref: '#/definitions/Warehouse' } },
    },
    level: { enum: ['LOW', 'EMPTY', "it's gone"] },
    metadata: { $ref: '../common.metadata-json/v1.json' },
  },
  definitions: {
    Warehouse: { type: 'object', description: 'Where the stock was.', properties: { id: { type: 'string' }, region: { type: 'string' } }, required: ['id'] },
  },
};

const stockV2 = {
  ...stockV1,
  properties: { ...stockV1.properties, reorder: { oneOf: [{ type: 'boolean' }, { type: 'object', properties: { quantity: { type: 'integer' } }, required: ['quantity'] }] } },
};

/** JSON Schema: `$ref`s across subjects and inside the document, enums, oneOf, schemas without a title. */
export function jsonSchemaRepository(): SchemaRepository {
  return repositoryOf({
    'schemas/common.metadata-json/v1.json': json(metadataJson),
    'schemas/inventory.stock.depleted-value/v1.json': json(stockV1),
    'schemas/inventory.stock.depleted-value/v2.json': json(stockV2),
    'schemas/audit.entry-value/v1.json': json({ type: 'object', properties: { who: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['who'] }),
    'schemas/audit.entry-key/v1.json': json({ type: 'string', description: 'The audited entity id.' }),
  });
}

/** Names that clash: with generated `…Input` names, with the runtime's `SchemaVersionInfo`, with JSON Schema definitions. */
export function clashingNamesRepository(): SchemaRepository {
  return repositoryOf({
    'schemas/a-value/v1.json': json({
      title: 'Warehouse',
      type: 'object',
      properties: { w: { $ref: '#/definitions/Warehouse' }, i: { $ref: '#/definitions/WarehouseInput' } },
      definitions: { Warehouse: { type: 'object', properties: { x: { type: 'string' } } }, WarehouseInput: { type: 'string' } },
    }),
    'schemas/b-value/v1.json': json({ title: 'SchemaVersionInfo', type: 'object', properties: { s: { type: 'string' } } }),
    'schemas/c-value/v1.avsc': json({
      type: 'record',
      name: 'SchemaVersionInfo',
      fields: [{ name: 'x', type: { type: 'record', name: 'SchemaVersionInfoInput', fields: [{ name: 'n', type: 'int', default: 0 }] } }],
    }),
  });
}

/** Every fixture by name: the golden files of each live under `test/codegen/golden/<name>/`. */
export const fixtures: Record<string, () => SchemaRepository> = {
  avro: avroRepository,
  'avro-bigint': avroBigintRepository,
  protobuf: protobufRepository,
  jsonschema: jsonSchemaRepository,
  'clashing-names': clashingNamesRepository,
};
