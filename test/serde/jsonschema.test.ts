import { describe, expect, it } from 'vitest';
import { JsonSchemaSerde } from '../../src/serde/jsonschema/serde.js';
import { ValueError } from '../../src/serde/value-error.js';

function errorOf(run: () => unknown): ValueError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValueError) return error;
    throw error;
  }
  throw new Error('expected a ValueError');
}

const order = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'lines'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    placed_at: { type: 'string', format: 'date-time' },
    email: { type: 'string', format: 'email' },
    name: { type: 'string' },
    lines: { type: 'array', items: { type: 'object', required: ['qty'], properties: { qty: { type: 'integer', minimum: 1 } } } },
  },
};
const valid = { id: '6c1f1c2a-2c1e-4a44-9c3e-0a1b2c3d4e5f', lines: [{ qty: 1 }] };

describe('JSON Schema values', () => {
  it('writes validated JSON text after the frame and reads it back', () => {
    const serde = new JsonSchemaSerde(JSON.stringify(order), {});
    const value = { ...valid, email: 'ada@example.com', name: 'Ünïcödé ✓ 𝄞' };
    const bytes = serde.encode(value, 12);
    expect([...bytes.subarray(0, 5)]).toEqual([0, 0, 0, 0, 12]);
    expect(bytes.subarray(5).toString('utf8')).toBe(JSON.stringify(value));
    expect(serde.decode(bytes, 5, true)).toEqual(value);
  });

  const misfits: Array<{ name: string; value: unknown; path: Array<string | number>; message: RegExp }> = [
    { name: 'a missing required property', value: { lines: [] }, path: ['id'], message: /required property "id" is missing/ },
    { name: 'a property the schema does not allow', value: { ...valid, note: 'x' }, path: ['note'], message: /"note" is not a property the schema allows/ },
    { name: 'a wrong type deep inside', value: { ...valid, lines: [{ qty: 1 }, { qty: 'two' }] }, path: ['lines', '1', 'qty'], message: /must be integer/ },
    { name: 'a value below the minimum', value: { ...valid, lines: [{ qty: 0 }] }, path: ['lines', '0', 'qty'], message: /must be >= 1/ },
    { name: 'a malformed uuid (ajv-formats)', value: { ...valid, id: 'nope' }, path: ['id'], message: /must match format "uuid"/ },
    { name: 'a malformed date-time', value: { ...valid, placed_at: 'yesterday' }, path: ['placed_at'], message: /date-time/ },
  ];
  for (const misfit of misfits) {
    it(`rejects ${misfit.name}, with its path`, () => {
      const serde = new JsonSchemaSerde(JSON.stringify(order), {});
      const error = errorOf(() => serde.encode(misfit.value, 1));
      expect(error.path).toEqual(misfit.path);
      expect(error.message).toMatch(misfit.message);
    });
  }

  it('rejects values JSON cannot hold', () => {
    const serde = new JsonSchemaSerde('{}', {});
    expect(errorOf(() => serde.encode({ n: 1n }, 1)).message).toMatch(/cannot be written as JSON/);
    expect(errorOf(() => serde.encode(undefined, 1)).message).toMatch(/no JSON form/);
  });

  it('reads JSON without validating unless asked to', () => {
    const serde = new JsonSchemaSerde(JSON.stringify(order), {});
    const bytes = Buffer.from('\u0000\u0000\u0000\u0000\u0001{"other":true}');
    expect(serde.decode(bytes, 5, false)).toEqual({ other: true });
    expect(errorOf(() => serde.decode(bytes, 5, true)).path).toEqual(['id']);
    expect(errorOf(() => serde.decode(Buffer.from('\u0000\u0000\u0000\u0000\u0001{oops'), 5, false)).message).toMatch(/not valid JSON/);
  });

  it('resolves references under their reference names, relative or absolute, without fetching', () => {
    const metadata = JSON.stringify({ type: 'object', required: ['correlation_id'], properties: { correlation_id: { type: 'string' } } });
    const relative = new JsonSchemaSerde(JSON.stringify({ type: 'object', properties: { metadata: { $ref: '../common.metadata-json/v1.json' } } }), {
      '../common.metadata-json/v1.json': metadata,
    });
    expect(errorOf(() => relative.encode({ metadata: {} }, 1)).path).toEqual(['metadata', 'correlation_id']);
    const withId = new JsonSchemaSerde(JSON.stringify({ $id: 'https://schemas.example.com/orders/order.json', type: 'object', properties: { metadata: { $ref: 'metadata.json' } } }), {
      'metadata.json': metadata,
    });
    expect(errorOf(() => withId.encode({ metadata: { correlation_id: 5 } }, 1)).path).toEqual(['metadata', 'correlation_id']);
    expect(withId.decode(withId.encode({ metadata: { correlation_id: 'c' } }, 1), 5, true)).toEqual({ metadata: { correlation_id: 'c' } });
  });

  const drafts: Array<{ draft: string; schema: Record<string, unknown>; valid: unknown; invalid: unknown }> = [
    { draft: 'draft-04', schema: { $schema: 'http://json-schema.org/draft-04/schema#', properties: { n: { type: 'number', minimum: 0, exclusiveMinimum: true } } }, valid: { n: 1 }, invalid: { n: 0 } },
    { draft: 'draft-06', schema: { $schema: 'http://json-schema.org/draft-06/schema#', properties: { n: { const: 3 } } }, valid: { n: 3 }, invalid: { n: 4 } },
    { draft: 'draft-07', schema: { $schema: 'http://json-schema.org/draft-07/schema#', if: { required: ['a'] }, then: { required: ['b'] } }, valid: { a: 1, b: 2 }, invalid: { a: 1 } },
    { draft: '2019-09', schema: { $schema: 'https://json-schema.org/draft/2019-09/schema', properties: { a: {} }, unevaluatedProperties: false }, valid: { a: 1 }, invalid: { b: 1 } },
    { draft: '2020-12', schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', prefixItems: [{ type: 'string' }], items: false }, valid: ['x'], invalid: ['x', 1] },
  ];
  for (const { draft, schema, valid: good, invalid } of drafts) {
    it(`validates with the rules of ${draft}`, () => {
      const serde = new JsonSchemaSerde(JSON.stringify(schema), {});
      expect(serde.decode(serde.encode(good, 1), 5, true)).toEqual(good);
      expect(() => serde.encode(invalid, 1)).toThrow(ValueError);
    });
  }

  it('keeps every encoded message intact across the shared buffers it is written into, small or large, ASCII or not', () => {
    const serde = new JsonSchemaSerde('{"type":"object"}', {});
    const values = Array.from({ length: 500 }, (_, i) => ({ i, text: i % 7 === 0 ? 'Ünïcödé ✓ 𝄞'.repeat(i) : 'x'.repeat(i * 3), big: i === 250 ? 'é'.repeat(20_000) : null }));
    const encoded = values.map((value, i) => serde.encode(value, i + 1));
    encoded.forEach((bytes, i) => {
      expect(bytes.readUInt32BE(1), `message ${i}`).toBe(i + 1);
      expect(bytes.length, `message ${i}`).toBe(5 + Buffer.byteLength(JSON.stringify(values[i])));
      expect(serde.decode(bytes, 5, false), `message ${i}`).toEqual(values[i]);
    });
  });

  it('writes values larger than its scratch buffer', () => {
    const serde = new JsonSchemaSerde('{"type":"array"}', {});
    const big = Array.from({ length: 30_000 }, (_, i) => `item-${i}-é`);
    expect(serde.decode(serde.encode(big, 1), 5, false)).toEqual(big);
  });
});
