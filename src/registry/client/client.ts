import type { CompatibilityLevel } from '../../compat/types.js';
import type { RegistryAuth } from '../../project/types.js';
import type { SchemaMetadata, SchemaReference, SchemaType } from '../../schema/types.js';
import type { RegistryConfigRecord, RegistryMode, StoredJson } from '../store/types.js';
import { DEFAULT_RETRY, RestLayer, type RestContext } from './rest.js';

/** Options of {@link createRegistryClient}. */
export interface RegistryClientOptions {
  /** Base URL of a Confluent-compatible registry, e.g. `http://localhost:8081`. */
  url: string;
  /** HTTP basic auth or a bearer token. */
  auth?: RegistryAuth;
  /** Retries on network errors, 5xx, 408 and 429 (exponential backoff with jitter). Default 3. */
  retries?: number;
  /** Per-request timeout in ms. Default 10000. */
  timeoutMs?: number;
  /** Delay before the first retry in ms (doubling after). Default 100. */
  retryDelayMs?: number;
}

/** A schema to register, look up or check. `schemaType` defaults to AVRO. */
export interface SchemaToSend {
  schema: string;
  schemaType?: SchemaType;
  references?: SchemaReference[];
  metadata?: SchemaMetadata;
  ruleSet?: StoredJson;
}

/** A schema as the registry returns it by id. */
export interface RegistrySchemaInfo {
  id: number;
  guid?: string;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
  metadata?: SchemaMetadata;
  ruleSet?: StoredJson;
}

/** A subject version as the registry returns it. */
export interface RegistrySubjectVersion extends RegistrySchemaInfo {
  subject: string;
  version: number;
}

export interface CompatibilityAnswer {
  compatible: boolean;
  /** The registry's explanation when incompatible (verbose mode). */
  messages: string[];
}

/** A typed client of the Confluent Schema Registry REST API. Every error is a `KontractError` (`REGISTRY_ERROR` or `REGISTRY_UNAVAILABLE`) with `registryCode`. */
export interface RegistryClient {
  readonly url: string;
  /** Register (or find the already registered) schema under `subject`. */
  register(subject: string, schema: SchemaToSend, options?: { normalize?: boolean }): Promise<{ id: number; version: number }>;
  /** The version of `subject` holding this schema (`40403` when there is none). */
  lookup(subject: string, schema: SchemaToSend, options?: { normalize?: boolean; deleted?: boolean }): Promise<RegistrySubjectVersion>;
  getSchemaById(id: number, options?: { subject?: string; format?: string }): Promise<RegistrySchemaInfo>;
  getLatest(subject: string): Promise<RegistrySubjectVersion>;
  getVersion(subject: string, version: number | 'latest', options?: { deleted?: boolean }): Promise<RegistrySubjectVersion>;
  listSubjects(options?: { deleted?: boolean; prefix?: string }): Promise<string[]>;
  listVersions(subject: string, options?: { deleted?: boolean }): Promise<number[]>;
  /** Check against one version (`latest` by default) or, with `version: 'all'`, as registration would. */
  checkCompatibility(subject: string, schema: SchemaToSend, options?: { version?: number | 'latest' | 'all'; normalize?: boolean }): Promise<CompatibilityAnswer>;
  getConfig(subject?: string, options?: { defaultToGlobal?: boolean }): Promise<RegistryConfigRecord>;
  setConfig(subject: string | undefined, config: RegistryConfigRecord): Promise<RegistryConfigRecord>;
  deleteConfig(subject?: string): Promise<RegistryConfigRecord>;
  getMode(subject?: string, options?: { defaultToGlobal?: boolean }): Promise<RegistryMode>;
  setMode(subject: string | undefined, mode: RegistryMode, options?: { force?: boolean }): Promise<RegistryMode>;
  deleteMode(subject: string): Promise<RegistryMode>;
  /** Soft-delete (or, after that, with `permanent`, remove) a subject; returns the versions deleted. */
  deleteSubject(subject: string, options?: { permanent?: boolean }): Promise<number[]>;
  deleteVersion(subject: string, version: number | 'latest', options?: { permanent?: boolean }): Promise<number>;
  /** Ids of the schemas referencing `subject` at `version`. */
  getReferencedBy(subject: string, version: number | 'latest'): Promise<number[]>;
  listSchemaTypes(): Promise<SchemaType[]>;
}

