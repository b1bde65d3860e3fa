import { randomUUID } from 'node:crypto';
import type { CompatibilityLevel } from '../../compat/types.js';
import { isKontractError, KontractError, type SourceLocation } from '../../errors.js';
import { schemaFormat } from '../../schema/formats.js';
import { looksLikeBase64, protoTextFromDescriptorBase64 } from '../../schema/protobuf.js';
import type { SchemaMetadata, SchemaReference, SchemaSource, SchemaType } from '../../schema/types.js';
import { RegistryErrorCode, registryError } from '../errors.js';
import { FileLog, MemoryLog, type OperationLog } from '../store/log.js';
import { RegistryState, schemaIdentityKey, stableStringify } from '../store/state.js';
import type { LogOperation, RegistryConfigRecord, RegistryMode, StoredJson, StoredSchema, StoredVersion } from '../store/types.js';
import { runRegistryCompatibility, type RegistryCompatibilityResult, type RegistrySchema } from './compatibility.js';
import type { SchemaRequest, VersionSpec } from './requests.js';

export interface RegistryServiceOptions {
  /** Directory of the durable log. Required unless `memory` is true. */
  dataDir?: string;
  /** Keep everything in memory only. */
  memory?: boolean;
}

/** A subject version as the REST API shows it. */
export interface VersionView {
  subject: string;
  version: number;
  id: number;
  guid: string;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
  metadata?: SchemaMetadata;
  ruleSet?: StoredJson;
}

const DEFAULT_LEVEL: CompatibilityLevel = 'BACKWARD';
/** Requested schema texts whose checked, stored form is remembered (see `storedText`). */
const STORED_TEXT_CACHE_LIMIT = 2048;

/**
 * The registry's behaviour, independent of HTTP: Confluent Schema Registry's semantics for
 * subjects, versions, global ids, configs and modes. Reads are served from memory; writes are
 * serialised through one queue, logged durably, then applied, so concurrent identical
 * registrations yield one id and one version.
 */
export class RegistryService {
  private readonly state = new RegistryState();
  private writeQueue: Promise<unknown> = Promise.resolve();
  private readonly normalizedById = new Map<number, string>();
  /** See {@link RegistryService.storedText}: request text → variant → text to store; oldest first in `storedTextOrder`. */
  private readonly storedTexts = new Map<string, Map<string, string>>();
  private readonly storedTextOrder: Array<[text: string, variant: string]> = [];
  private closed = false;

  private constructor(private readonly log: OperationLog) {}

  static async open(options: RegistryServiceOptions): Promise<RegistryService> {
    if (options.memory) return new RegistryService(new MemoryLog());
    if (!options.dataDir) {
      throw new KontractError('USAGE', 'the registry needs a data directory, or memory: true', {
        hint: 'Pass dataDir (e.g. .kontract/registry) or memory: true for a throw-away registry.',
      });
    }
    const { log, batches } = await FileLog.open(options.dataDir);
    return RegistryService.fromLog(log, batches);
  }

  /** A service over any log, replaying `batches` first (tests use it to inject a failing log). */
  static fromLog(log: OperationLog, batches: readonly LogOperation[][] = []): RegistryService {
    const service = new RegistryService(log);
    for (const batch of batches) for (const operation of batch) service.state.apply(operation);
    return service;
  }

  /** Wait for queued writes, then release the log (and its lock). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writeQueue.catch(() => undefined);
    await this.log.close();
  }

  /** Changes on every write: lets the HTTP layer cache response bodies. */
  get generation(): number {
    return this.state.generation;
  }

  // ---------------------------------------------------------------- reads

  listSubjects(options: { deleted?: boolean; deletedOnly?: boolean; prefix?: string }): string[] {
    const subjects: string[] = [];
    for (const [subject, versions] of this.state.subjects) {
      if (options.prefix && !subject.startsWith(options.prefix)) continue;
      const all = [...versions.values()];
      const live = all.some((v) => !v.deleted);
      const include = options.deletedOnly ? !live : options.deleted ? all.length > 0 : live;
      if (include) subjects.push(subject);
    }
    return subjects.sort();
  }

