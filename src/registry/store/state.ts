import type { SchemaReference } from '../../schema/types.js';
import type { LogOperation, RegistryConfigRecord, RegistryMode, StoredJson, StoredSchema, StoredVersion } from './types.js';

/**
 * The identity of a schema for id assignment: type, text, references, metadata and rule set, as in
 * Confluent (which hashes all of them). Object keys are sorted so that key order in metadata does not matter.
 */
export function schemaIdentityKey(schema: Pick<StoredSchema, 'schemaType' | 'schema' | 'references' | 'metadata' | 'ruleSet'>): string {
  return [
    schema.schemaType,
    schema.schema,
    stableStringify(schema.references as unknown as StoredJson),
    schema.metadata === undefined ? '' : stableStringify(schema.metadata as unknown as StoredJson),
    schema.ruleSet === undefined ? '' : stableStringify(schema.ruleSet),
  ].join('\u0000');
}

/** The part of the identity that a lookup without metadata matches on. */
export function schemaContentKey(schema: Pick<StoredSchema, 'schemaType' | 'schema' | 'references'>): string {
  return [schema.schemaType, schema.schema, stableStringify(schema.references as unknown as StoredJson)].join('\u0000');
}

/** JSON with object keys sorted, for identity comparisons. */
export function stableStringify(value: StoredJson | undefined): string {
  if (value === undefined) return '';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => stableStringify(v)).join(',')}]`;
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`).join(',')}}`;
}

/**
 * The registry's whole state, rebuilt by replaying the log. Reads are map lookups; `apply` is the
 * only mutator, so replay and live writes go through the same code.
 */
export class RegistryState {
  readonly schemasById = new Map<number, StoredSchema>();
  readonly schemasByGuid = new Map<string, StoredSchema>();
  /** Identity key → id. Dropped when the last version using the id is deleted permanently. */
  readonly idByIdentity = new Map<string, number>();
  /** Subject → version number → version, in ascending version order. */
  readonly subjects = new Map<string, Map<number, StoredVersion>>();
  readonly subjectConfigs = new Map<string, RegistryConfigRecord>();
  readonly subjectModes = new Map<string, RegistryMode>();
  globalConfig: RegistryConfigRecord = {};
  globalMode: RegistryMode = 'READWRITE';
  /** The largest id ever assigned (ids are never reused, even after a permanent delete). */
  maxId = 0;
  /** Bumped on every change; response caches key on it. */
  generation = 0;

  apply(operation: LogOperation): void {
    this.generation++;
    switch (operation.op) {
      case 'schema': {
        const schema = operation.schema;
        this.schemasById.set(schema.id, schema);
        this.schemasByGuid.set(schema.guid, schema);
        const key = schemaIdentityKey(schema);
        if (!this.idByIdentity.has(key)) this.idByIdentity.set(key, schema.id);
        if (schema.id > this.maxId) this.maxId = schema.id;
        return;
      }
      case 'version': {
        let versions = this.subjects.get(operation.subject);
        if (!versions) {
          versions = new Map();
          this.subjects.set(operation.subject, versions);
        }
        versions.set(operation.version, { subject: operation.subject, version: operation.version, id: operation.id, deleted: false });
        // Keep ascending order even when IMPORT mode writes versions out of order.
        if ([...versions.keys()].some((v, i, all) => i > 0 && all[i - 1]! > v)) {
          const sorted = [...versions.entries()].sort((a, b) => a[0] - b[0]);
          versions.clear();
          for (const [v, entry] of sorted) versions.set(v, entry);
        }
        return;
      }
      case 'softDelete': {
        const entry = this.subjects.get(operation.subject)?.get(operation.version);
        if (entry) entry.deleted = true;
        return;
      }
      case 'hardDelete': {
        const versions = this.subjects.get(operation.subject);
        const entry = versions?.get(operation.version);
        if (!versions || !entry) return;
        versions.delete(operation.version);
        if (versions.size === 0) this.subjects.delete(operation.subject);
        if (!this.isIdUsed(entry.id)) this.forgetSchema(entry.id);
        return;
      }
      case 'config':
        if (operation.subject === null) this.globalConfig = operation.config ?? {};
        else if (operation.config === null) this.subjectConfigs.delete(operation.subject);
        else this.subjectConfigs.set(operation.subject, operation.config);
        return;
      case 'mode':
        if (operation.subject === null) this.globalMode = operation.mode ?? 'READWRITE';
        else if (operation.mode === null) this.subjectModes.delete(operation.subject);
        else this.subjectModes.set(operation.subject, operation.mode);
        return;
    }
  }

  /** Versions of a subject, ascending; soft-deleted ones only when asked. */
  versionsOf(subject: string, includeDeleted: boolean): StoredVersion[] {
    const versions = this.subjects.get(subject);
    if (!versions) return [];
    const all = [...versions.values()];
    return includeDeleted ? all : all.filter((v) => !v.deleted);
  }

  /** Every (subject, version) whose schema references `subject` at `version`; soft-deleted referrers count. */
  referrersOf(subject: string, version: number): StoredVersion[] {
    const referrers: StoredVersion[] = [];
    for (const versions of this.subjects.values()) {
      for (const entry of versions.values()) {
        const refs: SchemaReference[] = this.schemasById.get(entry.id)?.references ?? [];
        if (refs.some((r) => r.subject === subject && r.version === version)) referrers.push(entry);
      }
    }
    return referrers;
  }

  /** All (subject, version) pairs using an id. */
  versionsOfId(id: number, includeDeleted: boolean): StoredVersion[] {
    const found: StoredVersion[] = [];
    for (const versions of this.subjects.values()) {
      for (const entry of versions.values()) {
        if (entry.id === id && (includeDeleted || !entry.deleted)) found.push(entry);
      }
    }
    return found;
  }

  private isIdUsed(id: number): boolean {
    for (const versions of this.subjects.values()) {
      for (const entry of versions.values()) if (entry.id === id) return true;
    }
    return false;
  }

  /** After its last version is deleted permanently an id is gone for good; the same text gets a new id. */
  private forgetSchema(id: number): void {
    const schema = this.schemasById.get(id);
    if (!schema) return;
    this.schemasById.delete(id);
    this.schemasByGuid.delete(schema.guid);
    const key = schemaIdentityKey(schema);
    if (this.idByIdentity.get(key) === id) this.idByIdentity.delete(key);
  }
}
