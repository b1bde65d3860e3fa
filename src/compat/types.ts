import type { SchemaFormat } from '../schema/format.js';
import type { SchemaMetadata, SchemaSource, SchemaType } from '../schema/types.js';

/** Confluent's seven compatibility levels. */
export type CompatibilityLevel =
  | 'BACKWARD'
  | 'BACKWARD_TRANSITIVE'
  | 'FORWARD'
  | 'FORWARD_TRANSITIVE'
  | 'FULL'
  | 'FULL_TRANSITIVE'
  | 'NONE';

export const COMPATIBILITY_LEVELS: readonly CompatibilityLevel[] = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
];

/**
 * Which way a pair was checked. `BACKWARD`: the candidate reads data written with a previous
 * version. `FORWARD`: a previous version reads data written with the candidate.
 */
export type Direction = 'BACKWARD' | 'FORWARD';

/** JSON Schema only: Confluent's STRICT (default) or LENIENT content-model policy. */
export type JsonCompatibilityPolicy = 'STRICT' | 'LENIENT';

/** One difference a format's diff reports between a reader and a writer schema. */
export interface Difference {
  /** A rule id from the format's rule table (`src/compat/<format>/rules.ts`). */
  ruleId: string;
  /** Where, as Confluent reports it: `#/properties/x`, `#/TestMessage/3`, Avro `/fields/0/type`. */
  location: string;
  /** One line, specific to this case (names the field, the types, …). */
  message: string;
}

/** A difference placed in context: which rule, which way, which previous version, and whether it breaks. */
export interface Finding extends Difference {
  schemaType: SchemaType;
  /** True when this difference alone makes the pair incompatible. */
  breaking: boolean;
  direction: Direction;
  /** The version compared with: its `version` when given, otherwise its 1-based position in `previous`. */
  previousVersion: number;
  /** How to fix it, from the rule table. */
  hint: string;
}

export interface CompatibilityResult {
  compatible: boolean;
  /** Every difference found, breaking ones and informational ones (`breaking: false`). */
  findings: Finding[];
}

/** A schema as input to the engine: its text, or the text with references, metadata and version number. */
export type CompatibilitySchema = string | (SchemaSource & { version?: number });

export interface CheckCompatibilityInput {
  schemaType: SchemaType;
  level: CompatibilityLevel;
  /** The schema being proposed. */
  candidate: CompatibilitySchema;
  /** Existing versions, oldest first. */
  previous: readonly CompatibilitySchema[];
  /** JSON Schema content-model policy; Confluent's default is STRICT. */
  jsonPolicy?: JsonCompatibilityPolicy;
  /**
   * Confluent's `validateFields`: also check `confluent:reserved` metadata (reserved names may not be
   * removed, nor used as top-level fields). Off by default, as in Confluent.
   */
  validateFields?: boolean;
}

export interface DiffOptions {
  jsonPolicy: JsonCompatibilityPolicy;
}

/** A compatibility rule, declared once in its format's table. Drives the engine, `kontract rules` and the README. */
export interface CompatibilityRule {
  /** Stable id: Confluent's difference name (JSON, Protobuf) or Avro's incompatibility type. Never renamed. */
  id: string;
  schemaType: SchemaType | 'ANY';
  /** Whether the difference makes a pair incompatible (JSON: under STRICT). */
  breaking: boolean;
  /** JSON Schema only: whether it breaks under LENIENT, when that differs from `breaking`. */
  breakingLenient?: boolean;
  /** What the rule checks, one sentence. */
  purpose: string;
  /** How to make the change compatible, one sentence. */
  hint: string;
}

/** What a format contributes to the engine. One per format, in `src/compat/<format>/index.ts`. */
export interface FormatCompatibility<Parsed> {
  format: SchemaFormat<Parsed>;
  rules: readonly CompatibilityRule[];
  /**
   * Can `reader` read data written with `writer`? Returns every difference found (compatible and
   * incompatible ones). Pure; must not throw for valid parsed schemas except where Confluent's own
   * check errors out (then throw a `KontractError` with code `COMPATIBILITY_CHECK_FAILED`).
   */
  diff(reader: Parsed, writer: Parsed, options: DiffOptions): Difference[];
}

export type { SchemaMetadata };