  listVersions(subject: string, options: { deleted?: boolean; deletedOnly?: boolean }): number[] {
    const all = this.state.versionsOf(subject, true);
    const visible = options.deletedOnly ? all.filter((v) => v.deleted) : options.deleted ? all : all.filter((v) => !v.deleted);
    if (visible.length === 0 && (options.deletedOnly ? all.length === 0 : true)) throw subjectNotFound(subject);
    return visible.map((v) => v.version);
  }

  getVersion(subject: string, spec: VersionSpec, includeDeleted: boolean): VersionView {
    return this.viewOf(this.findVersion(subject, spec, includeDeleted));
  }

  getSchemaById(id: number): StoredSchema {
    const schema = this.state.schemasById.get(id);
    if (!schema) throw registryError(RegistryErrorCode.SCHEMA_NOT_FOUND, `Schema ${id} not found`, { schemaId: id });
    return schema;
  }

  getSchemaByGuid(guid: string): StoredSchema {
    const schema = this.state.schemasByGuid.get(guid);
    if (!schema) throw registryError(RegistryErrorCode.SCHEMA_NOT_FOUND, `Schema ${guid} not found`);
    return schema;
  }

  subjectsOfId(id: number, includeDeleted: boolean): string[] {
    this.getSchemaById(id);
    return [...new Set(this.state.versionsOfId(id, includeDeleted).map((v) => v.subject))].sort();
  }

  versionsOfId(id: number, includeDeleted: boolean): { subject: string; version: number }[] {
    this.getSchemaById(id);
    return this.state
      .versionsOfId(id, includeDeleted)
      .map((v) => ({ subject: v.subject, version: v.version }))
      .sort((a, b) => (a.subject === b.subject ? a.version - b.version : a.subject < b.subject ? -1 : 1));
  }

  /** Latest (or every) live version of every subject, for `GET /schemas`. */
  listSchemas(options: { prefix?: string; deleted?: boolean; latestOnly?: boolean }): VersionView[] {
    const views: VersionView[] = [];
    for (const subject of [...this.state.subjects.keys()].sort()) {
      if (options.prefix && !subject.startsWith(options.prefix)) continue;
      const versions = this.state.versionsOf(subject, options.deleted === true);
      for (const v of options.latestOnly ? versions.slice(-1) : versions) views.push(this.viewOf(v));
    }
    return views;
  }

  /** Ids of the schemas that reference `subject` at `spec`. */
  referencedBy(subject: string, spec: VersionSpec): number[] {
    const target = this.findVersion(subject, spec, true);
    return [...new Set(this.state.referrersOf(target.subject, target.version).map((v) => v.id))].sort((a, b) => a - b);
  }

  /** `POST /subjects/{s}`: the version of this subject holding this schema. */
  lookup(subject: string, request: SchemaRequest, options: { normalize: boolean; deleted: boolean }): VersionView {
    const versions = this.state.versionsOf(subject, options.deleted);
    if (versions.length === 0) throw subjectNotFound(subject);
    const prepared = this.prepare(request, options.normalize || this.effectiveConfig(subject).normalize === true, false);
    const withMetadata = request.metadata !== undefined || request.ruleSet !== undefined;
    const identity = withMetadata ? schemaIdentityKey(prepared) : undefined;
    const references = withMetadata ? undefined : stableStringify(prepared.references as unknown as StoredJson);
    // Without metadata, compare the parts of the content key one by one: the same verdict as comparing the
    // joined keys (the text is the only part that may contain the separator, and it is not the last part),
    // without joining kilobytes of schema text per version per lookup.
    const matches = (schema: StoredSchema): boolean =>
      identity !== undefined
        ? schemaIdentityKey(schema) === identity
        : schema.schemaType === prepared.schemaType && schema.schema === prepared.schema && stableStringify(schema.references as unknown as StoredJson) === references;
    for (const v of [...versions].reverse()) {
      const schema = this.state.schemasById.get(v.id);
      if (schema && matches(schema)) return this.viewOf(v);
    }
    if (options.normalize) {
      // Versions registered without normalisation still match once both sides are normalised.
      const normalized = this.normalizedText(prepared.schemaType, { schema: prepared.schema, references: prepared.referenceTexts });
      for (const v of [...versions].reverse()) {
        const schema = this.state.schemasById.get(v.id);
        if (!schema || schema.schemaType !== prepared.schemaType || stableStringify(schema.references as unknown as StoredJson) !== stableStringify(prepared.references as unknown as StoredJson)) continue;
        if (this.storedNormalizedText(schema) === normalized) return this.viewOf(v);
      }
    }
    throw registryError(RegistryErrorCode.SCHEMA_NOT_FOUND, 'Schema not found', { subject });
  }

