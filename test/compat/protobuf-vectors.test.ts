/**
 * Every case of the shared Protobuf vectors (Confluent Schema Registry's own diff examples, as data):
 * the BACKWARD verdict and the exact set of differences (difference type and location) of
 * `protobufCompatibility.diff(reader = update, writer = original)`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkCompatibility } from '../../src/compat/check.js';
import { diffProtobufSchemas, isBreakingProtobufRule, protobufCompatibility, type ProtobufRuleId } from '../../src/compat/protobuf/index.js';
import { protobufFormat } from '../../src/schema/protobuf.js';
import type { SchemaSource } from '../../src/schema/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vectorsFile = path.join(path.resolve(repoRoot, '../shared'), 'vectors', 'protobuf-diff-cases.json');
const vectorsPresent = existsSync(vectorsFile);
if (!vectorsPresent) console.warn(`Protobuf vector tests skipped: ${vectorsFile} is absent (the shared vectors live next to the repository).`);

interface Dependency {
  name: string;
  dependency: string;
}

interface ProtobufDiffCase {
  description: string;
  source: string;
  original_schema: string;
  update_schema: string;
  original_dependencies?: Dependency[];
  update_dependencies?: Dependency[];
  changes: string[];
  compatible: boolean;
}

function readProtobufVectors(): ProtobufDiffCase[] {
  return JSON.parse(readFileSync(vectorsFile, 'utf8')) as ProtobufDiffCase[];
}

function sourceOf(schema: string, dependencies: Dependency[] | undefined): SchemaSource {
  return { schema, references: Object.fromEntries((dependencies ?? []).map((d) => [d.name, d.dependency])) };
}

describe.skipIf(!vectorsPresent)('Protobuf compatibility vectors', () => {
  it('agrees with the verdict and the differences of every case of protobuf-diff-cases.json', () => {
    const cases = readProtobufVectors();
    const disagreements: string[] = [];
    for (const c of cases) {
      const original = protobufFormat.parse(sourceOf(c.original_schema, c.original_dependencies), { strict: false });
      const update = protobufFormat.parse(sourceOf(c.update_schema, c.update_dependencies), { strict: true });
      const differences = protobufCompatibility.diff(update, original, { jsonPolicy: 'STRICT' });
      const compatible = !differences.some((d) => isBreakingProtobufRule(d.ruleId as ProtobufRuleId));
      const found = differences.map((d) => `${d.ruleId} ${d.location}`).sort();
      const expected = [...c.changes].sort();
      if (compatible !== c.compatible || JSON.stringify(found) !== JSON.stringify(expected)) {
        disagreements.push(`${c.description}: expected ${c.compatible ? 'compatible' : 'incompatible'} ${JSON.stringify(expected)}, got ${compatible ? 'compatible' : 'incompatible'} ${JSON.stringify(found)}`);
      }
      for (const d of differences) expect(d.message.length).toBeGreaterThan(0);
    }
    console.log(`protobuf-diff-cases.json: ${cases.length - disagreements.length}/${cases.length} agreed (verdict and differences)`);
    expect(disagreements).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(38);
  });

  it('gives the same verdicts through checkCompatibility at BACKWARD, FORWARD and FULL', () => {
    const cases = readProtobufVectors();
    let checked = 0;
    for (const c of cases) {
      const previous = sourceOf(c.original_schema, c.original_dependencies);
      const candidate = sourceOf(c.update_schema, c.update_dependencies);
      // FORWARD: the previous version reads data written with the candidate, i.e. Confluent's diff(original = candidate, update = previous).
      const forwardBreaks = diffProtobufSchemas(protobufFormat.parse(candidate), protobufFormat.parse(previous)).some((d) =>
        isBreakingProtobufRule(d.ruleId as ProtobufRuleId),
      );
      const verdict = (level: 'BACKWARD' | 'FORWARD' | 'FULL'): boolean => checkCompatibility({ schemaType: 'PROTOBUF', level, previous: [previous], candidate }).compatible;
      expect(verdict('BACKWARD'), c.description).toBe(c.compatible);
      expect(verdict('FORWARD'), c.description).toBe(!forwardBreaks);
      expect(verdict('FULL'), c.description).toBe(c.compatible && !forwardBreaks);
      checked++;
    }
    console.log(`protobuf-diff-cases.json through checkCompatibility: ${checked}/${cases.length} at BACKWARD, FORWARD and FULL`);
  });

  it('reports the vectors\' differences as findings with hints', () => {
    const byDescription = new Map(readProtobufVectors().map((c) => [c.description, c]));
    const c = byDescription.get('Detect incompatible import change with same subject, different version');
    expect(c).toBeDefined();
    if (!c) return;
    const result = checkCompatibility({
      schemaType: 'PROTOBUF',
      level: 'BACKWARD',
      previous: [sourceOf(c.original_schema, c.original_dependencies)],
      candidate: sourceOf(c.update_schema, c.update_dependencies),
    });
    expect(result.compatible).toBe(false);
    expect(result.findings.map((f) => [f.ruleId, f.location, f.breaking, f.direction])).toEqual([
      ['FIELD_SCALAR_KIND_CHANGED', '#/outer/GoogleHome/1', true, 'BACKWARD'],
      ['FIELD_NAMED_TYPE_CHANGED', '#/TestMessage/1', true, 'BACKWARD'],
    ]);
    for (const f of result.findings) expect(f.hint.length).toBeGreaterThan(0);
  });
});
