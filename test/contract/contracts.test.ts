import { afterEach, describe, expect, it } from 'vitest';
import { KontractError, KontractErrorList } from '../../src/errors.js';
import { loadContracts } from '../../src/contract/load.js';
import { parseContract } from '../../src/contract/parse.js';
import { loadRepository } from '../../src/project/load.js';
import { kontract } from '../cli/helpers.js';
import { fixtureProject, repoRoot } from './helpers.js';

function parseError(text: string, file = 'contracts/svc.json'): KontractError {
  try {
    parseContract(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(KontractError);
    return error as KontractError;
  }
  throw new Error('expected an error');
}

describe('parseContract', () => {
  it('reads produces and consumes with their locations', () => {
    const contract = parseContract('{\n  "service": "svc",\n  "produces": ["a.b.c"],\n  "consumes": [\n    { "topic": "x.y.z", "version": 2 },\n    { "topic": "p.q.r", "schema": "svc/p.avsc" }\n  ]\n}', 'contracts/svc.json');
    expect(contract.produces).toEqual([{ topic: 'a.b.c', at: { file: 'contracts/svc.json', path: '#/produces/0', line: 3, column: 16 } }]);
    expect(contract.consumes.map((c) => [c.topic, c.version, c.schemaFile, c.at.line])).toEqual([
      ['x.y.z', 2, undefined, 5],
      ['p.q.r', undefined, 'svc/p.avsc', 6],
    ]);
  });

  it('names an unknown property with path, line and column', () => {
    const e = parseError('{\n  "service": "svc",\n  "consume": []\n}');
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toBe('unknown property "consume" in the contract');
    expect(e.location).toEqual({ file: 'contracts/svc.json', path: '#/consume', line: 3, column: 14 });
  });

  it('asks for exactly one of version and schema', () => {
    const both = parseError('{"service": "svc", "consumes": [{"topic": "a", "version": 1, "schema": "x.avsc"}]}');
    expect(both.message).toBe('"consumes.0" must give exactly one of "version" and "schema"');
    expect(both.location?.path).toBe('#/consumes/0');
    expect(both.hint).toContain('"version"');
    const neither = parseError('{"service": "svc", "consumes": [{"topic": "a"}]}');
    expect(neither.message).toBe('"consumes.0" must give exactly one of "version" and "schema"');
  });

  it('refuses a version that is not a positive integer, a duplicate topic and a file named after another service', () => {
    expect(parseError('{"service": "svc", "consumes": [{"topic": "a", "version": 0}]}').location?.path).toBe('#/consumes/0/version');
    const twice = parseError('{"service": "svc", "consumes": [{"topic": "a", "version": 1}, {"topic": "a", "version": 2}]}');
    expect(twice.message).toContain('"a" is consumed twice');
    expect(twice.location?.path).toBe('#/consumes/1');
    const misnamed = parseError('{"service": "other"}');
    expect(misnamed.message).toContain('a contract file is named after its service');
    expect(misnamed.location?.path).toBe('#/service');
  });

  it('reports JSON syntax errors with line and column', () => {
    const e = parseError('{\n  "service": "svc",\n}');
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.location).toMatchObject({ file: 'contracts/svc.json', line: 3, column: 1 });
  });
});

describe('resolving contracts against the repository', () => {
  let project: ReturnType<typeof fixtureProject> | undefined;
  afterEach(() => project?.cleanup());

  function resolveErrors(): KontractError[] {
    try {
      loadContracts(loadRepository(project!.dir, {}));
    } catch (error) {
      expect(error).toBeInstanceOf(KontractErrorList);
      return (error as KontractErrorList).errors;
    }
    throw new Error('expected errors');
  }

  it('reports every unknown topic, missing version, missing or mistyped reader file together, with locations', () => {
    project = fixtureProject('shop');
    project.write('contracts/broken-service.json', JSON.stringify({
      service: 'broken-service',
      produces: ['shop.order.placd'],
      consumes: [
        { topic: 'shop.order.placed', version: 7 },
        { topic: 'shop.customer.registered', schema: 'broken-service/missing.proto' },
        { topic: 'shop.customer.registered.v2', version: 1 },
      ],
    }, null, 2));
    const errors = resolveErrors();
    expect(errors.map((e) => [e.code, e.location?.path, e.location?.line])).toEqual([
      ['SUBJECT_NOT_FOUND', '#/produces/0', 4],
      ['SUBJECT_NOT_FOUND', '#/consumes/0/version', 9],
      ['IO', '#/consumes/1/schema', 13],
      ['SUBJECT_NOT_FOUND', '#/consumes/2', 15],
    ]);
    expect(errors[0]!.message).toBe('unknown topic "shop.order.placd": the repository has no value schema for it');
    expect(errors[0]!.hint).toBe('Did you mean "shop.order.placed"?');
    expect(errors[1]!.message).toBe('shop.order.placed-value has no version 7 (it has v1…v1)');
    expect(errors.every((e) => e.location?.file === 'contracts/broken-service.json')).toBe(true);
  });

  it('refuses a reader schema of another format, and one that does not parse, at its own position', () => {
    project = fixtureProject('shop');
    project.write('contracts/odd-service.json', JSON.stringify({ service: 'odd-service', consumes: [{ topic: 'shop.customer.registered', schema: 'odd-service/c.avsc' }, { topic: 'shop.order.placed', schema: 'odd-service/o.avsc' }] }));
    project.write('contracts/odd-service/c.avsc', '"string"');
    project.write('contracts/odd-service/o.avsc', '{\n  "type": "record",\n  "name": "OrderPlaced",\n  "fields": [{"name": "x", "type": "strin"}]\n}');
    const errors = resolveErrors();
    expect(errors[0]!.code).toBe('SCHEMA_TYPE_MISMATCH');
    expect(errors[0]!.message).toContain('is AVRO, but shop.customer.registered-value is PROTOBUF');
    expect(errors[1]!.location?.file).toBe('contracts/odd-service/o.avsc');
    expect(errors[1]!.location?.line).toBe(4);
  });

  it('exits 2 from the CLI with every problem on stderr', async () => {
    project = fixtureProject('shop');
    project.write('contracts/broken-service.json', '{"service": "broken-service", "consumes": [{"topic": "nope.nope.nope", "version": 1}]}');
    const result = await kontract(project.dir, ['verify']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('contracts/broken-service.json:1:44 (at #/consumes/0): SUBJECT_NOT_FOUND: unknown topic "nope.nope.nope"');
  });
});

describe("the repository's own contracts", () => {
  it('verify', async () => {
    const result = await kontract(repoRoot, ['verify', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { cases: Array<{ name: string; status: string }> };
    expect(report.cases.filter((c) => c.name.includes('→')).length).toBeGreaterThanOrEqual(8);
  });
});
