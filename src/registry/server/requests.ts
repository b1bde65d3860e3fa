import { COMPATIBILITY_LEVELS, type CompatibilityLevel } from '../../compat/types.js';
import type { SchemaMetadata, SchemaReference, SchemaType } from '../../schema/types.js';
import { RegistryErrorCode, registryError } from '../errors.js';
import { REGISTRY_MODES, type RegistryConfigRecord, type RegistryMode, type StoredJson } from '../store/types.js';

/** A schema in a register, lookup or compatibility request body, validated. */
export interface SchemaRequest {
  schema: string;
  schemaType: SchemaType;
  references: SchemaReference[];
  metadata?: SchemaMetadata;
  ruleSet?: StoredJson;
  /** IMPORT mode only: the id to register under. */
  id?: number;
  /** The version to register as (IMPORT mode, or the next version). */
  version?: number;
}

/** `latest` (also `-1`) or a version number. */
export type VersionSpec = number | 'latest';

const MAX_INT = 2147483647;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shapeError(message: string): never {
  throw registryError(RegistryErrorCode.UNPROCESSABLE_ENTITY, message);
}

/** Parse a schema request body the way Confluent's JSON binding does: unknown fields ignored, wrong types refused. */
export function parseSchemaRequest(body: unknown): SchemaRequest {
  if (!isObject(body)) shapeError('The request body must be a JSON object with a "schema" field');
  const { schema, schemaType, references, metadata, ruleSet, id, version } = body;
  if (schema === undefined || schema === null || schema === '') {
    throw registryError(RegistryErrorCode.INVALID_SCHEMA, 'Empty schema');
  }
  if (typeof schema !== 'string') shapeError('"schema" must be a string holding the schema text');
  const request: SchemaRequest = { schema, schemaType: parseSchemaTypeField(schemaType), references: parseReferences(references) };
  if (metadata !== undefined && metadata !== null) request.metadata = parseMetadata(metadata, '"metadata"');
  if (ruleSet !== undefined && ruleSet !== null) {
    if (!isObject(ruleSet)) shapeError('"ruleSet" must be an object');
    request.ruleSet = ruleSet as StoredJson;
  }
  if (id !== undefined && id !== null) {
    if (!Number.isInteger(id) || (id as number) < -1 || (id as number) > MAX_INT) shapeError('"id" must be a schema id (a positive integer)');
    if ((id as number) > 0) request.id = id as number;
  }
  if (version !== undefined && version !== null) {
    if (!Number.isInteger(version) || (version as number) < -1 || (version as number) > MAX_INT) {
      throw registryError(RegistryErrorCode.INVALID_VERSION, `The specified version '${String(version)}' is not a valid version id. Allowed values are between [1, 2^31-1]`);
    }
    if ((version as number) > 0) request.version = version as number;
  }
  return request;
}

function parseSchemaTypeField(value: unknown): SchemaType {
  if (value === undefined || value === null || value === '') return 'AVRO';
  if (typeof value !== 'string') shapeError('"schemaType" must be a string: AVRO, PROTOBUF or JSON');
  const upper = value.toUpperCase();
  if (upper === 'AVRO' || upper === 'PROTOBUF' || upper === 'JSON') return upper;
  throw registryError(RegistryErrorCode.INVALID_SCHEMA, `Invalid schema type ${value}; the registry supports AVRO, PROTOBUF and JSON`);
}

function parseReferences(value: unknown): SchemaReference[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) shapeError('"references" must be an array of {name, subject, version}');
  return value.map((ref, index) => {
    if (!isObject(ref)) shapeError(`"references"[${index}] must be an object with name, subject and version`);
    const { name, subject, version } = ref;
    if (typeof name !== 'string' || name === '') throw registryError(RegistryErrorCode.INVALID_SCHEMA, `Invalid schema: reference ${index} has no name`);
    if (typeof subject !== 'string' || subject === '') throw registryError(RegistryErrorCode.INVALID_SCHEMA, `Invalid schema: reference "${name}" has no subject`);
    if (!Number.isInteger(version) || ((version as number) < 1 && version !== -1) || (version as number) > MAX_INT) {
      throw registryError(RegistryErrorCode.INVALID_SCHEMA, `Invalid schema: reference "${name}" has an invalid version ${JSON.stringify(version)}; use a version number or -1 for the latest`);
    }
    return { name, subject, version: version as number };
  });
}

