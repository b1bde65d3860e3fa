import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffJsonSchemaNodes, jsonSchemaCompatibility } from '../../src/compat/jsonschema/index.js';
import type { JsonCompatibilityPolicy } from '../../src/compat/types.js';
import { parseJsonSchema, type ParsedJsonSchema } from '../../src/schema/jsonschema.js';

// The diff skips its identity memo when neither tree holds a reference node; these tests check that this changes
// nothing: same differences (types, locations, messages, order) as the memoised diff, under both policies.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vectorsFile = path.join(path.resolve(repoRoot, '../shared'), 'vectors', 'jsonschema-diff-cases.json');
const vectorsPresent = existsSync(vectorsFile);
if (!vectorsPresent) console.warn(`JSON Schema memo-free diff check against the vectors skipped: ${vectorsFile} is absent`);

const POLICIES: JsonCompatibilityPolicy[] = ['STRICT', 'LENIENT'];

const parse = (schema: unknown): ParsedJsonSchema => parseJsonSchema({ schema: JSON.stringify(schema) });

function expectSameDiffBothWays(writer: ParsedJsonSchema, reader: ParsedJsonSchema): void {
  for (const policy of POLICIES) {
    for (const [original, update] of [
      [writer, reader],
      [reader, writer],
    ] as const) {
      const memoised = diffJsonSchemaNodes(original.root, update.root, policy, true);
      expect(diffJsonSchemaNodes(original.root, update.root, policy, false)).toEqual(memoised);
      expect(jsonSchemaCompatibility.diff(update, original, { jsonPolicy: policy })).toEqual(memoised);
    }
  }
}

const nullableString = { type: ['string', 'null'] };

/** Objects, unions, closed and partially open content models, arrays, enums, nested the way event schemas nest. */
function eventSchema(version: number): unknown {
  const properties: Record<string, unknown> = {
    id: { type: 'string', format: 'uuid', description: version > 1 ? 'The id.' : 'Id.' },
    status: { enum: version > 2 ? ['NEW', 'DONE', 'GONE'] : ['NEW', 'DONE'] },
    amount: version === 3 ? { type: 'string' } : { type: 'integer', minimum: 0, maximum: version * 10 },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: { sku: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, ...(version > 1 ? { discount: nullableString } : {}) },
        required: ['sku'],
        additionalProperties: version > 2 ? nullableString : false,
      },
    },
    choice: { oneOf: [{ type: 'string' }, { type: 'object', properties: { code: { type: 'integer' } } }, ...(version > 1 ? [{ type: 'null' }] : [])] },
    both: { allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { required: version > 2 ? ['a'] : [] }] },
    ...(version < 3 ? { legacy: nullableString } : {}),
  };
  for (let added = 2; added <= version; added++) properties[`added_in_v${added}`] = nullableString;
  return { type: 'object', properties, required: ['id', 'status'], additionalProperties: version === 2 ? false : nullableString };
}

describe('the JSON Schema diff without its memo (trees without references)', () => {
  it('knows which parsed trees hold references', () => {
    expect(parse({ type: 'object', properties: { a: { type: 'string' } } }).hasReferences).toBe(false);
    expect(parse({ properties: { a: { $ref: '#/definitions/s' } }, definitions: { s: { type: 'string' } } }).hasReferences).toBe(true);
    expect(parse({ $schema: 'https://json-schema.org/draft/2020-12/schema', $dynamicRef: '#/$defs/n', $defs: { n: { type: 'string' } } }).hasReferences).toBe(true);
  });

  it('reports what the memoised diff reports on evolving event schemas', () => {
    const versions = [1, 2, 3, 4].map((version) => parse(eventSchema(version)));
    for (const writer of versions) for (const reader of versions) expectSameDiffBothWays(writer, reader);
  });

  it.skipIf(!vectorsPresent)('reports what the memoised diff reports on every Confluent vector without references', () => {
    const cases = JSON.parse(readFileSync(vectorsFile, 'utf8')) as Array<{ original_schema: unknown; update_schema: unknown }>;
    let compared = 0;
    for (const testCase of cases) {
      const writer = parse(testCase.original_schema);
      const reader = parse(testCase.update_schema);
      if (writer.hasReferences || reader.hasReferences) continue;
      expectSameDiffBothWays(writer, reader);
      compared++;
    }
    // Most vectors have no `$ref`; the check must have run on them.
    expect(compared).toBeGreaterThan(cases.length / 2);
  });
});
