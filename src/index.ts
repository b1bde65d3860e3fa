/**
 * kontract: Kafka event contracts that are safe to change.
 *
 * - Schema repository: {@link loadRepository} reads `schemas/<subject>/v<N>.<avsc|proto|json>` and `kontract.config.json`.
 * - Compatibility: {@link checkCompatibility} gives Confluent Schema Registry's verdicts offline, for all seven levels.
 * - Code generation: {@link generateCode} / {@link writeGeneratedCode}.
 * - Registry: {@link startRegistry} (embedded, Confluent-API-compatible) and {@link createRegistryClient} (any registry).
 * - Kafka: producers and consumers over kafkajs with the envelope, retries, dead letters and lag.
 */

// Errors
export { KontractError, KontractErrorList, describeError, formatLocation, isKontractError, userErrorsOf } from './errors.js';
export type { KontractErrorCode, KontractErrorOptions, SourceLocation } from './errors.js';

// Schemas: formats, parsed models and the repository
export type { SchemaInput, SchemaMetadata, SchemaReference, SchemaSource, SchemaType } from './schema/types.js';
export { SCHEMA_TYPES, toSchemaSource } from './schema/types.js';
export type { ParseOptions, SchemaFormat } from './schema/format.js';
export { parseSchemaType, schemaFormat, schemaTypeOfFile } from './schema/formats.js';
export { avroDefinedNames, avroFormat, avroReferencedNames, normalizeAvroSchema, parseAvroSchema } from './schema/avro.js';
export type * from './schema/avro-model.js';
export { messageIndexes, messageNameAt, printProtoFile, protobufFormat, protobufMessageType, protobufRoot, toFileDescriptorProtoBase64 } from './schema/protobuf.js';
export type { ParsedProtobufSchema, ProtoEnum, ProtoField, ProtoFieldType, ProtoFile, ProtoMessage, ProtoOneof, ProtoTypeEntry } from './schema/protobuf.js';
export { canonicalJsonSchema, jsonSchemaFormat, jsonSchemaReferencedNames, parseJsonSchema } from './schema/jsonschema.js';
export type { JsonSchemaDraft, JsonSchemaNode, ParsedJsonSchema } from './schema/jsonschema.js';
export { locateInSchema } from './schema/locate.js';
export { parseJsonDocument, type JsonDocument, type JsonValue } from './schema/json-text.js';

export { CONFIG_FILE, defaultConfig, parseConfig, readConfig } from './project/config.js';
export { findProjectRoot, loadRepository, loadRepositoryAtRevision, readSchemaFiles } from './project/load.js';
export { buildRepository, type RepositoryFiles } from './project/repository.js';
export type * from './project/types.js';

// Compatibility
export { checkCompatibility } from './compat/check.js';
export { COMPATIBILITY_LEVELS } from './compat/types.js';
export type {
  CheckCompatibilityInput,
  CompatibilityLevel,
  CompatibilityResult,
  CompatibilityRule,
  CompatibilitySchema,
  Difference,
  Direction,
  Finding,
  JsonCompatibilityPolicy,
} from './compat/types.js';
export { allCompatibilityRules } from './compat/rules.js';
export { genericRules } from './compat/generic-rules.js';
export { avroRules, type AvroRuleId } from './compat/avro/index.js';
export { protobufRules, type ProtobufRuleId } from './compat/protobuf/index.js';
export { jsonSchemaRules, type JsonDifferenceType } from './compat/jsonschema/index.js';
export { gateReportCases, gateRepository, type SubjectGateResult } from './compat/gate.js';

// Reports (check, verify, lint)
export { printReport, type PrintOptions } from './report/print.js';
export { REPORT_FORMATS, reportExitCode } from './report/types.js';
export type { CaseStatus, Report, ReportCase, ReportError, ReportFinding, ReportFormat, Severity } from './report/types.js';

// Code generation
export { GENERATED_MARKER, avroLogicalMapping, generateCode, protobufWellKnownType, subjectTypeName, writeGeneratedCode } from './codegen/index.js';
export type { GenerateOptions, GenerateProgress, GeneratedCode, GeneratedFile, WriteOptions, WriteProgress, WriteResult, WriteSummary } from './codegen/index.js';

// Registry
export * from './registry/index.js';
export { dependencyOrder, registerRepository, registryVerdicts } from './registry/sync.js';
export type { ConfigAction, RegisterAction, RegisterResult, RegistryVerdict } from './registry/sync.js';
export { pullSubjects, type PulledFile, type PulledSubject, type PullResult } from './registry/pull.js';

// Runtime types used by generated code (also `kontract/runtime`)
export { defineTopic } from './runtime/index.js';
export type { KeyInputOf, KeyOf, SchemaVersionInfo, TopicDescriptor, TopicMap, TopicTypes, ValueInputOf, ValueOf } from './runtime/index.js';

// Serialization (Confluent wire format; usable without Kafka)
export * from './serde/index.js';

// Kafka. The typed producer and consumer (over the generated topic map and the registry) are the main entry;
// the codec-level ones they are built on stay available under their own names. Explicit exports shadow `export *`.
export * from './kafka/index.js';
export { createConsumer, createProducer } from './kafka/typed.js';
export type {
  SerdeOptions,
  TopicNameOf,
  TypedBatchItem,
  TypedConsumer,
  TypedConsumerOptions,
  TypedHandler,
  TypedMessage,
  TypedProducer,
  TypedProducerOptions,
} from './kafka/typed.js';
export { createConsumer as createCodecConsumer, createProducer as createCodecProducer } from './kafka/index.js';

// Contract testing: contracts, verify, can-i-deploy, lint, examples (the test kit is `kontract/testing`)
export * from './contract/index.js';

// CLI (for embedding and tests)
export { runCli } from './cli/main.js';
export type { CliIO } from './cli/io.js';