  /** `GET /subjects/{s}/metadata`: the latest version whose metadata properties include all of `properties`. */
  latestWithMetadata(subject: string, properties: Record<string, string>, includeDeleted: boolean): VersionView {
    const versions = this.state.versionsOf(subject, includeDeleted);
    if (versions.length === 0) throw subjectNotFound(subject);
    for (const v of [...versions].reverse()) {
      const props = this.state.schemasById.get(v.id)?.metadata?.properties ?? {};
      if (Object.entries(properties).every(([k, value]) => props[k] === value)) return this.viewOf(v);
    }
    throw registryError(RegistryErrorCode.SCHEMA_NOT_FOUND, `No version of subject '${subject}' has the given metadata`, { subject });
  }

  /**
   * `POST /compatibility/subjects/{s}/versions[/{v}]`: check a schema against one version (`spec`)
   * or, without `spec`, against the subject's versions as registration would.
   */
  testCompatibility(subject: string, spec: VersionSpec | undefined, request: SchemaRequest, options: { normalize: boolean }): RegistryCompatibilityResult {
    const config = this.effectiveConfig(subject);
    const prepared = this.prepare(request, options.normalize || config.normalize === true, true);
    let previous: StoredVersion[];
    if (spec === undefined) {
      previous = this.state.versionsOf(subject, false);
    } else {
      const live = this.state.versionsOf(subject, false);
      if (spec === 'latest') previous = live.slice(-1);
      else {
        const found = live.find((v) => v.version === spec);
        if (!found) {
          if (this.state.versionsOf(subject, true).length === 0) throw subjectNotFound(subject);
          throw versionNotFound(spec, subject);
        }
        previous = [found];
      }
    }
    return this.compatibilityOf(prepared, previous, config);
  }

  /** The config a subject works under: its own fields, then the global ones, then Confluent's defaults. */
  effectiveConfig(subject: string | null): RegistryConfigRecord & { compatibilityLevel: CompatibilityLevel } {
    const own = subject === null ? {} : (this.state.subjectConfigs.get(subject) ?? {});
    return { ...this.state.globalConfig, ...stripUndefined(own), compatibilityLevel: own.compatibilityLevel ?? this.state.globalConfig.compatibilityLevel ?? DEFAULT_LEVEL };
  }

  /** `GET /config[/{s}]`. */
  getConfig(subject: string | null, defaultToGlobal: boolean): RegistryConfigRecord {
    if (subject === null) return { ...this.state.globalConfig, compatibilityLevel: this.state.globalConfig.compatibilityLevel ?? DEFAULT_LEVEL };
    const own = this.state.subjectConfigs.get(subject);
    if (own) return own;
    if (defaultToGlobal) return this.getConfig(null, false);
    throw registryError(RegistryErrorCode.SUBJECT_COMPATIBILITY_NOT_CONFIGURED, `Subject '${subject}' does not have subject-level compatibility configured`, { subject });
  }

  /** `GET /mode[/{s}]`. */
  getMode(subject: string | null, defaultToGlobal: boolean): RegistryMode {
    if (subject === null) return this.state.globalMode;
    const own = this.state.subjectModes.get(subject);
    if (own) return own;
    if (defaultToGlobal) return this.state.globalMode;
    throw registryError(RegistryErrorCode.SUBJECT_MODE_NOT_CONFIGURED, `Subject '${subject}' does not have subject-level mode configured`, { subject });
  }

  // ---------------------------------------------------------------- writes

