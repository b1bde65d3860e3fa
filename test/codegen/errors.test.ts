import { describe, expect, it } from 'vitest';
import { generateCode } from '../../src/codegen/index.js';
import { KontractError } from '../../src/errors.js';
import type { SchemaRepository } from '../../src/project/types.js';
import { json, repositoryOf } from './helpers.js';

/** A loaded one-subject repository whose only version text is then replaced (to reach what the loader would reject). */
function withSchema(file: string, loaded: string, replacement: string, referenceTexts: Record<string, string> = {}): SchemaRepository {
  const repo = repositoryOf({ [file]: loaded });
  const version = repo.subjects[0]!.versions[0]!;
  version.schema = replacement;
  version.referenceTexts = referenceTexts;
  return repo;
}

async function errorOf(repo: SchemaRepository): Promise<KontractError> {
  const error = await generateCode(repo).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KontractError);
  return error as KontractError;
}

describe('codegen errors name the file and say how to fix it', () => {
  it('two subjects that map to the same TypeScript name', async () => {
    const repo = repositoryOf({
      'schemas/orders.placed-value/v1.avsc': json('string'),
      'schemas/orders_placed-value/v1.avsc': json('string'),
    });
    const error = await errorOf(repo);
    expect(error).toMatchObject({ code: 'NAME_CLASH', location: { file: 'schemas/orders_placed-value' } });
    expect(error.message).toContain('OrdersPlaced');
    expect(error.message).toContain('orders.placed-value');
    expect(error.hint).toMatch(/rename/);
  });

  it('a topic with a key subject but no value subject', async () => {
    const error = await errorOf(repositoryOf({ 'schemas/orders.placed-key/v1.avsc': json('string') }));
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', location: { file: 'kontract.config.json', path: '#/topics/orders.placed' } });
    expect(error.hint).toContain('orders.placed-value');
  });

  it('a JSON Schema $ref that is no reference of the version', async () => {
    const file = 'schemas/a-value/v1.json';
    const repo = withSchema(file, json({ type: 'object' }), json({ type: 'object', properties: { m: { $ref: 'money.json' } } }), { 'other.json': '{}' });
    const error = await errorOf(repo);
    expect(error).toMatchObject({ code: 'REFERENCE_UNRESOLVED', location: { file } });
    expect(error.message).toContain('money.json');
    expect(error.hint).toContain('other.json');
  });

  it.each(['/etc/hostname', 'https://example.invalid/schemas/money.json'])('never reads $ref %s from disk or network', async (ref) => {
    const file = 'schemas/a-value/v1.json';
    const repo = withSchema(file, json({ type: 'object' }), json({ type: 'object', properties: { m: { $ref: `${ref}#/definitions/X` } } }));
    const error = await errorOf(repo);
    expect(error).toMatchObject({ code: 'REFERENCE_UNRESOLVED', location: { file } });
    expect(error.message).toContain(`"${ref}#/definitions/X"`);
  });

  it('a JSON Schema keyword json-schema-to-typescript rejects, with its JSON path and line', async () => {
    const file = 'schemas/a-value/v1.json';
    const text = '{\n  "type": "object",\n  "properties": {\n    "tags": { "type": "array", "minItems": 3, "maxItems": 1 }\n  }\n}';
    const error = await errorOf(withSchema(file, json({ type: 'object' }), text));
    expect(error).toMatchObject({ code: 'SCHEMA_INVALID', location: { file, path: '#/properties/tags/maxItems', line: 4, column: 59 } });
  });

  it('JSON syntax errors keep their line and column', async () => {
    const file = 'schemas/a-value/v1.json';
    const error = await errorOf(withSchema(file, json({ type: 'object' }), '{\n  "type": "object",,\n}'));
    expect(error).toMatchObject({ code: 'SCHEMA_SYNTAX', location: { file, line: 2 } });
  });

  it('a JSON Schema that is neither an object nor a boolean', async () => {
    const file = 'schemas/a-value/v1.json';
    const error = await errorOf(withSchema(file, json({ type: 'object' }), '42'));
    expect(error).toMatchObject({ code: 'SCHEMA_INVALID', location: { file } });
  });

  it('an Avro schema the parser rejects', async () => {
    const file = 'schemas/a-value/v1.avsc';
    const error = await errorOf(withSchema(file, json('string'), json({ type: 'record', name: 'A', fields: [{ name: 'x', type: 'Missing' }] })));
    expect(error.location?.file).toBe(file);
    expect(['REFERENCE_UNRESOLVED', 'SCHEMA_INVALID']).toContain(error.code);
  });

  it('a Protobuf schema without a message', async () => {
    const file = 'schemas/a-value/v1.proto';
    const error = await errorOf(repositoryOf({ [file]: 'syntax = "proto3";\npackage p;\nenum E {\n  E_UNSPECIFIED = 0;\n}\n' }));
    expect(error).toMatchObject({ code: 'SCHEMA_INVALID', location: { file } });
    expect(error.hint).toMatch(/message/);
  });
});
