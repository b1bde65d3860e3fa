/**
 * The little of a schema registry serialization needs, behind an interface so that any registry client
 * (or a test double) can serve it. {@link serdeRegistryOf} adapts kontract's registry client, a URL or
 * `{ url, auth }` to it.
 */
import { isKontractError } from '../errors.js';
import type { RegistryAuth } from '../project/types.js';
import { createRegistryClient, type RegistryClient } from '../registry/client/client.js';
import type { SchemaReference, SchemaType } from '../schema/types.js';

/** A schema as registered: its text, type and direct references. */
export interface RegisteredSchema {
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
}

/** A subject version as the registry returns it. */
export interface RegisteredVersion extends RegisteredSchema {
  id: number;
  subject: string;
  version: number;
}

/** Registry operations serialization uses. Errors are `KontractError`s (`REGISTRY_ERROR` with `registryCode`, `REGISTRY_UNAVAILABLE`). */
export interface SerdeRegistry {
  /** The schema with this id. */
  getSchemaById(id: number): Promise<RegisteredSchema>;
  /** The version of `subject` holding `schema` (registry code 40401/40403 when there is none). */
  lookup(subject: string, schema: RegisteredSchema): Promise<{ id: number; version: number }>;
  /** Registers `schema` under `subject` (or finds it registered already). */
  register(subject: string, schema: RegisteredSchema): Promise<{ id: number; version: number }>;
  /** A version of a subject, or its latest. */
  getVersion(subject: string, version: number | 'latest'): Promise<RegisteredVersion>;
}

/** Where the registry is: a URL, `{ url, auth }`, kontract's {@link RegistryClient}, or any {@link SerdeRegistry}. */
export type RegistryInput = string | { url: string; auth?: RegistryAuth } | RegistryClient | SerdeRegistry;

function isRegistryClient(value: object): value is RegistryClient {
  return 'getSchemaById' in value && 'getVersion' in value && 'register' in value && 'lookup' in value && 'listSubjects' in value;
}

function isSerdeRegistry(value: object): value is SerdeRegistry {
  return 'getSchemaById' in value && 'getVersion' in value && 'register' in value && 'lookup' in value;
}

/** A {@link SerdeRegistry} over kontract's registry client. */
export function serdeRegistryFromClient(client: RegistryClient): SerdeRegistry {
  const toSend = (schema: RegisteredSchema) => ({ schema: schema.schema, schemaType: schema.schemaType, references: schema.references });
  return {
    async getSchemaById(id) {
      const found = await client.getSchemaById(id);
      return { schemaType: found.schemaType, schema: found.schema, references: found.references ?? [] };
    },
    async lookup(subject, schema) {
      const found = await client.lookup(subject, toSend(schema));
      return { id: found.id, version: found.version };
    },
    register: (subject, schema) => client.register(subject, toSend(schema)),
    async getVersion(subject, version) {
      const found = await client.getVersion(subject, version);
      return { id: found.id, subject: found.subject, version: found.version, schemaType: found.schemaType, schema: found.schema, references: found.references ?? [] };
    },
  };
}

/** The {@link SerdeRegistry} for any {@link RegistryInput}. */
export function serdeRegistryOf(input: RegistryInput): SerdeRegistry {
  if (typeof input === 'string') return serdeRegistryFromClient(createRegistryClient({ url: input }));
  if (isRegistryClient(input)) return serdeRegistryFromClient(input);
  if (isSerdeRegistry(input)) return input;
  return serdeRegistryFromClient(createRegistryClient({ url: input.url, ...(input.auth ? { auth: input.auth } : {}) }));
}

/** True for the registry's "no such subject / version / schema" answers (404xx). */
export function isNotFound(error: unknown): boolean {
  return isKontractError(error) && error.registryCode !== undefined && error.registryCode >= 40400 && error.registryCode < 40500;
}
