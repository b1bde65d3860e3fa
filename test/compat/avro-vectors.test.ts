/**
 * Every Avro case of the shared vectors (Apache Avro's and Confluent's own test suites, as data): pairwise
 * reader/writer verdicts through `avroCompatibility.diff`, and level verdicts through `checkCompatibility`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { avroCompatibility } from '../../src/compat/avro/index.js';
import type { CompatibilityLevel } from '../../src/compat/types.js';
import { avroFormat } from '../../src/schema/avro.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vectorsDir = path.join(path.resolve(repoRoot, '../shared'), 'vectors');
const vectorsPresent = existsSync(path.join(vectorsDir, 'avro-compat.json')) && existsSync(path.join(vectorsDir, 'avro-compat-levels.json'));
if (!vectorsPresent) console.warn(`Avro vector tests skipped: ${vectorsDir} is absent (the shared vectors live next to the repository).`);

interface PairCase {
  description: string;
  source: string;
  reader: unknown;
  writer: unknown;
  compatible: boolean;
}

interface LevelCase {
  description: string;
  source: string;
  level: CompatibilityLevel;
  previous: unknown[];
  candidate: unknown;
  compatible: boolean;
}

function readVectors<T>(file: string): T[] {
  return JSON.parse(readFileSync(path.join(vectorsDir, file), 'utf8')) as T[];
}

describe.skipIf(!vectorsPresent)('Avro compatibility vectors', () => {
  it('agrees with every reader/writer case of avro-compat.json', () => {
    const cases = readVectors<PairCase>('avro-compat.json');
    const disagreements: string[] = [];
    for (const c of cases) {
      // Stored schemas: non-strict (the vectors contain anonymous records and empty unions, as Java's tests build them).
      const reader = avroFormat.parse({ schema: JSON.stringify(c.reader) });
      const writer = avroFormat.parse({ schema: JSON.stringify(c.writer) });
      const differences = avroCompatibility.diff(reader, writer, { jsonPolicy: 'STRICT' });
      const compatible = differences.length === 0;
      if (compatible !== c.compatible) {
        disagreements.push(`${c.source}: ${c.description}: expected ${c.compatible ? 'compatible' : 'incompatible'}, got ${JSON.stringify(differences)}`);
      }
      // Every incompatible verdict carries findings that explain it; compatible ones carry none.
      for (const difference of differences) expect(difference.location).toMatch(/^\//);
    }
    console.log(`avro-compat.json: ${cases.length - disagreements.length}/${cases.length} agreed`);
    expect(disagreements).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });

  it('agrees with every level case of avro-compat-levels.json', async () => {
    // Imported here so the pairwise cases above do not depend on the other formats' modules the engine loads.
    const { checkCompatibility } = await import('../../src/compat/check.js');
    const cases = readVectors<LevelCase>('avro-compat-levels.json');
    const disagreements: string[] = [];
    for (const c of cases) {
      const result = checkCompatibility({
        schemaType: 'AVRO',
        level: c.level,
        candidate: JSON.stringify(c.candidate),
        previous: c.previous.map((schema) => JSON.stringify(schema)),
      });
      if (result.compatible !== c.compatible) {
        disagreements.push(`${c.source}: ${c.description}: expected ${c.compatible}, got ${JSON.stringify(result.findings)}`);
      }
    }
    console.log(`avro-compat-levels.json: ${cases.length - disagreements.length}/${cases.length} agreed`);
    expect(disagreements).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });
});
