/**
 * The small, versioned runtime that generated code imports (`kontract/runtime`). Generated files
 * only import from here, so the rest of kontract can evolve without breaking generated code.
 * Type-only except for {@link defineTopic}, which is an identity function that fixes the types.
 */
import type { SchemaReference, SchemaType } from '../schema/types.js';

export type { SchemaReference, SchemaType };

/** One schema version as embedded in generated code: enough to register it and to read/write with it. */
export interface SchemaVersionInfo {
  subject: string;
  version: number;
  schemaType: SchemaType;
  /** The schema text exactly as in the repository. */
  schema: string;
  /** Confluent references (direct). */
  references: readonly SchemaReference[];
  /** Texts of every (transitive) reference by reference name. */
  referenceTexts: Readonly<Record<string, string>>;
  /**
   * The record this topic carries: Avro full name of the root record, Protobuf full name of the
   * message (the first message of the file unless configured), JSON Schema `title` if any.
   * Used by RecordNameStrategy / TopicRecordNameStrategy and for Protobuf message indexes.
   */
  recordName?: string;
}

/** Phantom type carrier: never present at run time. */
export interface TopicTypes<Value, ValueInput, Key, KeyInput> {
  value: Value;
  valueInput: ValueInput;
  key: Key;
  keyInput: KeyInput;
}

/**
 * What the typed producer and consumer need to know about a topic: its value (and key) schema,
 * all versions (so a consumer can report which one it reads), and — at compile time only — the
 * TypeScript types of values as consumers read them and as producers may write them.
 */
export interface TopicDescriptor<Value = unknown, ValueInput = Value, Key = string | null, KeyInput = Key> {
  topic: string;
  /** The latest version: the schema producers write and consumers read with. */
  value: SchemaVersionInfo;
  /** All versions of the value subject, oldest first (the last one is `value`). */
  valueVersions: readonly SchemaVersionInfo[];
  /** Key schema; absent means keys are plain UTF-8 strings (or null). */
  key?: SchemaVersionInfo;
  /** Messages on this topic must carry a non-null key (ordering). */
  requireKey: boolean;
  /** Compile-time only. */
  readonly types?: TopicTypes<Value, ValueInput, Key, KeyInput>;
}

/** The generated map from topic name to its descriptor. */
export type TopicMap = { readonly [topic: string]: TopicDescriptor<unknown, unknown, unknown, unknown> };

/** The type consumers receive for a topic's values. */
export type ValueOf<T> = T extends TopicDescriptor<infer V, unknown, unknown, unknown> ? V : never;
/** The type producers may send as a topic's value (fields with defaults optional). */
export type ValueInputOf<T> = T extends TopicDescriptor<unknown, infer VI, unknown, unknown> ? VI : never;
/** The type consumers receive for a topic's keys. */
export type KeyOf<T> = T extends TopicDescriptor<unknown, unknown, infer K, unknown> ? K : never;
/** The type producers may send as a topic's key. */
export type KeyInputOf<T> = T extends TopicDescriptor<unknown, unknown, unknown, infer KI> ? KI : never;

/** Fixes a descriptor's type parameters; used by generated code. Returns its argument unchanged. */
export function defineTopic<Value, ValueInput = Value, Key = string | null, KeyInput = Key>(
  descriptor: Omit<TopicDescriptor<Value, ValueInput, Key, KeyInput>, 'types'>,
): TopicDescriptor<Value, ValueInput, Key, KeyInput> {
  return descriptor;
}
