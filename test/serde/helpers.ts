/**
 * Shared pieces of the serialization tests: the example repository registered in an embedded registry,
 * descriptors from the generated code (examples/generated, codegen's committed output) pinned to any
 * version, and sample events of every example subject version — written as the generated input types,
 * with the values consumers read back.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  commonMetadataAvroVersions,
  commonMetadataJsonVersions,
  commonMetadataProtoVersions,
  topics,
  type CommonMetadataAvroInput,
  type CommonMetadataJsonInput,
  type CommonMetadataProtoInput,
  type InventoryStockDepletedV1Input,
  type InventoryStockDepletedV2Input,
  type NotificationsEmailSentV1,
  type NotificationsEmailSentV1Input,
  type OrdersPaymentCompletedV1,
  type OrdersPaymentCompletedV1Input,
  type OrdersPaymentCompletedV2,
  type OrdersPaymentCompletedV2Input,
  type UsersProfileUpdatedV1,
  type UsersProfileUpdatedV1Input,
  type UsersProfileUpdatedV2,
  type UsersProfileUpdatedV2Input,
} from '../../examples/generated/index.js';
import { loadRepository } from '../../src/project/load.js';
import { createRegistryClient, type RegistryClient } from '../../src/registry/client/client.js';
import { startRegistry, type RunningRegistry } from '../../src/registry/server/http.js';
import { registerRepository } from '../../src/registry/sync.js';
import type { SchemaVersionInfo, TopicDescriptor } from '../../src/runtime/index.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export { topics };

export interface RegisteredRegistry {
  registry: RunningRegistry;
  client: RegistryClient;
  close(): Promise<void>;
}

/** An in-memory embedded registry holding every subject version of the example repository (`schemas/`). */
export async function startExampleRegistry(): Promise<RegisteredRegistry> {
  const registry = await startRegistry({ port: 0, memory: true });
  const client = createRegistryClient({ url: registry.url, retries: 0 });
  const result = await registerRepository(loadRepository(repoRoot), client);
  if (!result.ok) throw new Error(`registering the example repository failed: ${JSON.stringify(result.actions.filter((a) => a.outcome === 'refused' || a.outcome === 'failed'))}`);
  return { registry, client, close: () => registry.close() };
}

/** `descriptor` as code generated when `version` was the latest: that version is what it writes and reads. */
export function atVersion<D extends TopicDescriptor<unknown, unknown, unknown, unknown>>(descriptor: D, version: number): D {
  const valueVersions = descriptor.valueVersions.slice(0, version);
  const value = valueVersions[version - 1];
  if (!value) throw new Error(`${descriptor.topic} has no version ${version}`);
  return { ...descriptor, value, valueVersions };
}

/** A descriptor for a subject that no topic carries (the shared metadata subjects), on a topic of its own. */
export function subjectTopic(topic: string, versions: readonly SchemaVersionInfo[]): TopicDescriptor {
  return { topic, value: versions[versions.length - 1]!, valueVersions: versions, requireKey: false };
}

export const metadataTopics = {
  avro: subjectTopic('test.common.metadata-avro', commonMetadataAvroVersions),
  proto: subjectTopic('test.common.metadata-proto', commonMetadataProtoVersions),
  json: subjectTopic('test.common.metadata-json', commonMetadataJsonVersions),
};

const timestamp = new Date('2024-05-01T10:15:30.123Z');
const eventId = '6c1f1c2a-2c1e-4a44-9c3e-0a1b2c3d4e5f';

/** A sample written with a version's input type and the value a reader of the same version gets back. */
export interface Sample<Input, Read = Input> {
  input: Input;
  read: Read;
}

