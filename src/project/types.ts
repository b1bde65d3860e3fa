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

/** `kontract.config.json`, with every default applied. Its JSON Schema is `kontract.config.schema.json`. */
export interface KontractConfig {
  schemasDir: string;
  registry?: RegistryConfig;
  compatibility: CompatibilityLevel;
  subjectNameStrategy: SubjectNameStrategy;
  subjects: Record<string, SubjectConfig>;
  topics: Record<string, TopicConfig>;
  codegen: CodegenConfig;
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