interface RawSchema {
  id?: number;
  guid?: string;
  subject?: string;
  version?: number;
  schemaType?: string;
  schema: string;
  references?: SchemaReference[];
  metadata?: SchemaMetadata;
  ruleSet?: StoredJson;
}

interface RawConfig extends Omit<RegistryConfigRecord, 'compatibilityLevel'> {
  compatibility?: CompatibilityLevel;
  compatibilityLevel?: CompatibilityLevel;
}

/**
 * Create a registry client.
 *
 * @example
 * ```ts
 * const registry = createRegistryClient({ url: 'http://localhost:8081' });
 * const { id } = await registry.register('orders-value', { schema: avroText });
 * ```
 */
export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const rest = new RestLayer({
    url: options.url,
    auth: options.auth,
    retry: { ...DEFAULT_RETRY, retries: options.retries ?? DEFAULT_RETRY.retries, initialDelayMs: options.retryDelayMs ?? DEFAULT_RETRY.initialDelayMs },
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  const s = encodeURIComponent;
  const query = (params: Record<string, string | boolean | undefined>): string => {
    const entries = Object.entries(params).filter((e): e is [string, string | boolean] => e[1] !== undefined && e[1] !== false);
    return entries.length === 0 ? '' : '?' + entries.map(([k, v]) => `${s(k)}=${s(String(v))}`).join('&');
  };
  const body = (schema: SchemaToSend): Record<string, unknown> => {
    const sent: Record<string, unknown> = { schema: schema.schema };
    if (schema.schemaType && schema.schemaType !== 'AVRO') sent.schemaType = schema.schemaType;
    if (schema.references && schema.references.length > 0) sent.references = schema.references;
    if (schema.metadata) sent.metadata = schema.metadata;
    if (schema.ruleSet !== undefined) sent.ruleSet = schema.ruleSet;
    return sent;
  };
  const ctx = (subject?: string, extra: RestContext = {}): RestContext => ({ subject, ...extra });

  return {
    url: options.url,

    async register(subject, schema, opts = {}) {
      const raw = await rest.json<RawSchema>('POST', `/subjects/${s(subject)}/versions${query({ normalize: opts.normalize })}`, body(schema), ctx(subject));
      let version = raw.version;
      // Registries before Confluent 7.x answer with the id only; ask for the version then.
      if (version === undefined) version = (await this.lookup(subject, schema, opts)).version;
      return { id: raw.id ?? 0, version };
    },

    async lookup(subject, schema, opts = {}) {
      const raw = await rest.json<RawSchema>('POST', `/subjects/${s(subject)}${query({ normalize: opts.normalize, deleted: opts.deleted })}`, body(schema), ctx(subject));
      return subjectVersion(raw, subject);
    },

    async getSchemaById(id, opts = {}) {
      const raw = await rest.json<RawSchema>('GET', `/schemas/ids/${id}${query({ subject: opts.subject, format: opts.format })}`, undefined, ctx(opts.subject, { schemaId: id }));
      return schemaInfo({ ...raw, id });
    },

    getLatest(subject) {
      return this.getVersion(subject, 'latest');
    },

    async getVersion(subject, version, opts = {}) {
      const raw = await rest.json<RawSchema>('GET', `/subjects/${s(subject)}/versions/${version}${query({ deleted: opts.deleted })}`, undefined, ctx(subject, { version: String(version) }));
      return subjectVersion(raw, subject);
    },

    listSubjects(opts = {}) {
      return rest.json<string[]>('GET', `/subjects${query({ deleted: opts.deleted, subjectPrefix: opts.prefix })}`, undefined, ctx());
    },

    listVersions(subject, opts = {}) {
      return rest.json<number[]>('GET', `/subjects/${s(subject)}/versions${query({ deleted: opts.deleted })}`, undefined, ctx(subject));
    },

    async checkCompatibility(subject, schema, opts = {}) {
      const version = opts.version ?? 'latest';
      const path = version === 'all' ? `/compatibility/subjects/${s(subject)}/versions` : `/compatibility/subjects/${s(subject)}/versions/${version}`;
      const raw = await rest.json<{ is_compatible: boolean; messages?: string[] }>('POST', path + query({ verbose: true, normalize: opts.normalize }), body(schema), ctx(subject));
      return { compatible: raw.is_compatible, messages: raw.messages ?? [] };
    },

    async getConfig(subject, opts = {}) {
      const path = subject === undefined ? '/config' : `/config/${s(subject)}${query({ defaultToGlobal: opts.defaultToGlobal })}`;
      return configRecord(await rest.json<RawConfig>('GET', path, undefined, ctx(subject)));
    },

    async setConfig(subject, config) {
      const { compatibilityLevel, ...rest_ } = config;
      const sent = { ...(compatibilityLevel ? { compatibility: compatibilityLevel } : {}), ...rest_ };
      const path = subject === undefined ? '/config' : `/config/${s(subject)}`;
      return configRecord(await rest.json<RawConfig>('PUT', path, sent, ctx(subject)));
    },

    async deleteConfig(subject) {
      const path = subject === undefined ? '/config' : `/config/${s(subject)}`;
      return configRecord(await rest.json<RawConfig>('DELETE', path, undefined, ctx(subject)));
    },

    async getMode(subject, opts = {}) {
      const path = subject === undefined ? '/mode' : `/mode/${s(subject)}${query({ defaultToGlobal: opts.defaultToGlobal })}`;
      return (await rest.json<{ mode: RegistryMode }>('GET', path, undefined, ctx(subject))).mode;
    },

    async setMode(subject, mode, opts = {}) {
      const path = (subject === undefined ? '/mode' : `/mode/${s(subject)}`) + query({ force: opts.force });
      return (await rest.json<{ mode: RegistryMode }>('PUT', path, { mode }, ctx(subject))).mode;
    },

    async deleteMode(subject) {
      return (await rest.json<{ mode: RegistryMode }>('DELETE', `/mode/${s(subject)}`, undefined, ctx(subject))).mode;
    },

    deleteSubject(subject, opts = {}) {
      return rest.json<number[]>('DELETE', `/subjects/${s(subject)}${query({ permanent: opts.permanent })}`, undefined, ctx(subject));
    },

    deleteVersion(subject, version, opts = {}) {
      return rest.json<number>('DELETE', `/subjects/${s(subject)}/versions/${version}${query({ permanent: opts.permanent })}`, undefined, ctx(subject, { version: String(version) }));
    },

    getReferencedBy(subject, version) {
      return rest.json<number[]>('GET', `/subjects/${s(subject)}/versions/${version}/referencedby`, undefined, ctx(subject, { version: String(version) }));
    },

    listSchemaTypes() {
      return rest.json<SchemaType[]>('GET', '/schemas/types', undefined, ctx());
    },
  };
}

function schemaTypeOf(raw: string | undefined): SchemaType {
  const upper = (raw ?? 'AVRO').toUpperCase();
  return upper === 'PROTOBUF' || upper === 'JSON' ? upper : 'AVRO';
}

function schemaInfo(raw: RawSchema): RegistrySchemaInfo {
  const info: RegistrySchemaInfo = { id: raw.id ?? 0, schemaType: schemaTypeOf(raw.schemaType), schema: raw.schema, references: raw.references ?? [] };
  if (raw.guid) info.guid = raw.guid;
  if (raw.metadata) info.metadata = raw.metadata;
  if (raw.ruleSet !== undefined) info.ruleSet = raw.ruleSet;
  return info;
}

function subjectVersion(raw: RawSchema, subject: string): RegistrySubjectVersion {
  return { ...schemaInfo(raw), subject: raw.subject ?? subject, version: raw.version ?? 0 };
}

/** Confluent answers GETs with `compatibilityLevel` and PUTs with `compatibility`; callers see one name. */
function configRecord(raw: RawConfig): RegistryConfigRecord {
  const { compatibility, compatibilityLevel, ...rest } = raw;
  const level = compatibilityLevel ?? compatibility;
  return { ...(level ? { compatibilityLevel: level } : {}), ...rest };
}