  /** `POST /subjects/{s}/versions`. Returns the existing version when the schema is already registered. */
  register(subject: string, request: SchemaRequest, options: { normalize: boolean }): Promise<VersionView> {
    return this.serialized(async () => {
      const mode = this.effectiveMode(subject);
      if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') throw readOnly(subject);
      const importing = mode === 'IMPORT';
      if (request.id !== undefined && !importing) {
        throw registryError(RegistryErrorCode.OPERATION_NOT_PERMITTED, `Subject ${subject} is not in import mode; a schema id can only be given in IMPORT mode`, { subject });
      }
      const config = this.effectiveConfig(subject);
      const allVersions = this.state.versionsOf(subject, true);
      const live = allVersions.filter((v) => !v.deleted);
      const latest = live[live.length - 1];
      const prepared = this.prepare(request, options.normalize || config.normalize === true, true);
      const latestSchema = latest ? this.state.schemasById.get(latest.id) : undefined;
      // Confluent carries metadata and rule sets forward from the latest version, then applies the config's defaults and overrides.
      prepared.metadata = mergeMetadata(config.defaultMetadata, prepared.metadata ?? latestSchema?.metadata, config.overrideMetadata);
      prepared.ruleSet = config.overrideRuleSet ?? prepared.ruleSet ?? latestSchema?.ruleSet ?? config.defaultRuleSet;
      if (prepared.ruleSet === undefined) delete prepared.ruleSet;
      if (prepared.metadata === undefined) delete prepared.metadata;

      const identity = schemaIdentityKey(prepared);
      const existing = [...live].reverse().find((v) => {
        const schema = this.state.schemasById.get(v.id);
        return schema !== undefined && schemaIdentityKey(schema) === identity;
      });
      if (existing && (request.id === undefined || request.id === existing.id) && (request.version === undefined || request.version === existing.version)) {
        return this.viewOf(existing);
      }

      if (!importing) {
        const result = this.compatibilityOf(prepared, live, config);
        if (!result.compatible) {
          throw registryError(
            RegistryErrorCode.INCOMPATIBLE_SCHEMA,
            `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${result.messages.join(', ')}]`,
            { subject },
          );
        }
      }

      const maxVersion = allVersions.reduce((max, v) => Math.max(max, v.version), 0);
      let version = maxVersion + 1;
      if (request.version !== undefined) {
        const taken = allVersions.find((v) => v.version === request.version);
        if (taken) {
          throw registryError(RegistryErrorCode.INVALID_VERSION, `Version ${request.version} already exists in subject '${subject}' with schema id ${taken.id}`, { subject });
        }
        if (!importing && request.version !== version) {
          throw registryError(RegistryErrorCode.INVALID_VERSION, `Version ${request.version} is not one more than the latest version ${maxVersion} of subject '${subject}'`, { subject });
        }
        version = request.version;
      }

      const operations: LogOperation[] = [];
      let id: number;
      if (request.id !== undefined) {
        const holder = this.state.schemasById.get(request.id);
        if (holder && schemaIdentityKey(holder) !== identity) {
          throw registryError(RegistryErrorCode.ID_DOES_NOT_MATCH, `Schema id ${request.id} is already used by a different schema; overwriting it is not permitted`, { subject, schemaId: request.id });
        }
        id = request.id;
        if (!holder) operations.push({ op: 'schema', schema: this.newStoredSchema(id, prepared) });
      } else {
        const known = this.state.idByIdentity.get(identity);
        if (known !== undefined) id = known;
        else {
          id = this.state.maxId + 1;
          operations.push({ op: 'schema', schema: this.newStoredSchema(id, prepared) });
        }
      }
      operations.push({ op: 'version', subject, version, id });
      await this.commit(operations);
      return this.viewOf(this.state.subjects.get(subject)!.get(version)!);
    });
  }

