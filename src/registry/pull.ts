import type { CompatibilityLevel } from '../compat/types.js';
import { KontractError } from '../errors.js';
import { parseJsonDocument } from '../schema/json-text.js';
import type { SchemaReference, SchemaType } from '../schema/types.js';
import type { RegistryClient, RegistrySubjectVersion } from './client/index.js';

const EXTENSION: Record<SchemaType, string> = { AVRO: 'avsc', PROTOBUF: 'proto', JSON: 'json' };

/** One file `kontract pull` writes, relative to the schemas folder. */
export interface PulledFile {
  path: string;
  content: string;
}

export interface PulledSubject {
  subject: string;
  schemaType: SchemaType;
  /** Registry version → repository version (they differ when the registry has deleted versions). */
  versions: { registry: number; repository: number }[];
  /** The subject's own compatibility level in the registry, if it has one. */
  compatibility?: CompatibilityLevel;
}

export interface PullResult {
  files: PulledFile[];
  subjects: PulledSubject[];
}

/**
 * Read subjects from a registry into the repository layout: `<subject>/v<N>.<ext>` and, for versions with
 * references, `<subject>/v<N>.refs.json` pinning them (registry reference names need not follow the
 * repository's path conventions). Versions are renumbered 1..n when the registry has gaps (deleted versions);
 * references are translated accordingly. Avro and JSON texts are pretty-printed. Reads only.
 */
export async function pullSubjects(client: RegistryClient, options: { subjects?: string[] } = {}): Promise<PullResult> {
  const all = await client.listSubjects();
  const wanted = options.subjects ?? all;
  for (const s of wanted) {
    if (!all.includes(s)) {
      throw new KontractError('SUBJECT_NOT_FOUND', `the registry has no subject "${s}"`, { hint: `Subjects there: ${all.slice(0, 20).join(', ')}${all.length > 20 ? ', …' : ''}` });
    }
  }
  // Referenced subjects come along, so the pulled repository is complete.
  const queue = [...wanted];
  const history = new Map<string, RegistrySubjectVersion[]>();
  while (queue.length > 0) {
    const subject = queue.shift()!;
    if (history.has(subject)) continue;
    const versions = await client.listVersions(subject);
    const entries = await Promise.all(versions.map((v) => client.getVersion(subject, v)));
    history.set(subject, entries);
    for (const e of entries) for (const ref of e.references) queue.push(ref.subject);
  }

  const renumber = new Map<string, Map<number, number>>();
  for (const [subject, entries] of history) renumber.set(subject, new Map(entries.map((e, i) => [e.version, i + 1])));

  const files: PulledFile[] = [];
  const subjects: PulledSubject[] = [];
  for (const [subject, entries] of [...history.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const types = new Set(entries.map((e) => e.schemaType));
    if (types.size > 1) {
      throw new KontractError('SCHEMA_INVALID', `subject "${subject}" holds several schema types in the registry (${[...types].join(', ')})`, {
        hint: 'kontract keeps one schema type per subject; pull the other subjects, or split this one in the registry.',
      });
    }
    const schemaType = entries[0]?.schemaType ?? 'AVRO';
    const numbers = renumber.get(subject)!;
    for (const e of entries) {
      const n = numbers.get(e.version)!;
      files.push({ path: `${subject}/v${n}.${EXTENSION[schemaType]}`, content: prettyText(schemaType, e.schema) });
      if (e.references.length > 0) {
        const pinned: SchemaReference[] = e.references.map((r) => ({ name: r.name, subject: r.subject, version: renumber.get(r.subject)?.get(r.version) ?? r.version }));
        files.push({ path: `${subject}/v${n}.refs.json`, content: JSON.stringify(pinned, null, 2) + '\n' });
      }
    }
    let compatibility: CompatibilityLevel | undefined;
    try {
      compatibility = (await client.getConfig(subject)).compatibilityLevel;
    } catch (error) {
      if (!(error instanceof KontractError && (error.registryCode === 40408 || error.registryCode === 40401))) throw error;
    }
    subjects.push({
      subject,
      schemaType,
      versions: entries.map((e) => ({ registry: e.version, repository: numbers.get(e.version)! })),
      ...(compatibility ? { compatibility } : {}),
    });
  }
  return { files, subjects };
}

/** Avro and JSON texts indented for review, unless that would change a number's literal text (`1.0` stays `1.0`). */
function prettyText(schemaType: SchemaType, text: string): string {
  const asIs = text.endsWith('\n') ? text : `${text}\n`;
  if (schemaType === 'PROTOBUF') return asIs;
  try {
    const doc = parseJsonDocument(text);
    for (const literal of doc.numberTexts.values()) if (JSON.stringify(Number(literal)) !== literal) return asIs;
    return JSON.stringify(doc.value, null, 2) + '\n';
  } catch {
    return asIs;
  }
}
