import { describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import { parseConfig } from '../../src/project/config.js';

function configError(text: string, env: Record<string, string> = {}): KontractError {
  try {
    parseConfig(text, 'kontract.config.json', env);
  } catch (error) {
    expect(error).toBeInstanceOf(KontractError);
    return error as KontractError;
  }
  throw new Error('expected an error');
}

describe('parseConfig', () => {
  it('applies defaults to an empty config', () => {
    expect(parseConfig('{}')).toEqual({
      schemasDir: 'schemas',
      compatibility: 'BACKWARD',
      subjectNameStrategy: 'TopicNameStrategy',
      subjects: {},
      topics: {},
      codegen: { outDir: 'src/generated', longType: 'number', runtimeImport: 'kontract/runtime' },
    });
  });

  it('keeps what is set and expands ${ENV} in the registry settings', () => {
    const config = parseConfig(
      JSON.stringify({
        compatibility: 'FULL',
        registry: { url: 'https://${HOST}:8081', auth: { username: 'u', password: '${SR_PASSWORD}' } },
        subjects: { 'a-value': { compatibility: 'NONE' } },
        codegen: { longType: 'bigint' },
      }),
      'kontract.config.json',
      { HOST: 'sr.example.com', SR_PASSWORD: 's3cret' },
    );
    expect(config.compatibility).toBe('FULL');
    expect(config.registry).toEqual({ url: 'https://sr.example.com:8081', auth: { username: 'u', password: 's3cret' } });
    expect(config.subjects['a-value']).toEqual({ compatibility: 'NONE' });
    expect(config.codegen).toEqual({ outDir: 'src/generated', longType: 'bigint', runtimeImport: 'kontract/runtime' });
  });

  it('names an unknown property with its path, line and column', () => {
    const e = configError('{\n  "compatibilty": "FULL"\n}');
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('unknown property "compatibilty"');
    expect(e.location).toMatchObject({ file: 'kontract.config.json', path: '#/compatibilty', line: 2, column: 19 });
  });

  it('lists the allowed levels for a bad level', () => {
    const e = configError('{"subjects": {"a-value": {"compatibility": "BACKWARDS"}}}');
    expect(e.message).toContain('"subjects.a-value.compatibility" must be one of "BACKWARD"');
    expect(e.location?.path).toBe('#/subjects/a-value/compatibility');
  });

  it('reports JSON syntax errors as config errors with line and column', () => {
    const e = configError('{\n  "schemasDir": "x",\n}');
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.location).toMatchObject({ file: 'kontract.config.json', line: 3, column: 1 });
  });

  it('says which environment variable is missing', () => {
    const e = configError('{"registry": {"url": "${REGISTRY_URL}"}}');
    expect(e.message).toBe('environment variable REGISTRY_URL is not set');
    expect(e.location?.path).toBe('#/registry/url');
  });

  it('rejects a registry URL that is not http(s)', () => {
    const e = configError('{"registry": {"url": "localhost:8081"}}');
    expect(e.location?.path).toBe('#/registry/url');
    expect(e.message).toContain('http');
  });
});
