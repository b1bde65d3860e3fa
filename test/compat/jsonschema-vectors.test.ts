import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compatibleChanges, jsonSchemaCompatibility } from '../../src/compat/jsonschema/index.js';
import type { Difference, JsonCompatibilityPolicy } from '../../src/compat/types.js';
import { parseJsonSchema } from '../../src/schema/jsonschema.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vectorsFile = path.join(path.resolve(repoRoot, '../shared'), 'vectors', 'jsonschema-diff-cases.json');
const vectorsPresent = existsSync(vectorsFile);
if (!vectorsPresent) console.warn(`JSON Schema diff vectors skipped: ${vectorsFile} is absent`);

interface DiffCase {
  description: string;
  original_schema: unknown;
  update_schema: unknown;
  changes: string[];
  compatible: boolean;
  compatible_lenient?: boolean;
  source: string;
}

function diff(original: unknown, update: unknown, jsonPolicy: JsonCompatibilityPolicy): Difference[] {
  const writer = parseJsonSchema({ schema: JSON.stringify(original) });
  const reader = parseJsonSchema({ schema: JSON.stringify(update) });
  return jsonSchemaCompatibility.diff(reader, writer, { jsonPolicy });
}

function isCompatible(differences: Difference[], policy: JsonCompatibilityPolicy): boolean {
  const compatible = compatibleChanges(policy);
  return differences.every((difference) => compatible.has(difference.ruleId));
}

describe.skipIf(!vectorsPresent)('Confluent JSON Schema diff vectors', () => {
  const cases: DiffCase[] = vectorsPresent ? (JSON.parse(readFileSync(vectorsFile, 'utf8')) as DiffCase[]) : [];
  let agreeing = 0;

  afterAll(() => {
    console.log(`JSON Schema diff vectors: ${agreeing}/${cases.length} agree with Confluent (verdicts and change lists)`);
  });

  it.each(cases.map((testCase, index) => [index, testCase.description, testCase] as const))('#%i %s', (_index, _description, testCase) => {
    const strict = diff(testCase.original_schema, testCase.update_schema, 'STRICT');
    expect(strict.map((difference) => `${difference.ruleId} ${difference.location}`)).toEqual(testCase.changes);
    expect(isCompatible(strict, 'STRICT')).toBe(testCase.compatible);
    if (testCase.compatible_lenient !== undefined) {
      const lenient = diff(testCase.original_schema, testCase.update_schema, 'LENIENT');
      expect(isCompatible(lenient, 'LENIENT')).toBe(testCase.compatible_lenient);
    }
    agreeing++;
  });
});