export const payment: { v1: Sample<OrdersPaymentCompletedV1Input, OrdersPaymentCompletedV1>; v2: Sample<OrdersPaymentCompletedV2Input, OrdersPaymentCompletedV2> } = {
  v1: {
    input: {
      event_id: eventId,
      event_type: 'orders.payment.completed',
      event_version: 1,
      timestamp,
      source: 'payments-service',
      data: { order_id: 'order-17', payment_id: 'pay-9', amount: '1234.50', currency: 'EUR' },
      metadata: { correlation_id: 'corr-1' },
    },
    read: {
      event_id: eventId,
      event_type: 'orders.payment.completed',
      event_version: 1,
      timestamp,
      source: 'payments-service',
      data: { order_id: 'order-17', payment_id: 'pay-9', amount: '1234.50', currency: 'EUR' },
      metadata: { correlation_id: 'corr-1', causation_id: null, trace_id: null },
    },
  },
  v2: {
    input: {
      event_id: eventId,
      event_type: 'orders.payment.completed',
      event_version: 2,
      timestamp,
      source: 'payments-service',
      data: { order_id: 'order-17', payment_id: 'pay-9', amount: '-0.05', currency: 'EUR', method: 'CARD', captured_by: 'stripe' },
      metadata: { correlation_id: 'corr-1', causation_id: 'evt-0', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' },
    },
    read: {
      event_id: eventId,
      event_type: 'orders.payment.completed',
      event_version: 2,
      timestamp,
      source: 'payments-service',
      data: { order_id: 'order-17', payment_id: 'pay-9', amount: '-0.05', currency: 'EUR', method: 'CARD', captured_by: 'stripe' },
      metadata: { correlation_id: 'corr-1', causation_id: 'evt-0', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' },
    },
  },
};

export const emailSent: { v1: Sample<NotificationsEmailSentV1Input, NotificationsEmailSentV1> } = {
  v1: {
    input: {
      event_id: eventId,
      event_type: 'notifications.email.sent',
      event_version: 1,
      timestamp,
      source: 'notifications-service',
      data: { message_id: 'msg-1', recipient: 'ada@example.com', template: 'PAYMENT_RECEIPT' },
      metadata: { correlation_id: 'corr-2', causation_id: 'evt-1' },
    },
    read: {
      event_id: eventId,
      event_type: 'notifications.email.sent',
      event_version: 1,
      timestamp,
      source: 'notifications-service',
      data: { message_id: 'msg-1', recipient: 'ada@example.com', template: 'PAYMENT_RECEIPT', tags: {} },
      metadata: { correlation_id: 'corr-2', causation_id: 'evt-1', trace_id: null },
    },
  },
};

export const profileUpdated: { v1: Sample<UsersProfileUpdatedV1Input, UsersProfileUpdatedV1>; v2: Sample<UsersProfileUpdatedV2Input, UsersProfileUpdatedV2> } = {
  v1: {
    input: {
      event_id: eventId,
      event_type: 'users.profile.updated',
      event_version: 1,
      timestamp,
      source: 'accounts-service',
      data: { user_id: 'user-3', display_name: 'Ada', email: 'ada@example.com' },
      metadata: { correlation_id: 'corr-3' },
    },
    read: {
      event_id: eventId,
      event_type: 'users.profile.updated',
      event_version: 1,
      timestamp,
      source: 'accounts-service',
      data: { user_id: 'user-3', display_name: 'Ada', email: 'ada@example.com' },
      metadata: { correlation_id: 'corr-3', causation_id: '', trace_id: '' },
    },
  },
  v2: {
    input: {
      event_id: eventId,
      event_type: 'users.profile.updated',
      event_version: 2,
      timestamp,
      source: 'accounts-service',
      data: {
        user_id: 'user-3',
        display_name: 'Ada',
        changed_fields: ['display_name', 'attributes'],
        visibility: 'VISIBILITY_PUBLIC',
        attributes: { locale: 'en-GB', theme: 'dark' },
        avatar: { case: 'avatar_seed', value: 9_007_199_254_740_991 },
      },
      metadata: { correlation_id: 'corr-3', causation_id: 'evt-2', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' },
    },
    read: {
      event_id: eventId,
      event_type: 'users.profile.updated',
      event_version: 2,
      timestamp,
      source: 'accounts-service',
      data: {
        user_id: 'user-3',
        display_name: 'Ada',
        changed_fields: ['display_name', 'attributes'],
        visibility: 'VISIBILITY_PUBLIC',
        attributes: { locale: 'en-GB', theme: 'dark' },
        avatar: { case: 'avatar_seed', value: 9_007_199_254_740_991 },
      },
      metadata: { correlation_id: 'corr-3', causation_id: 'evt-2', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' },
    },
  },
};

export const stockDepleted: { v1: Sample<InventoryStockDepletedV1Input>; v2: Sample<InventoryStockDepletedV2Input> } = {
  v1: {
    input: {
      event_id: eventId,
      event_type: 'inventory.stock.depleted',
      event_version: 1,
      timestamp: '2024-05-01T10:15:30.123Z',
      source: 'inventory-service',
      data: { sku: 'SKU-1', warehouse_id: 'wh-7' },
      metadata: { correlation_id: 'corr-4', causation_id: null },
    },
    read: {
      event_id: eventId,
      event_type: 'inventory.stock.depleted',
      event_version: 1,
      timestamp: '2024-05-01T10:15:30.123Z',
      source: 'inventory-service',
      data: { sku: 'SKU-1', warehouse_id: 'wh-7' },
      metadata: { correlation_id: 'corr-4', causation_id: null },
    },
  },
  v2: {
    input: {
      event_id: eventId,
      event_type: 'inventory.stock.depleted',
      event_version: 2,
      timestamp: '2024-05-01T10:15:30.123Z',
      source: 'inventory-service',
      data: { sku: 'SKU-1', warehouse_id: 'wh-7', reorder_quantity: 40, last_sold_at: '2024-05-01T09:00:00Z' },
      metadata: { correlation_id: 'corr-4', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' },
    },
    read: {
      event_id: eventId,
      event_type: 'inventory.stock.depleted',
      event_version: 2,
      timestamp: '2024-05-01T10:15:30.123Z',
      source: 'inventory-service',
      data: { sku: 'SKU-1', warehouse_id: 'wh-7', reorder_quantity: 40, last_sold_at: '2024-05-01T09:00:00Z' },
      metadata: { correlation_id: 'corr-4', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' },
    },
  },
};

export const metadataSamples: { avro: Sample<CommonMetadataAvroInput>; proto: Sample<CommonMetadataProtoInput>; json: Sample<CommonMetadataJsonInput> } = {
  avro: { input: { correlation_id: 'c-1', trace_id: 't-1' }, read: { correlation_id: 'c-1', causation_id: null, trace_id: 't-1' } },
  proto: { input: { correlation_id: 'c-1', trace_id: 't-1' }, read: { correlation_id: 'c-1', causation_id: '', trace_id: 't-1' } },
  json: { input: { correlation_id: 'c-1', causation_id: null }, read: { correlation_id: 'c-1', causation_id: null } },
};

/** Every example subject version with a topic to write it to, a sample, and the codec options it needs. */
export interface RoundTripCase {
  name: string;
  descriptor: TopicDescriptor<unknown, unknown, unknown, unknown>;
  sample: Sample<unknown, unknown>;
  /** Subjects without a topic are registered under `<topic>-value` by the codec. */
  autoRegister: boolean;
}

export function roundTripCases(): RoundTripCase[] {
  return [
    { name: 'orders.payment.completed-value v1 (Avro)', descriptor: atVersion(topics['orders.payment.completed'], 1), sample: payment.v1, autoRegister: false },
    { name: 'orders.payment.completed-value v2 (Avro)', descriptor: atVersion(topics['orders.payment.completed'], 2), sample: payment.v2, autoRegister: false },
    { name: 'notifications.email.sent-value v1 (Avro)', descriptor: topics['notifications.email.sent'], sample: emailSent.v1, autoRegister: false },
    { name: 'users.profile.updated-value v1 (Protobuf)', descriptor: atVersion(topics['users.profile.updated'], 1), sample: profileUpdated.v1, autoRegister: false },
    { name: 'users.profile.updated-value v2 (Protobuf)', descriptor: atVersion(topics['users.profile.updated'], 2), sample: profileUpdated.v2, autoRegister: false },
    { name: 'inventory.stock.depleted-value v1 (JSON Schema)', descriptor: atVersion(topics['inventory.stock.depleted'], 1), sample: stockDepleted.v1, autoRegister: false },
    { name: 'inventory.stock.depleted-value v2 (JSON Schema)', descriptor: atVersion(topics['inventory.stock.depleted'], 2), sample: stockDepleted.v2, autoRegister: false },
    { name: 'common.metadata-avro v1 (Avro)', descriptor: metadataTopics.avro, sample: metadataSamples.avro, autoRegister: true },
    { name: 'common.metadata-proto v1 (Protobuf)', descriptor: metadataTopics.proto, sample: metadataSamples.proto, autoRegister: true },
    { name: 'common.metadata-json v1 (JSON Schema)', descriptor: metadataTopics.json, sample: metadataSamples.json, autoRegister: true },
  ];
}

/**
 * A self-contained Protobuf schema for @kafkajs/confluent-schema-registry (3.9.0 does not resolve google/protobuf
 * imports), with the same event in kontract's shape and in kafkajs's (camelCase names, enum numbers).
 */
const shipmentSchema = `syntax = "proto3";
package logistics;

message Shipment {
  string id = 1;
  Status status = 2;
  repeated Parcel parcels = 3;
  int64 weight_grams = 4;

  message Parcel {
    string label = 1;
  }

  enum Status {
    STATUS_UNSPECIFIED = 0;
    SHIPPED = 1;
  }
}
`;
const shipmentInfo: SchemaVersionInfo = {
  subject: 'logistics.shipments-value',
  version: 1,
  schemaType: 'PROTOBUF',
  schema: shipmentSchema,
  references: [],
  referenceTexts: {},
  recordName: 'logistics.Shipment',
};
export const shipment = {
  schema: shipmentSchema,
  descriptor: { topic: 'logistics.shipments', value: shipmentInfo, valueVersions: [shipmentInfo], requireKey: false } as TopicDescriptor,
  value: { id: 's-1', status: 'SHIPPED', parcels: [{ label: 'a' }, { label: 'b' }], weight_grams: 1200 },
  kafkajsValue: { id: 's-1', status: 1, parcels: [{ label: 'a' }, { label: 'b' }], weightGrams: 1200 },
};
