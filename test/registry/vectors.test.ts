import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRegistry } from '../../src/registry/server/http.js';
import { call, errorOf, startTestRegistry } from './helpers.js';

/*
 * Confluent's and Avro's own cases, run end to end through the registry's HTTP API: previous
 * versions are registered, then the candidate is checked the way registration checks it. This
 * proves the registry's wrapping (levels, references, version order) around the engine.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vectorsDir = path.resolve(repoRoot, '../shared/vectors');
const haveVectors = existsSync(vectorsDir);
if (!haveVectors) console.warn(`registry vector tests skipped: ${vectorsDir} does not exist`);

interface LevelCase {
  description: string;
  level: string;
  previous: unknown[];
  candidate: unknown;
  compatible: boolean;
}
interface Dependency {
  name: string;
  dependency: string;
}
interface Reference {
  name: string;
  subject: string;
  version: number;
}
interface DiffCase {
  description: string;
  original_schema: unknown;
  update_schema: unknown;
  compatible: boolean;
  original_dependencies?: Dependency[];
  update_dependencies?: Dependency[];
  original_references?: Reference[];
  update_references?: Reference[];
}

function load<T>(file: string): T[] {
  return JSON.parse(readFileSync(path.join(vectorsDir, file), 'utf8')) as T[];
}
const text = (schema: unknown): string => (typeof schema === 'string' ? schema : JSON.stringify(schema));

let registry: RunningRegistry;
beforeAll(async () => {
  registry = await startTestRegistry();
});
afterAll(async () => {
  await registry.close();
});

interface Tally {
  agree: number;
  disagree: string[];
  /** Cases whose previous schema the registry refused to store: listed so a failure says which. */
  refused: string[];
}

function report(name: string, tally: Tally, total: number): void {
  console.log(`${name}: ${tally.agree}/${total - tally.refused.length} verdicts agree; ${tally.refused.length} not registrable`);
}

describe.skipIf(!haveVectors)('Confluent verdicts through the registry', () => {
  it('agrees with every Avro compatibility-level case', async () => {
    const cases = haveVectors ? load<LevelCase>('avro-compat-levels.json') : [];
    const tally: Tally = { agree: 0, disagree: [], refused: [] };
    for (const [i, c] of cases.entries()) {
      const subject = `avro-levels-${i}`;
      await call(registry.url, 'PUT', `/config/${subject}`, { compatibility: 'NONE' });
      let registrable = true;
      for (const previous of c.previous) {
        const answer = await call(registry.url, 'POST', `/subjects/${subject}/versions`, { schema: text(previous) });
        if (answer.status !== 200) registrable = false;
      }
      if (!registrable) {
        tally.refused.push(c.description);
        continue;
      }
      await call(registry.url, 'PUT', `/config/${subject}`, { compatibility: c.level });
      const answer = await call(registry.url, 'POST', `/compatibility/subjects/${subject}/versions?verbose=true`, { schema: text(c.candidate) });
      const verdict = (answer.body as { is_compatible?: boolean }).is_compatible;
      if (verdict === c.compatible) tally.agree++;
      else tally.disagree.push(`${c.description}: expected ${c.compatible}, got ${answer.text}`);
    }
    report('avro-compat-levels', tally, cases.length);
    expect(tally.refused).toEqual([]);
    expect(tally.disagree).toEqual([]);
    expect(tally.agree).toBe(cases.length);
  });

  async function runDiffCases(file: string, schemaType: 'JSON' | 'PROTOBUF'): Promise<{ tally: Tally; total: number }> {
    const cases = load<DiffCase>(file);
    const tally: Tally = { agree: 0, disagree: [], refused: [] };
    for (const [i, c] of cases.entries()) {
      const subject = `${schemaType.toLowerCase()}-diff-${i}`;
      // Each side's dependencies become subjects of their own; references point at them.
      const registerDependencies = async (side: string, dependencies: Dependency[] = [], references: Reference[] = []): Promise<Reference[] | undefined> => {
        const resolved: Reference[] = [];
        for (const dependency of dependencies) {
          const depSubject = `${subject}-${side}-${dependency.name}`;
          const answer = await call(registry.url, 'POST', `/subjects/${encodeURIComponent(depSubject)}/versions`, { schema: dependency.dependency, schemaType });
          if (answer.status !== 200) return undefined;
          const declared = references.find((r) => r.name === dependency.name);
          resolved.push({ name: declared?.name ?? dependency.name, subject: depSubject, version: (answer.body as { version: number }).version });
        }
        return resolved;
      };
      const originalRefs = await registerDependencies('o', c.original_dependencies, c.original_references);
      const updateRefs = await registerDependencies('u', c.update_dependencies, c.update_references);
      const original = await call(registry.url, 'POST', `/subjects/${subject}/versions`, { schema: text(c.original_schema), schemaType, references: originalRefs });
      if (!originalRefs || !updateRefs || original.status !== 200) {
        tally.refused.push(`${c.description}: ${errorOf(original).message}`);
        continue;
      }
      const answer = await call(registry.url, 'POST', `/compatibility/subjects/${subject}/versions/latest?verbose=true`, {
        schema: text(c.update_schema),
        schemaType,
        references: updateRefs,
      });
      const verdict = (answer.body as { is_compatible?: boolean }).is_compatible;
      if (verdict === c.compatible) tally.agree++;
      else tally.disagree.push(`${c.description}: expected ${c.compatible}, got ${answer.text}`);
    }
    report(file, tally, cases.length);
    return { tally, total: cases.length };
  }

  it('agrees with every JSON Schema diff case at BACKWARD', async () => {
    const { tally, total } = await runDiffCases('jsonschema-diff-cases.json', 'JSON');
    expect(tally.refused).toEqual([]);
    expect(tally.disagree).toEqual([]);
    expect(tally.agree).toBe(total);
  });

  it('agrees with every Protobuf diff case at BACKWARD', async () => {
    const { tally, total } = await runDiffCases('protobuf-diff-cases.json', 'PROTOBUF');
    expect(tally.refused).toEqual([]);
    expect(tally.disagree).toEqual([]);
    expect(tally.agree).toBe(total);
  });
});
