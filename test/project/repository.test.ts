import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KontractError, KontractErrorList } from '../../src/errors.js';
import { defaultConfig } from '../../src/project/config.js';
import { loadRepository } from '../../src/project/load.js';
import { buildRepository } from '../../src/project/repository.js';
import type { KontractConfig } from '../../src/project/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const record = (name: string, fields: string[] = [], ns = 'com.acme') =>
  JSON.stringify({ type: 'record', name, namespace: ns, fields: fields.map((f) => JSON.parse(f)) });

function build(files: Record<string, string>, config: Partial<KontractConfig> = {}) {
  return buildRepository('/project', { ...defaultConfig(), ...config }, new Map(Object.entries(files)));
}

function problems(files: Record<string, string>, config: Partial<KontractConfig> = {}): KontractError[] {
  try {
    build(files, config);
  } catch (error) {
    expect(error).toBeInstanceOf(KontractErrorList);
    return (error as KontractErrorList).errors;
  }
  throw new Error('expected the repository to be rejected');
}

describe('the repository’s own schemas', () => {
  const repo = loadRepository(repoRoot, {});

  it('load with every format, several versions and references', () => {
    expect(repo.subjects.map((s) => `${s.name}:${s.schemaType}:${s.versions.length}`)).toEqual([
      'common.metadata-avro:AVRO:1',
      'common.metadata-json:JSON:1',
      'common.metadata-proto:PROTOBUF:1',
      'inventory.stock.depleted-value:JSON:2',
      'notifications.email.sent-value:AVRO:1',
      'orders.payment.completed-key:AVRO:1',
      'orders.payment.completed-value:AVRO:2',
      'users.profile.updated-value:PROTOBUF:2',
    ]);
  });

  it('record references Confluent-style, one per format', () => {
    const version = (subject: string, n: number) => repo.subjects.find((s) => s.name === subject)!.versions[n - 1]!;
    expect(version('orders.payment.completed-value', 2).references).toEqual([
      { name: 'dev.kontract.common.EventMetadata', subject: 'common.metadata-avro', version: 1 },
    ]);
    expect(version('users.profile.updated-value', 1).references).toEqual([
      { name: 'common.metadata-proto/v1.proto', subject: 'common.metadata-proto', version: 1 },
    ]);
    expect(version('inventory.stock.depleted-value', 1).references).toEqual([
      { name: '../common.metadata-json/v1.json', subject: 'common.metadata-json', version: 1 },
    ]);
    expect(Object.keys(version('orders.payment.completed-value', 1).referenceTexts)).toEqual(['dev.kontract.common.EventMetadata']);
  });

  it('bind topics from -value/-key subjects and apply the config', () => {
    expect(repo.topics.map((t) => [t.topic, t.value?.name, t.key?.name, t.requireKey])).toEqual([
      ['inventory.stock.depleted', 'inventory.stock.depleted-value', undefined, false],
      ['notifications.email.sent', 'notifications.email.sent-value', undefined, false],
      ['orders.payment.completed', 'orders.payment.completed-value', 'orders.payment.completed-key', true],
      ['users.profile.updated', 'users.profile.updated-value', undefined, false],
    ]);
    expect(repo.subjects.find((s) => s.name === 'users.profile.updated-value')!.compatibility).toBe('FULL_TRANSITIVE');
    expect(repo.subjects.find((s) => s.name === 'orders.payment.completed-value')!.compatibility).toBe('BACKWARD');
  });
});

