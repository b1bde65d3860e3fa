/** The three schema formats a Confluent-compatible registry stores, by their registry names. */
export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export const SCHEMA_TYPES: readonly SchemaType[] = ['AVRO', 'PROTOBUF', 'JSON'];

/** A Confluent schema reference: `name` as the referring schema writes it, pinned to a subject version. */
export interface SchemaReference {
  /** Avro: the referenced type's full name; Protobuf: the import path; JSON Schema: the `$ref` URL (no fragment). */
  name: string;
  subject: string;
  version: number;
}

/** Confluent schema metadata (`confluent:reserved` and friends live in `properties`). */
export interface SchemaMetadata {
  tags?: Record<string, string[]>;
  properties?: Record<string, string>;
  sensitive?: string[];
}

/**
 * A schema as a registry stores it, with the texts of everything it references.
 * `references` maps each referenced name (see {@link SchemaReference.name}) to that schema's text;
 * transitive references are listed flat in the same map.
 */
export interface SchemaSource {
  schema: string;
  references?: Record<string, string>;
  metadata?: SchemaMetadata;
}

/** Either a bare schema text or a {@link SchemaSource}. */
export type SchemaInput = string | SchemaSource;

export function toSchemaSource(input: SchemaInput): SchemaSource {
  return typeof input === 'string' ? { schema: input } : input;
}
