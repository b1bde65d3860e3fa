/**
 * Serialization: Confluent's wire format with Avro (avsc), Protobuf (a wire codec driven by kontract's parsed
 * model) and JSON Schema (ajv) payloads, in exactly the value shapes the generated types declare. Usable without
 * Kafka; {@link createTopicCodec} is what the typed producer and consumer serialize with.
 */
export { createTopicCodec } from './codec.js';
export type { SchemaCodec, TopicCodecOptions } from './codec.js';
export { isNotFound, serdeRegistryFromClient, serdeRegistryOf } from './registry.js';
export type { RegisteredSchema, RegisteredVersion, RegistryInput, SerdeRegistry } from './registry.js';
export { subjectName } from './subject.js';
export type { MessagePart, SubjectNameStrategy } from './subject.js';
export { HEADER_BYTES, MAGIC_BYTE, frame, frameSize, messageIndexesSize, readFrame, writeFrame } from './wire.js';
export type { ReadFrameOptions, WireFrame } from './wire.js';
export type { LongType } from './long-type.js';