describe('layout rules', () => {
  it('numbers versions from the file name', () => {
    const repo = build({ 'schemas/a-value/v1.avsc': record('A'), 'schemas/a-value/v2.avsc': record('A') });
    expect(repo.subjects[0]!.versions.map((v) => [v.version, v.file])).toEqual([
      [1, 'schemas/a-value/v1.avsc'],
      [2, 'schemas/a-value/v2.avsc'],
    ]);
  });

  it('rejects a gap', () => {
    const [e] = problems({ 'schemas/a-value/v1.avsc': record('A'), 'schemas/a-value/v3.avsc': record('A') });
    expect(e).toMatchObject({ code: 'VERSION_GAP', location: { file: 'schemas/a-value/v3.avsc' } });
    expect(e!.message).toBe('subject "a-value" has v3 but no v2');
  });

  it('rejects a duplicate version', () => {
    const [e] = problems({ 'schemas/a-value/v1.avsc': record('A'), 'schemas/a-value/v1.json': '{}' });
    expect(e).toMatchObject({ code: 'VERSION_DUPLICATE' });
    expect(e!.message).toContain('schemas/a-value/v1.avsc, schemas/a-value/v1.json');
  });

  it.each(['v01.avsc', 'V1.avsc', 'version1.avsc', 'v0.avsc', 'order.proto'])('rejects the file name %s', (name) => {
    const [e] = problems({ 'schemas/a-value/v1.avsc': record('A'), [`schemas/a-value/${name}`]: record('A') });
    expect(e).toMatchObject({ code: 'VERSION_FILE_NAME', location: { file: `schemas/a-value/${name}` } });
  });

  it('rejects a schema file outside a subject folder', () => {
    const [e] = problems({ 'schemas/a.avsc': record('A') });
    expect(e).toMatchObject({ code: 'VERSION_FILE_NAME', location: { file: 'schemas/a.avsc' } });
  });

  it('ignores hidden files and folders, and reads examples/ as example messages', () => {
    const repo = build({
      'schemas/.DS_Store': '\u0000\u0001',
      'schemas/.archive/v9.avsc': 'not read',
      'schemas/a-value/.gitkeep': '',
      'schemas/a-value/.DS_Store': '\u0000',
      'schemas/a-value/v1.avsc': record('A'),
      'schemas/a-value/examples/v1.first.json': '{}',
      'schemas/a-value/examples/.DS_Store': '\u0000',
      'schemas/empty/.gitkeep': '',
    });
    expect(repo.subjects.map((s) => [s.name, s.versions.length])).toEqual([['a-value', 1]]);
  });

  it.each([
    ['v3.avro', 'has an unknown extension ".avro"', 'Rename it to v3.avsc'],
    ['v1.yaml', 'has an unknown extension ".yaml"', 'save it as v1.json'],
    ['v2.avsc.bak', 'has an unknown extension ".bak"', 'Rename it to v<N>.avsc, v<N>.proto or v<N>.json'],
    ['README.md', 'has an unknown extension ".md"', 'move it out of schemas/'],
    ['NOTES', 'has no extension', 'move it out of schemas/'],
  ])('rejects %s in a subject folder, saying what is wrong and how to fix it', (name, message, hint) => {
    const errors = problems({ 'schemas/a-value/v1.avsc': record('A'), 'schemas/a-value/v2.avsc': record('A'), [`schemas/a-value/${name}`]: record('A') });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'VERSION_FILE_NAME', location: { file: `schemas/a-value/${name}` } });
    expect(errors[0]!.message).toContain(`"${name}" ${message}`);
    expect(errors[0]!.message).toContain('only .avsc (Avro), .proto (Protobuf) and .json (JSON Schema) files are read');
    expect(errors[0]!.hint).toContain(hint);
  });

  it('rejects a subject folder holding only a file of an unknown format, rather than skipping the subject', () => {
    const errors = problems({ 'schemas/a-value/v1.avsc': record('A'), 'schemas/b-value/v1.yaml': 'type: object' });
    expect(errors.map((e) => [e.code, e.location?.file])).toEqual([['VERSION_FILE_NAME', 'schemas/b-value/v1.yaml']]);
  });

  it('rejects any other file directly in the schemas folder', () => {
    const [e] = problems({ 'schemas/a-value/v1.avsc': record('A'), 'schemas/README.md': '# schemas' });
    expect(e).toMatchObject({ code: 'VERSION_FILE_NAME', location: { file: 'schemas/README.md' } });
    expect(e!.message).toBe('"README.md" is directly in schemas/, which holds only subject folders');
    expect(e!.hint).toContain('Move it out of schemas/');
  });

  it.each([
    ['schemas/a-value/old/v1.avsc', '"old/" is not read: a subject folder holds version files and an examples/ folder only'],
    ['schemas/a-value/examples/notes.txt', '"notes.txt" is not one'],
    ['schemas/a-value/examples/v1/first.json', '"v1/first.json" is not one'],
  ])('rejects %s', (file, message) => {
    const errors = problems({ 'schemas/a-value/v1.avsc': record('A'), [file]: '{}' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'VERSION_FILE_NAME', location: { file } });
    expect(errors[0]!.message).toContain(message);
    expect(errors[0]!.hint).toMatch(/move it out of schemas\//i);
  });

  it('rejects examples of a subject folder without versions', () => {
    const [e] = problems({ 'schemas/a-value/v1.avsc': record('A'), 'schemas/b-value/examples/v1.first.json': '{}' });
    expect(e).toMatchObject({ code: 'VERSION_FILE_NAME', location: { file: 'schemas/b-value/examples/v1.first.json' } });
    expect(e!.message).toBe('subject folder "b-value" holds examples/ but no version file, so its examples are never checked');
  });

  it('applies the rule to a configured schemas folder only', () => {
    const repo = build({ 'contracts/a.md': '# notes', 'avro/a-value/v1.avsc': record('A'), 'README.md': '#' }, { schemasDir: './avro/' });
    expect(repo.subjects.map((s) => s.dir)).toEqual(['avro/a-value']);
    const [e] = problems({ 'avro/a-value/v1.avsc': record('A'), 'avro/a-value/v2.avro': record('A') }, { schemasDir: 'avro' });
    expect(e!.hint).toContain('move it out of avro/');
  });

  it('rejects a subject mixing formats', () => {
    const [e] = problems({ 'schemas/a-value/v1.avsc': record('A'), 'schemas/a-value/v2.json': '{"type":"object"}' });
    expect(e).toMatchObject({ code: 'SCHEMA_INVALID' });
    expect(e!.message).toContain('mixes schema types');
  });

  it('reports every bad file at once, with file, line and column', () => {
    const errors = problems({
      'schemas/a-value/v1.avsc': '{"type": "record", "name": "A", "fields": [}',
      'schemas/b-value/v1.proto': 'syntax = "proto3";\nmessage M {\n  string a = 0;\n}\n',
      'schemas/c-value/v1.json': '{"type": "objekt"}',
    });
    expect(errors.map((e) => [e.code, e.location?.file])).toEqual([
      ['SCHEMA_SYNTAX', 'schemas/a-value/v1.avsc'],
      ['SCHEMA_INVALID', 'schemas/b-value/v1.proto'],
      ['SCHEMA_INVALID', 'schemas/c-value/v1.json'],
    ]);
    expect(errors[0]!.location).toMatchObject({ line: 1, column: 44 });
    expect(errors[1]!.location).toMatchObject({ line: 3 });
    expect(errors[2]!.location?.path).toBe('#/type');
  });

  it('rejects config entries for subjects that do not exist', () => {
    const errors = problems({ 'schemas/a-value/v1.avsc': record('A') }, { subjects: { 'a-valeu': { compatibility: 'FULL' } }, topics: { t: { value: 'nope' } } });
    expect(errors.map((e) => [e.code, e.location?.path])).toEqual([
      ['CONFIG_INVALID', '#/subjects/a-valeu'],
      ['CONFIG_INVALID', '#/topics/t/value'],
    ]);
  });
});

