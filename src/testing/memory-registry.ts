/**
 * A schema registry in memory, with Confluent's semantics (it is kontract's embedded registry service without
 * HTTP and without a disk), served through the interface serialization uses. For tests and for checks that
 * serialize without a real registry (example messages).
 */
import type { CompatibilityLevel } from '../compat/types.js';
import { RegistryService } from '../registry/server/service.js';
import type { RegisteredSchema, RegisteredVersion, SerdeRegistry } from '../serde/registry.js';

/** An in-memory registry: a {@link SerdeRegistry} plus what tests need to look inside. */
export interface InMemoryRegistry extends SerdeRegistry {
  /** Subjects with at least one version, sorted. */
  subjects(): string[];
  /** Releases the service. */
  close(): Promise<void>;
}

/**
 * Opens an empty in-memory registry. Its global compatibility level is `NONE` unless given: the history a test
 * registers is its own business (`kontract check` and `verify` judge compatibility, not the harness).
 */
export async function createInMemoryRegistry(options: { compatibility?: CompatibilityLevel } = {}): Promise<InMemoryRegistry> {
  const service = await RegistryService.open({ memory: true });
  await service.setConfig(null, { compatibilityLevel: options.compatibility ?? 'NONE' });
  const request = (schema: RegisteredSchema) => ({ schema: schema.schema, schemaType: schema.schemaType, references: [...schema.references] });
  return {
    async getSchemaById(id) {
      const stored = service.getSchemaById(id);
      return { schemaType: stored.schemaType, schema: stored.schema, references: [...stored.references] };
    },
    async lookup(subject, schema) {
      const found = service.lookup(subject, request(schema), { normalize: false, deleted: false });
      return { id: found.id, version: found.version };
    },
    async register(subject, schema) {
      const registered = await service.register(subject, request(schema), { normalize: false });
      return { id: registered.id, version: registered.version };
    },
    async getVersion(subject, version): Promise<RegisteredVersion> {
      const found = service.getVersion(subject, version, false);
      return { id: found.id, subject: found.subject, version: found.version, schemaType: found.schemaType, schema: found.schema, references: [...found.references] };
    },
    subjects: () => service.listSubjects({}),
    close: () => service.close(),
  };
}
