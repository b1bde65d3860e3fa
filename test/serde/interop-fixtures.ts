/**
 * What the two interop tests (test/serde/interop.test.ts without a broker, test/kafka/interop.test.ts through
 * one) share: the published clients set up against the example registry, the example events in the other
 * clients' shapes (underlying Avro values; Protobuf camelCase names, enum numbers, Timestamp messages), and
 * run-time @bufbuild descriptors of the users.profile.updated schema.
 */
import { createFileRegistry, fromBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, file_google_protobuf_timestamp, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TopicDescriptor } from '../../src/runtime/index.js';
import { protobufFormat } from '../../src/schema/protobuf.js';
import { payment, profileUpdated, topics } from './helpers.js';

/** The v2 payment as the other clients see it: epoch milliseconds and the decimal's two's-complement bytes. */
export const paymentUnderlying = { ...payment.v2.read, timestamp: payment.v2.read.timestamp.getTime(), data: { ...payment.v2.read.data, amount: Buffer.from([0xfb]) } };

/**
 * @kafkajs/confluent-schema-registry against `url`. It registers referenced JSON schemas under their $id, which the
 * example's shared metadata schema does not have; its ajv here knows that schema under its reference name (and
 * knows ajv-formats' uuid/date-time).
 */
export function kafkajsSchemaRegistry(url: string): SchemaRegistry {
  const ajv = new Ajv({ strict: false });
  addFormatsModule.default(ajv);
  for (const [name, text] of Object.entries(topics['inventory.stock.depleted'].value.referenceTexts)) ajv.addSchema(JSON.parse(text) as object, name);
  // (kafkajs types ajvInstance with its own nested copy of ajv, hence the cast.)
  const ajvInstance = { addSchema: () => ajvInstance, compile: (schema: object) => ajv.compile(schema) };
  const options = { [SchemaType.JSON]: { ajvInstance } } as unknown as ConstructorParameters<typeof SchemaRegistry>[1];
  return new SchemaRegistry({ host: url, retry: { retries: 0 } }, options);
}

const profileInfo = topics['users.profile.updated'].value;

/** users.profile.updated read and written as its nested `Data` message: message indexes [0, 0]. */
export const nestedProfile: TopicDescriptor = { ...topics['users.profile.updated'], value: { ...profileInfo, recordName: 'dev.kontract.users.ProfileUpdated.Data' } };

/** Runtime descriptors (@bufbuild) of the registered users.profile.updated schema and its reference, from kontract's FileDescriptorProto. */
export function profileDescriptors(): { profile: DescMessage; data: DescMessage } {
  const descriptorOf = (schema: string, references: Record<string, string>, name: string) => {
    const proto = fromBinary(FileDescriptorProtoSchema, Buffer.from(protobufFormat.toFileDescriptorProtoBase64({ schema, references }), 'base64'));
    proto.name = name;
    return proto;
  };
  const [referenceName] = Object.keys(profileInfo.referenceTexts);
  const reference = descriptorOf(profileInfo.referenceTexts[referenceName!]!, {}, referenceName!);
  const files = createFileRegistry(descriptorOf(profileInfo.schema, profileInfo.referenceTexts, 'users.profile.updated.proto'), (name) =>
    name === referenceName ? reference : name === 'google/protobuf/timestamp.proto' ? file_google_protobuf_timestamp : undefined,
  );
  return { profile: files.getMessage('dev.kontract.users.ProfileUpdated')!, data: files.getMessage('dev.kontract.users.ProfileUpdated.Data')! };
}

/** kontract → Confluent: the v2 profile as Confluent's deserializer reads it (its timestamp aside, a Timestamp message). */
export const profileAsConfluentReads = {
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
};

/** kontract → Confluent: a nested `Data` message in kontract's shape, and as Confluent reads it. */
export const nestedData = {
  input: { user_id: 'user-9', display_name: 'Nested', avatar: { case: 'avatar_url', value: 'https://x' } },
  asConfluentReads: { $typeName: 'dev.kontract.users.ProfileUpdated.Data', userId: 'user-9', displayName: 'Nested', avatar: { case: 'avatarUrl', value: 'https://x' } },
} as const;

/** Confluent → kontract: a profile and a nested `Data` message as Confluent's serializer is given them, and as kontract reads them. */
export const confluentProfile = {
  init: {
    eventId: 'e-1',
    eventType: 'users.profile.updated',
    eventVersion: 2,
    timestamp: timestampFromDate(new Date('2024-05-01T10:15:30.123Z')),
    source: 'confluent',
    data: { userId: 'u-1', displayName: 'C', visibility: 2, attributes: { k: 'v' }, avatar: { case: 'avatarUrl', value: 'https://a' } },
    metadata: { correlationId: 'c-1' },
  } as MessageInitShape<DescMessage>,
  read: {
    event_id: 'e-1',
    event_type: 'users.profile.updated',
    event_version: 2,
    timestamp: new Date('2024-05-01T10:15:30.123Z'),
    source: 'confluent',
    data: { user_id: 'u-1', display_name: 'C', changed_fields: [], visibility: 'VISIBILITY_PRIVATE', attributes: { k: 'v' }, avatar: { case: 'avatar_url', value: 'https://a' } },
    metadata: { correlation_id: 'c-1', causation_id: '', trace_id: '' },
  },
  nestedInit: { userId: 'u-2', changedFields: ['x'], avatar: { case: 'avatarSeed', value: -5n } } as MessageInitShape<DescMessage>,
  nestedRead: { user_id: 'u-2', display_name: '', changed_fields: ['x'], visibility: 'VISIBILITY_UNSPECIFIED', attributes: {}, avatar: { case: 'avatar_seed', value: -5 } },
};