describe('references', () => {
  const money = record('Money', ['{"name":"cents","type":"long"}']);

  it('finds the subject defining an Avro type (its latest version)', () => {
    const repo = build({
      'schemas/common.money/v1.avsc': money,
      'schemas/common.money/v2.avsc': record('Money', ['{"name":"cents","type":"long"}', '{"name":"currency","type":"string","default":"EUR"}']),
      'schemas/a-value/v1.avsc': record('A', ['{"name":"price","type":"com.acme.Money"}']),
    });
    const a = repo.subjects.find((s) => s.name === 'a-value')!.versions[0]!;
    expect(a.references).toEqual([{ name: 'com.acme.Money', subject: 'common.money', version: 2 }]);
  });

  it('follows a v<N>.refs.json pin', () => {
    const repo = build({
      'schemas/common.money/v1.avsc': money,
      'schemas/common.money/v2.avsc': money,
      'schemas/a-value/v1.avsc': record('A', ['{"name":"price","type":"com.acme.Money"}']),
      'schemas/a-value/v1.refs.json': '[{"name": "com.acme.Money", "subject": "common.money", "version": 1}]',
    });
    expect(repo.subjects.find((s) => s.name === 'a-value')!.versions[0]!.references[0]!.version).toBe(1);
  });

  it('collects transitive reference texts', () => {
    const repo = build({
      'schemas/common.money/v1.avsc': money,
      'schemas/common.price/v1.avsc': record('Price', ['{"name":"amount","type":"com.acme.Money"}']),
      'schemas/a-value/v1.avsc': record('A', ['{"name":"price","type":"com.acme.Price"}']),
    });
    const a = repo.subjects.find((s) => s.name === 'a-value')!.versions[0]!;
    expect(a.references.map((r) => r.name)).toEqual(['com.acme.Price']);
    expect(Object.keys(a.referenceTexts).sort()).toEqual(['com.acme.Money', 'com.acme.Price']);
  });

  it('resolves proto imports and JSON $refs by path', () => {
    const repo = build({
      'schemas/common.ids/v1.proto': 'syntax = "proto3";\npackage ids;\nmessage Id { string value = 1; }\n',
      'schemas/a-value/v1.proto': 'syntax = "proto3";\nimport "common.ids/v1.proto";\nmessage A { ids.Id id = 1; }\n',
      'schemas/common.addr/v1.json': '{"type":"object","properties":{"city":{"type":"string"}}}',
      'schemas/b-value/v1.json': '{"type":"object","properties":{"home":{"$ref":"../common.addr/v1.json"}}}',
    });
    expect(repo.subjects.find((s) => s.name === 'a-value')!.versions[0]!.references).toEqual([{ name: 'common.ids/v1.proto', subject: 'common.ids', version: 1 }]);
    expect(repo.subjects.find((s) => s.name === 'b-value')!.versions[0]!.references).toEqual([{ name: '../common.addr/v1.json', subject: 'common.addr', version: 1 }]);
  });

  it('says which type is missing, where it is used and how to add it', () => {
    const [e] = problems({ 'schemas/a-value/v1.avsc': '{"type":"record","name":"A",\n "fields":[{"name":"x","type":"Nope"}]}' });
    expect(e).toMatchObject({ code: 'REFERENCE_UNRESOLVED', location: { file: 'schemas/a-value/v1.avsc', line: 2, path: '#/fields/0/type' } });
    expect(e!.message).toContain('"Nope"');
    expect(e!.hint).toContain('refs.json');
  });

  it('names an import that is not a version file', () => {
    const [e] = problems({ 'schemas/a-value/v1.proto': 'syntax = "proto3";\nimport "other.proto";\nmessage A { string a = 1; }\n' });
    expect(e).toMatchObject({ code: 'REFERENCE_UNRESOLVED', location: { file: 'schemas/a-value/v1.proto' } });
    expect(e!.message).toBe('import "other.proto" does not name a version file of this repository');
  });

  it('rejects an ambiguous Avro reference (a name clash between subjects)', () => {
    const errors = problems({
      'schemas/x.money/v1.avsc': money,
      'schemas/y.money/v1.avsc': money,
      'schemas/a-value/v1.avsc': record('A', ['{"name":"price","type":"com.acme.Money"}']),
    });
    expect(errors[0]).toMatchObject({ code: 'NAME_CLASH', location: { file: 'schemas/a-value/v1.avsc' } });
    expect(errors[0]!.message).toContain('x.money, y.money');
  });

  it('rejects a reference cycle', () => {
    const errors = problems({
      'schemas/a/v1.json': '{"properties":{"b":{"$ref":"../b/v1.json"}}}',
      'schemas/b/v1.json': '{"properties":{"a":{"$ref":"../a/v1.json"}}}',
    });
    expect(errors.some((e) => e.code === 'REFERENCE_UNRESOLVED' && e.message.startsWith('reference cycle: '))).toBe(true);
  });

  it('rejects a malformed refs file', () => {
    const errors = problems({ 'schemas/a-value/v1.avsc': record('A'), 'schemas/a-value/v1.refs.json': '{"name": "x"}' });
    expect(errors[0]).toMatchObject({ code: 'SCHEMA_INVALID', location: { file: 'schemas/a-value/v1.refs.json' } });
  });
});