  /** `DELETE /subjects/{s}`: soft first (returns the versions deleted), then with `permanent`. */
  deleteSubject(subject: string, permanent: boolean): Promise<number[]> {
    return this.serialized(async () => {
      this.refuseWhenReadOnly(subject);
      const all = this.state.versionsOf(subject, true);
      if (all.length === 0) throw subjectNotFound(subject);
      const live = all.filter((v) => !v.deleted);
      if (!permanent && live.length === 0) {
        throw registryError(RegistryErrorCode.SUBJECT_SOFT_DELETED, `Subject '${subject}' was soft deleted.Set permanent=true to delete permanently`, { subject });
      }
      if (permanent && live.length > 0) {
        throw registryError(RegistryErrorCode.SUBJECT_NOT_SOFT_DELETED, `Subject '${subject}' was not deleted first before being permanently deleted`, { subject });
      }
      const targets = permanent ? all : live;
      for (const v of targets) this.refuseWhenReferenced(v);
      const operations: LogOperation[] = targets.map((v) => ({ op: permanent ? 'hardDelete' : 'softDelete', subject, version: v.version }));
      if (!permanent) {
        // As Confluent: deleting a subject also drops its own config and mode.
        if (this.state.subjectConfigs.has(subject)) operations.push({ op: 'config', subject, config: null });
        if (this.state.subjectModes.has(subject)) operations.push({ op: 'mode', subject, mode: null });
      }
      await this.commit(operations);
      return targets.map((v) => v.version);
    });
  }

  /** `DELETE /subjects/{s}/versions/{v}`: soft first, then with `permanent`. */
  deleteVersion(subject: string, spec: VersionSpec, permanent: boolean): Promise<number> {
    return this.serialized(async () => {
      this.refuseWhenReadOnly(subject);
      const all = this.state.versionsOf(subject, true);
      if (all.length === 0) throw subjectNotFound(subject);
      let target: StoredVersion | undefined;
      if (spec === 'latest') target = permanent ? all[all.length - 1] : all.filter((v) => !v.deleted).pop();
      else target = all.find((v) => v.version === spec);
      if (!target) throw versionNotFound(spec, subject);
      if (!permanent && target.deleted) {
        throw registryError(RegistryErrorCode.SCHEMA_VERSION_SOFT_DELETED, `Subject '${subject}' Version ${target.version} was soft deleted.Set permanent=true to delete permanently`, { subject, version: target.version });
      }
      if (permanent && !target.deleted) {
        throw registryError(RegistryErrorCode.SCHEMA_VERSION_NOT_SOFT_DELETED, `Subject '${subject}' Version ${target.version} was not deleted first before being permanently deleted`, { subject, version: target.version });
      }
      this.refuseWhenReferenced(target);
      await this.commit([{ op: permanent ? 'hardDelete' : 'softDelete', subject, version: target.version }]);
      return target.version;
    });
  }

  /** `PUT /config[/{s}]`: merges the given fields into the config. */
  setConfig(subject: string | null, update: RegistryConfigRecord): Promise<RegistryConfigRecord> {
    return this.serialized(async () => {
      const current = subject === null ? this.state.globalConfig : (this.state.subjectConfigs.get(subject) ?? {});
      await this.commit([{ op: 'config', subject, config: { ...current, ...update } }]);
      return update;
    });
  }

  /** `DELETE /config[/{s}]`: returns the config removed. */
  deleteConfig(subject: string | null): Promise<RegistryConfigRecord> {
    return this.serialized(async () => {
      const removed = this.getConfig(subject, false);
      await this.commit([{ op: 'config', subject, config: null }]);
      return removed;
    });
  }

  /** `PUT /mode[/{s}]`. IMPORT needs `force` when there are subjects already. */
  setMode(subject: string | null, mode: RegistryMode, force: boolean): Promise<RegistryMode> {
    return this.serialized(async () => {
      if (mode === 'IMPORT' && !force) {
        const hasSchemas = subject === null ? this.listSubjects({}).length > 0 : this.state.versionsOf(subject, false).length > 0;
        if (hasSchemas) {
          throw registryError(RegistryErrorCode.OPERATION_NOT_PERMITTED, `Cannot import since found existing subjects${subject === null ? '' : ` (${subject})`}`, {
            subject: subject ?? undefined,
          });
        }
      }
      await this.commit([{ op: 'mode', subject, mode }]);
      return mode;
    });
  }

  /** `DELETE /mode/{s}`: returns the mode removed. */
  deleteMode(subject: string): Promise<RegistryMode> {
    return this.serialized(async () => {
      const removed = this.getMode(subject, false);
      await this.commit([{ op: 'mode', subject, mode: null }]);
      return removed;
    });
  }