function parseMetadata(value: unknown, where: string): SchemaMetadata {
  if (!isObject(value)) shapeError(`${where} must be an object with tags, properties and sensitive`);
  const metadata: SchemaMetadata = {};
  const { tags, properties, sensitive } = value;
  if (tags !== undefined && tags !== null) {
    if (!isObject(tags) || !Object.values(tags).every((v) => Array.isArray(v) && v.every((s) => typeof s === 'string'))) {
      shapeError(`${where}.tags must map names to arrays of strings`);
    }
    metadata.tags = tags as Record<string, string[]>;
  }
  if (properties !== undefined && properties !== null) {
    if (!isObject(properties) || !Object.values(properties).every((v) => typeof v === 'string')) shapeError(`${where}.properties must map names to strings`);
    metadata.properties = properties as Record<string, string>;
  }
  if (sensitive !== undefined && sensitive !== null) {
    if (!Array.isArray(sensitive) || !sensitive.every((s) => typeof s === 'string')) shapeError(`${where}.sensitive must be an array of strings`);
    metadata.sensitive = sensitive as string[];
  }
  return metadata;
}

/** Parse `{v}` in a path: `latest`, `-1`, or an integer in [1, 2^31-1]; anything else is 42202. */
export function parseVersionSpec(raw: string): VersionSpec {
  if (raw === 'latest' || raw === '-1') return 'latest';
  if (/^\+?\d{1,10}$/.test(raw)) {
    const n = Number(raw);
    if (n >= 1 && n <= MAX_INT) return n;
  }
  throw registryError(
    RegistryErrorCode.INVALID_VERSION,
    `The specified version '${raw}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
  );
}

/** Parse `{id}` in a path; an id that cannot exist is simply not found. */
export function parseSchemaId(raw: string): number {
  if (/^\+?\d{1,10}$/.test(raw)) {
    const n = Number(raw);
    if (n >= 1 && n <= MAX_INT) return n;
  }
  throw registryError(RegistryErrorCode.SCHEMA_NOT_FOUND, `Schema ${raw} not found`);
}

/** Query flags as Confluent reads them: `true` (any case) is true, anything else false. */
export function queryFlag(query: URLSearchParams, name: string): boolean {
  return query.get(name)?.toLowerCase() === 'true';
}

/** A subject name must be non-empty and free of control characters (42208 otherwise). */
export function validateSubject(subject: string): string {
  // eslint-disable-next-line no-control-regex
  if (subject.length === 0 || /[\u0000-\u001f\u007f]/.test(subject)) {
    throw registryError(RegistryErrorCode.INVALID_SUBJECT, `The specified subject '${subject.replace(/[\u0000-\u001f\u007f]/g, '?')}' is not a valid subject name`);
  }
  return subject;
}

export function parseCompatibilityLevel(value: unknown): CompatibilityLevel {
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  const level = COMPATIBILITY_LEVELS.find((l) => l === upper);
  if (!level) {
    throw registryError(
      RegistryErrorCode.INVALID_COMPATIBILITY_LEVEL,
      'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive',
    );
  }
  return level;
}

export function parseMode(value: unknown): RegistryMode {
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  const mode = REGISTRY_MODES.find((m) => m === upper);
  if (!mode) throw registryError(RegistryErrorCode.INVALID_MODE, 'Invalid mode. Valid values are READWRITE, READONLY, READONLY_OVERRIDE, and IMPORT.');
  return mode;
}

/** A `PUT /config` body: `compatibility` (or `compatibilityLevel`) and the other settings, validated. */
export function parseConfigUpdate(body: unknown): RegistryConfigRecord {
  if (!isObject(body)) shapeError('The request body must be a JSON object, e.g. {"compatibility": "BACKWARD"}');
  const update: RegistryConfigRecord = {};
  const level = body.compatibility ?? body.compatibilityLevel;
  if (level !== undefined && level !== null) update.compatibilityLevel = parseCompatibilityLevel(level);
  for (const flag of ['normalize', 'validateFields'] as const) {
    const v = body[flag];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'boolean') shapeError(`"${flag}" must be true or false`);
    update[flag] = v;
  }
  for (const text of ['compatibilityGroup', 'alias'] as const) {
    const v = body[text];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') shapeError(`"${text}" must be a string`);
    update[text] = v;
  }
  for (const meta of ['defaultMetadata', 'overrideMetadata'] as const) {
    const v = body[meta];
    if (v !== undefined && v !== null) update[meta] = parseMetadata(v, `"${meta}"`);
  }
  for (const rules of ['defaultRuleSet', 'overrideRuleSet'] as const) {
    const v = body[rules];
    if (v === undefined || v === null) continue;
    if (!isObject(v)) shapeError(`"${rules}" must be an object`);
    update[rules] = v as StoredJson;
  }
  return update;
}
