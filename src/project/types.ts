import type { CompatibilityLevel } from '../compat/types.js';
import type { SchemaReference, SchemaType } from '../schema/types.js';

export type SubjectNameStrategy = 'TopicNameStrategy' | 'RecordNameStrategy' | 'TopicRecordNameStrategy';

export type RegistryAuth = { username: string; password: string } | { token: string };

export interface RegistryConfig {
  /** Base URL of a Confluent-compatible registry. Absent: the embedded registry under `.kontract/`. */
  url: string;
  auth?: RegistryAuth;
}

export interface CodegenConfig {
  /** Folder the generated TypeScript goes to, relative to the project root. */
  outDir: string;
  /** How Avro `long` (and Protobuf 64-bit integers) are typed: `number` (default) or `bigint`. */
  longType: 'number' | 'bigint';
  /** Module specifier generated files import the runtime types from. */
  runtimeImport: string;
}

export interface SubjectConfig {
  compatibility?: CompatibilityLevel;
}

/** How a topic maps to subjects. Derived from `<topic>-value` / `<topic>-key` under TopicNameStrategy. */
export interface TopicConfig {
  value?: string;
  key?: string;
  /** Messages on this topic must carry a non-null key (ordering). */
  requireKey?: boolean;
}

/** Where the consumer contracts are (`contracts/<service>.json`). Defaults: {@link contractsSettings}. */
export interface ContractsConfig {
  /** Folder of the contract files, relative to the project root. Default `contracts`. */
  dir?: string;
}

/** How a lint rule reports: not at all, as a warning (does not fail without `--strict`), or as an error. */
export type LintSeverity = 'off' | 'warn' | 'error';

/** The envelope every event value schema carries. */
export interface EnvelopeConfig {
  /** Top-level fields. Default: event_id, event_type, event_version, timestamp, source, metadata. */
  fields?: string[];
  /** The field holding the metadata record. Default `metadata`. */
  metadataField?: string;
  /** Fields of the metadata record. Default: correlation_id, causation_id, trace_id. */
  metadataFields?: string[];
}

/** Size estimate limits and the assumptions made for unbounded strings, collections and recursion. */
export interface MessageSizeConfig {
  /** Estimated maximum above which MESSAGE_SIZE is an error. Default 1048576 (1 MiB, Kafka's default limit). */
  errorBytes?: number;
  /** Estimated maximum above which MESSAGE_SIZE warns. Default 102400 (100 KiB). */
  warnBytes?: number;
  /** Bytes assumed for a string or bytes value without a declared maximum length. Default 256. */
  assumedStringBytes?: number;
  /** Entries assumed for an array or map without a declared maximum. Default 32. */
  assumedItems?: number;
  /** Times a recursive type is assumed to nest. Default 3. */
  assumedRecursionDepth?: number;
}

/** `kontract lint` settings, as written in the config. Defaults: {@link lintSettings}. */
export interface LintConfig {
  /** Severity per rule id (`kontract lint --list` lists them); every rule is on by default. */
  rules?: Record<string, LintSeverity>;
  /** Regular expression topic names must match. Default: three lowercase dot-separated parts. */
  topicNamePattern?: string;
  /** Regular expression the names of subjects bound to no topic (shared types) must match. */
  librarySubjectPattern?: string;
  envelope?: EnvelopeConfig;
  messageSize?: MessageSizeConfig;
}

/** `kontract.config.json`, with every default applied. Its JSON Schema is `kontract.config.schema.json`. */
export interface KontractConfig {
  schemasDir: string;
  registry?: RegistryConfig;
  compatibility: CompatibilityLevel;
  subjectNameStrategy: SubjectNameStrategy;
  subjects: Record<string, SubjectConfig>;
  topics: Record<string, TopicConfig>;
  codegen: CodegenConfig;
  /** Present when the config file has a `contracts` section; {@link contractsSettings} applies defaults. */
  contracts?: ContractsConfig;
  /** Present when the config file has a `lint` section; {@link lintSettings} applies defaults. */
  lint?: LintConfig;
}

/** One immutable version file of a subject, e.g. `schemas/orders.payment.completed-value/v2.avsc`. */
export interface SchemaVersion {
  subject: string;
  version: number;
  schemaType: SchemaType;
  /** Path relative to the project root, with `/` separators. */
  file: string;
  /** The file's text, exactly as stored. */
  schema: string;
  /** Direct references, Confluent-style, in the order the schema uses them. */
  references: SchemaReference[];
  /** Texts of every (transitive) reference by reference name: what `SchemaFormat.parse` needs. */
  referenceTexts: Record<string, string>;
}

export interface Subject {
  name: string;
  schemaType: SchemaType;
  /** Folder relative to the project root. */
  dir: string;
  /** Ascending by version, no gaps, starting at 1. */
  versions: SchemaVersion[];
  /** Effective level: the subject's own, else the project default. */
  compatibility: CompatibilityLevel;
}

export interface TopicBinding {
  topic: string;
  value?: Subject;
  key?: Subject;
  requireKey: boolean;
}

/** A loaded, validated schema repository. */
export interface SchemaRepository {
  /** Absolute project root (where `kontract.config.json` is). */
  root: string;
  config: KontractConfig;
  /** Sorted by subject name. */
  subjects: Subject[];
  /** Sorted by topic name. */
  topics: TopicBinding[];
}