  // ---------------------------------------------------------------- internals

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(registryError(RegistryErrorCode.STORE_ERROR, 'The registry is shutting down'));
    const run = this.writeQueue.then(work, work);
    this.writeQueue = run.catch(() => undefined);
    return run;
  }

  /** Log durably, then apply: memory never runs ahead of the disk. */
  private async commit(operations: LogOperation[]): Promise<void> {
    if (operations.length === 0) return;
    try {
      await this.log.append(operations);
    } catch (cause) {
      throw registryError(RegistryErrorCode.STORE_ERROR, `Error while writing to the registry log: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
    for (const operation of operations) this.state.apply(operation);
  }

  private effectiveMode(subject: string): RegistryMode {
    if (this.state.globalMode === 'READONLY_OVERRIDE') return 'READONLY_OVERRIDE';
    return this.state.subjectModes.get(subject) ?? this.state.globalMode;
  }

  private refuseWhenReadOnly(subject: string): void {
    const mode = this.effectiveMode(subject);
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') throw readOnly(subject);
  }

  private refuseWhenReferenced(version: StoredVersion): void {
    const referrers = this.state.referrersOf(version.subject, version.version);
    if (referrers.length > 0) {
      const names = referrers.map((r) => `${r.subject} version ${r.version}`).join(', ');
      throw registryError(
        RegistryErrorCode.REFERENCE_EXISTS,
        `One or more references exist to the schema {subject=${version.subject},version=${version.version}}: referenced by ${names}`,
        { subject: version.subject, version: version.version },
      );
    }
  }

  private findVersion(subject: string, spec: VersionSpec, includeDeleted: boolean): StoredVersion {
    const visible = this.state.versionsOf(subject, includeDeleted);
    if (visible.length === 0) throw subjectNotFound(subject);
    const found = spec === 'latest' ? visible[visible.length - 1] : visible.find((v) => v.version === spec);
    if (!found) throw versionNotFound(spec, subject);
    return found;
  }

  private viewOf(version: StoredVersion): VersionView {
    const schema = this.state.schemasById.get(version.id);
    if (!schema) throw registryError(RegistryErrorCode.STORE_ERROR, `Version ${version.version} of subject '${version.subject}' points at missing schema ${version.id}`);
    const view: VersionView = {
      subject: version.subject,
      version: version.version,
      id: schema.id,
      guid: schema.guid,
      schemaType: schema.schemaType,
      schema: schema.schema,
      references: schema.references,
    };
    if (schema.metadata) view.metadata = schema.metadata;
    if (schema.ruleSet !== undefined) view.ruleSet = schema.ruleSet;
    return view;
  }

  private newStoredSchema(id: number, prepared: PreparedSchema): StoredSchema {
    const schema: StoredSchema = { id, guid: randomUUID(), schemaType: prepared.schemaType, schema: prepared.schema, references: prepared.references };
    if (prepared.metadata) schema.metadata = prepared.metadata;
    if (prepared.ruleSet !== undefined) schema.ruleSet = prepared.ruleSet;
    return schema;
  }

  /**
   * Resolve references, turn a Protobuf descriptor into text, parse the schema (strictly for a new
   * schema, so mistakes are refused with their location) and compute the text to store.
   */
  private prepare(request: SchemaRequest, normalize: boolean, strict: boolean): PreparedSchema {
    const references = request.references.map((ref) => this.resolveReference(ref));
    const referenceTexts = this.referenceTexts(references);
    const stored = this.storedText(request, referenceTexts, normalize, strict);
    const prepared: PreparedSchema = { schemaType: request.schemaType, schema: stored, references, referenceTexts };
    if (request.metadata) prepared.metadata = request.metadata;
    if (request.ruleSet !== undefined) prepared.ruleSet = request.ruleSet;
    return prepared;
  }

  /**
   * The text to store for a requested schema, after checking that it parses. Remembered per request text and
   * what else it depends on (type, reference texts, normalisation, strictness): serializers look the same schema
   * up again and again, and parsing it each time cost more than the rest of the request. Failures are not
   * remembered; the same text fails the same way again.
   */
  private storedText(request: SchemaRequest, referenceTexts: Record<string, string>, normalize: boolean, strict: boolean): string {
    const variant = `${request.schemaType}\u0000${normalize ? 1 : 0}${strict ? 1 : 0}\u0000${JSON.stringify(referenceTexts)}`;
    const known = this.storedTexts.get(request.schema)?.get(variant);
    if (known !== undefined) return known;
    let text = request.schema;
    // Confluent's Protobuf serializers send a base64 FileDescriptorProto; store it as .proto text, as Confluent does.
    if (request.schemaType === 'PROTOBUF' && looksLikeBase64(text)) {
      text = this.asRegistryError(() => protoTextFromDescriptorBase64(text), request.schemaType) ?? text;
    }
    const source: SchemaSource = { schema: text, references: referenceTexts };
    if (request.metadata) source.metadata = request.metadata;
    const format = schemaFormat(request.schemaType);
    this.asRegistryError(() => format.parse(source, { strict }), request.schemaType);
    const stored = normalize ? this.normalizedText(request.schemaType, source) : request.schemaType === 'PROTOBUF' ? text : compactJson(text);
    if (this.storedTextOrder.length >= STORED_TEXT_CACHE_LIMIT) {
      const [oldText, oldVariant] = this.storedTextOrder.shift() as [string, string];
      const variants = this.storedTexts.get(oldText);
      variants?.delete(oldVariant);
      if (variants?.size === 0) this.storedTexts.delete(oldText);
    }
    let variants = this.storedTexts.get(request.schema);
    if (!variants) {
      variants = new Map();
      this.storedTexts.set(request.schema, variants);
    }
    variants.set(variant, stored);
    this.storedTextOrder.push([request.schema, variant]);
    return stored;
  }

  private normalizedText(schemaType: SchemaType, source: SchemaSource): string {
    return this.asRegistryError(() => schemaFormat(schemaType).normalize(source), schemaType);
  }

  private storedNormalizedText(schema: StoredSchema): string {
    let text = this.normalizedById.get(schema.id);
    if (text === undefined) {
      text = this.normalizedText(schema.schemaType, { schema: schema.schema, references: this.referenceTexts(schema.references) });
      this.normalizedById.set(schema.id, text);
    }
    return text;
  }

  /** Run `work` (parsing, normalising, serialising a schema), turning a format error into Confluent's 42201. */
  withSchemaErrors<T>(schemaType: SchemaType, work: () => T): T {
    return this.asRegistryError(work, schemaType);
  }

  /** Texts of a schema's references (transitively), by reference name, as the format modules take them. */
  referenceTextsOf(references: readonly SchemaReference[]): Record<string, string> {
    return this.referenceTexts(references);
  }

  /** Turn a parser's error into Confluent's 42201, keeping the location in the message. */
  private asRegistryError<T>(work: () => T, schemaType: SchemaType): T {
    try {
      return work();
    } catch (error) {
      if (!isKontractError(error) || error.registryCode !== undefined) throw error;
      const where = describeSchemaLocation(error.location);
      const hint = error.hint ? ` (hint: ${error.hint})` : '';
      throw registryError(RegistryErrorCode.INVALID_SCHEMA, `Invalid schema of type ${schemaType}: ${where ? `${where}: ` : ''}${error.message}${hint}`);
    }
  }

  /** A reference must name an existing subject version; `-1` pins the latest one. */
  private resolveReference(ref: SchemaReference): SchemaReference {
    const versions = this.state.versionsOf(ref.subject, true);
    const target = ref.version === -1 ? versions.filter((v) => !v.deleted).pop() : versions.find((v) => v.version === ref.version);
    if (!target) {
      throw registryError(
        RegistryErrorCode.INVALID_SCHEMA,
        `Invalid schema: reference "${ref.name}" points at subject '${ref.subject}' version ${ref.version === -1 ? 'latest' : ref.version}, which does not exist`,
        { subject: ref.subject },
      );
    }
    return { name: ref.name, subject: ref.subject, version: target.version };
  }

  /** Texts of all references, transitive ones included, by the name each referrer uses. */
  private referenceTexts(references: readonly SchemaReference[]): Record<string, string> {
    const texts: Record<string, string> = {};
    const visited = new Set<string>();
    const visit = (refs: readonly SchemaReference[]): void => {
      for (const ref of refs) {
        const key = `${ref.subject}\u0000${ref.version}`;
        if (visited.has(key)) continue;
        visited.add(key);
        const entry = this.state.subjects.get(ref.subject)?.get(ref.version);
        const schema = entry ? this.state.schemasById.get(entry.id) : undefined;
        if (!schema) continue;
        if (!(ref.name in texts)) texts[ref.name] = schema.schema;
        visit(schema.references);
      }
    };
    visit(references);
    return texts;
  }

  private compatibilityOf(prepared: PreparedSchema, previous: readonly StoredVersion[], config: RegistryConfigRecord & { compatibilityLevel: CompatibilityLevel }): RegistryCompatibilityResult {
    const candidateSource: SchemaSource = { schema: prepared.schema, references: prepared.referenceTexts };
    if (prepared.metadata) candidateSource.metadata = prepared.metadata;
    const previousSchemas: RegistrySchema[] = [];
    for (const v of previous) {
      const schema = this.state.schemasById.get(v.id);
      if (!schema) continue;
      const source: SchemaSource = { schema: schema.schema, references: this.referenceTexts(schema.references) };
      if (schema.metadata) source.metadata = schema.metadata;
      previousSchemas.push({ schemaType: schema.schemaType, source, version: v.version });
    }
    return runRegistryCompatibility({
      candidate: { schemaType: prepared.schemaType, source: candidateSource, version: 0 },
      previous: previousSchemas,
      level: config.compatibilityLevel,
      validateFields: config.validateFields === true,
      ...(config.compatibilityGroup ? { compatibilityGroup: config.compatibilityGroup } : {}),
    });
  }
}

interface PreparedSchema {
  schemaType: SchemaType;
  /** The text to store and to compare. */
  schema: string;
  references: SchemaReference[];
  referenceTexts: Record<string, string>;
  metadata?: SchemaMetadata;
  ruleSet?: StoredJson;
}

/** `line 3:9 at #/A/1`: where in the submitted schema text a problem is (there is no file name over HTTP). */
function describeSchemaLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  const parts: string[] = [];
  if (location.line !== undefined) parts.push(`line ${location.line}${location.column !== undefined ? `:${location.column}` : ''}`);
  if (location.path) parts.push(`at ${location.path}`);
  return parts.join(' ');
}

function subjectNotFound(subject: string): KontractError {
  return registryError(RegistryErrorCode.SUBJECT_NOT_FOUND, `Subject '${subject}' not found.`, { subject });
}

function versionNotFound(version: VersionSpec, subject: string): KontractError {
  return registryError(RegistryErrorCode.VERSION_NOT_FOUND, `Version ${version} not found.`, { subject, version: String(version) });
}

function readOnly(subject: string): KontractError {
  return registryError(RegistryErrorCode.OPERATION_NOT_PERMITTED, `Subject ${subject} is in read-only mode`, { subject });
}

/** Confluent's metadata merge: default < specific < override; tags and properties by key, sensitive as a union. */
function mergeMetadata(...layers: (SchemaMetadata | undefined)[]): SchemaMetadata | undefined {
  const present = layers.filter((m): m is SchemaMetadata => m !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  const merged: SchemaMetadata = {};
  for (const layer of present) {
    if (layer.tags) merged.tags = { ...merged.tags, ...layer.tags };
    if (layer.properties) merged.properties = { ...merged.properties, ...layer.properties };
    if (layer.sensitive) merged.sensitive = [...new Set([...(merged.sensitive ?? []), ...layer.sensitive])];
  }
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Drop the whitespace between JSON tokens, as Confluent stores Avro and JSON schemas in compact
 * form, so pretty-printed and minified copies of one schema share an id. Strings (and number
 * literals) are kept byte for byte.
 */
export function compactJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch !== ' ' && ch !== '\n' && ch !== '\r' && ch !== '\t') out += ch;
  }
  return out;
}
