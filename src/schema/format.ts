import type { SchemaSource, SchemaType } from './types.js';

export interface ParseOptions {
  /** Reported in errors. */
  file?: string;
  /**
   * Validate defaults and names strictly, as Confluent does for a schema being registered.
   * Stored (already accepted) schemas are parsed with `strict: false`.
   */
  strict?: boolean;
}

/**
 * What every schema format provides to the rest of kontract. One implementation per format
 * lives in `src/schema/<format>.ts`; compat, codegen, the registry and the repository loader
 * only talk to formats through this interface (and the format-specific parsed model).
 *
 * Every function here is pure: no I/O. Errors are thrown as `KontractError` with code
 * `SCHEMA_SYNTAX`, `SCHEMA_INVALID`, `REFERENCE_UNRESOLVED` or `NAME_CLASH`, and a location
 * (JSON path / proto element path, line and column where known) but no file; callers add it.
 */
export interface SchemaFormat<Parsed> {
  readonly type: SchemaType;
  /** File extensions in the schema repository, with the dot: `.avsc`, `.proto`, `.json`. */
  readonly fileExtensions: readonly string[];
  /** Parse and validate a schema with its references. */
  parse(source: SchemaSource, options?: ParseOptions): Parsed;
  /**
   * Names this schema text refers to that it does not define itself, as they would appear as
   * Confluent reference names: Avro full names of named types, Protobuf import paths (except the
   * well-known `google/protobuf/*` ones, which are built in), JSON Schema `$ref` URLs without fragment
   * that do not point into the document itself. Throws only on syntax errors.
   */
  referencedNames(schema: string): string[];
  /**
   * Names this parsed schema defines that other schemas can reference: Avro full names of the
   * named types defined in this text (not in its references); `[]` for Protobuf (imports are
   * by path) and JSON Schema (refs are by URL).
   */
  definedNames(parsed: Parsed): string[];
  /** Canonical text used for `normalize=true` and to decide whether two schemas are the same. */
  normalize(source: SchemaSource): string;
  /** Top-level field names, for Confluent's `confluent:reserved` check. */
  topLevelFieldNames(parsed: Parsed): string[];
}
