import type { CompatibilityLevel } from '../../compat/types.js';
import type { SchemaMetadata, SchemaReference, SchemaType } from '../../schema/types.js';

/** A JSON value as stored in the log (rule sets are kept verbatim, never interpreted). */
export type StoredJson = null | boolean | number | string | StoredJson[] | { [key: string]: StoredJson };

/** One schema under a global id. Immutable once written. */
export interface StoredSchema {
  id: number;
  /** Confluent 8's schema GUID, a UUID per id. */
  guid: string;
  schemaType: SchemaType;
  /** The stored text (compacted or normalised at registration). */
  schema: string;
  references: SchemaReference[];
  metadata?: SchemaMetadata;
  ruleSet?: StoredJson;
}

/** A subject's version pointing at a schema id. */
export interface StoredVersion {
  subject: string;
  version: number;
  id: number;
  /** Soft-deleted: hidden from normal reads, still readable by id, removable with `permanent=true`. */
  deleted: boolean;
}

/** Confluent's four registry modes. */
export type RegistryMode = 'READWRITE' | 'READONLY' | 'READONLY_OVERRIDE' | 'IMPORT';

export const REGISTRY_MODES: readonly RegistryMode[] = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT'];

/** A global or subject-level config, as Confluent's `/config` stores it. Absent fields inherit. */
export interface RegistryConfigRecord {
  compatibilityLevel?: CompatibilityLevel;
  normalize?: boolean;
  validateFields?: boolean;
  compatibilityGroup?: string;
  alias?: string;
  defaultMetadata?: SchemaMetadata;
  overrideMetadata?: SchemaMetadata;
  defaultRuleSet?: StoredJson;
  overrideRuleSet?: StoredJson;
}

/**
 * One operation in the append-only log. A request that changes state writes one log line holding
 * all its operations, so a request is applied whole or not at all.
 */
export type LogOperation =
  | { op: 'schema'; schema: StoredSchema }
  | { op: 'version'; subject: string; version: number; id: number }
  | { op: 'softDelete'; subject: string; version: number }
  | { op: 'hardDelete'; subject: string; version: number }
  | { op: 'config'; subject: string | null; config: RegistryConfigRecord | null }
  | { op: 'mode'; subject: string | null; mode: RegistryMode | null };
