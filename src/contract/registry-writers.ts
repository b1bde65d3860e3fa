/**
 * What producers write now, according to a registry: the latest registered version of each topic's value
 * subject, with the texts of its references fetched from the registry too.
 */
import type { SchemaRepository } from '../project/types.js';
import type { RegistryClient } from '../registry/client/index.js';
import { isNotFound } from '../serde/registry.js';
import { versionSchema } from './resolve.js';
import type { ResolvedSchema } from './types.js';

/**
 * The deployed writer of each topic: the registry's latest version of its value subject; the repository's newest
 * version when the registry does not have the subject yet (its origin says so).
 */
export async function registryWriters(repo: SchemaRepository, client: RegistryClient, topics: readonly string[], registryName: string): Promise<Map<string, ResolvedSchema>> {
  const writers = new Map<string, ResolvedSchema>();
  for (const topic of topics) {
    const subject = repo.topics.find((t) => t.topic === topic)?.value;
    if (!subject) continue;
    try {
      const latest = await client.getVersion(subject.name, 'latest');
      const referenceTexts: Record<string, string> = {};
      const pending = [...latest.references];
      const seen = new Set<string>();
      while (pending.length > 0) {
        const ref = pending.shift()!;
        const key = `${ref.subject}\u0000${ref.version}\u0000${ref.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const target = await client.getVersion(ref.subject, ref.version);
        referenceTexts[ref.name] = target.schema;
        pending.push(...target.references);
      }
      writers.set(topic, {
        schemaType: latest.schemaType,
        schema: latest.schema,
        referenceTexts,
        subject: subject.name,
        version: latest.version,
        origin: `registry ${registryName}: ${subject.name} v${latest.version}`,
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      const newest = subject.versions[subject.versions.length - 1]!;
      writers.set(topic, versionSchema(newest, `${newest.file} (not registered in ${registryName} yet)`));
    }
  }
  return writers;
}
