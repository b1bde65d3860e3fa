/** Schemas nested deeper than the recursive parsers and checks can go are schema errors, never crashes or HTTP 500s. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCompatibility } from '../../src/compat/check.js';
import { generateCode } from '../../src/codegen/generate.js';
import { KontractErrorList, isKontractError } from '../../src/errors.js';
import type { RunningRegistry } from '../../src/registry/server/http.js';
import { avroFormat } from '../../src/schema/avro.js';
import { jsonSchemaFormat } from '../../src/schema/jsonschema.js';
import { repositoryOf } from '../codegen/helpers.js';
import { call, errorOf, startTestRegistry } from '../registry/helpers.js';

// Built as text: JSON.stringify itself cannot go this deep.
const deepJson = (depth: number, leaf = 'string') => '{"type":"object","properties":{"a":'.repeat(depth) + `{"type":"${leaf}"}` + '}}'.repeat(depth);
const deepAvro = (depth: number, leaf = 'string') => '{"type":"array","items":'.repeat(depth) + `"${leaf}"` + '}'.repeat(depth);
const deepAvroRecords = (depth: number, leaf = 'string') => {
  let text = '';
  for (let i = 1; i <= depth; i++) text += `{"type":"record","name":"R${i}","fields":[{"name":"a","type":`;
  return text + `"${leaf}"` + '}]}'.repeat(depth);
};
const DEPTH = 50_000;

function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('schemas nested too deeply', () => {
  it('are SCHEMA_INVALID with a hint when parsed', () => {
    for (const [format, text] of [
      [jsonSchemaFormat, deepJson(DEPTH)],
      [avroFormat, deepAvro(DEPTH)],
      [avroFormat, deepAvroRecords(DEPTH)],
    ] as const) {
      const error = thrown(() => format.parse({ schema: text }));
      expect(isKontractError(error) && error.code, format.type).toBe('SCHEMA_INVALID');
      expect(String((error as Error).message)).toMatch(/nested too deeply/);
      expect(isKontractError(error) && error.hint).toMatch(/Flatten/);
    }
  });

  it('are SCHEMA_INVALID in a compatibility check, and ordinary depths still check', () => {
    const error = thrown(() => checkCompatibility({ schemaType: 'AVRO', level: 'FULL', candidate: deepAvroRecords(DEPTH), previous: [deepAvroRecords(DEPTH, 'int')] }));
    expect(isKontractError(error) && error.code).toBe('SCHEMA_INVALID');
    const shallow = checkCompatibility({ schemaType: 'JSON', level: 'BACKWARD', candidate: deepJson(50, 'number'), previous: [deepJson(50)] });
    expect(shallow.compatible).toBe(false);
  });

  it('are an error naming the file in codegen, at every depth the parser accepts', async () => {
    for (const depth of [1_000, 5_000, 20_000]) {
      const repo = (() => {
        try {
          return repositoryOf({ 'schemas/deep-value/v1.avsc': deepAvro(depth) });
        } catch (error) {
          // The loader refused it: a schema error naming the file, as codegen would give.
          expect(String(error), String(depth)).toMatch(/nested too deeply/);
          expect(error, String(depth)).toBeInstanceOf(KontractErrorList);
          expect(String((error as Error).message)).toMatch(/nested too deeply/);
          return undefined;
        }
      })();
      if (!repo) continue;
      const outcome = await generateCode(repo).then(
        () => 'generated',
        (failure: unknown) => failure,
      );
      if (outcome === 'generated') continue;
      expect(isKontractError(outcome) && outcome.code, String(depth)).toBe('SCHEMA_INVALID');
      expect(isKontractError(outcome) && outcome.location?.file, String(depth)).toMatch(/deep-value/);
    }
  });
});

describe('the registry answers a schema nested too deeply with 42201', () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await startTestRegistry();
  });
  afterAll(async () => {
    await registry.close();
  });

  it('for registration and compatibility, and stays up', async () => {
    for (const [schemaType, schema] of [
      ['JSON', deepJson(DEPTH)],
      ['AVRO', deepAvro(DEPTH)],
    ] as const) {
      const answer = await call(registry.url, 'POST', '/subjects/deep/versions', { schemaType, schema });
      expect(answer.status, schemaType).toBe(422);
      expect(errorOf(answer).error_code).toBe(42201);
      expect(errorOf(answer).message).toMatch(/nested too deeply/);
    }
    expect((await call(registry.url, 'GET', '/subjects')).status).toBe(200);
  });
});
