// Issue 2: "every bad input, asserted by its message and exit code" — through the CLI, as a user meets it. Each
// case is a small repository with one bad input; `codegen`, `codegen --check` and `check` must all exit 2 and print
// the file (with line and column, and the path inside the schema, where the parser gives them), the error code and
// message, and a hint — never a stack trace.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { avroRecord, kontract, tempProjectsPerTest } from './helpers.js';

const project = tempProjectsPerTest();

const good = avroRecord('A', [{ name: 'id', type: 'string' }]);
const money = avroRecord('Money', [{ name: 'cents', type: 'long' }]);
const protoIds = 'syntax = "proto3";\npackage ids;\nmessage Id { string value = 1; }\n';

interface BadInput {
  files: Record<string, string>;
  /** The first line of the error, after `kontract: `, as a pattern: `file[:line:col][ (at path)]: CODE: message`. */
  error: RegExp;
  /** Part of the hint line. */
  hint: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `file:line:col (at path): CODE: message`, the position given as digits when only its presence matters. */
const at = (file: string, position: string, code: string, message: string) => new RegExp(`^${escape(file)}${position}: ${code}: ${escape(message)}`);
const LINE_COL = String.raw`:\d+:\d+`;
/** Line and column, and any path the parser adds. */
const lineCol = (line: number, column: number) => String.raw`:${line}:${column}(?: \(at [^)]*\))?`;

const cases: Record<string, BadInput> = {
  'a malformed Avro schema': {
    files: { 'schemas/a-value/v1.avsc': '{\n  "type": "record",\n  "name": "A",\n  "fields": [}\n' },
    error: at('schemas/a-value/v1.avsc', ':4:14', 'SCHEMA_SYNTAX', 'invalid JSON: unexpected character "}"'),
    hint: 'Fix the JSON syntax at the given line and column.',
  },
  'a malformed Protobuf schema': {
    files: { 'schemas/a-value/v1.proto': 'syntax = "proto3";\nmessage M {\n  string a = 1\n}\n' },
    error: at('schemas/a-value/v1.proto', ':4:1', 'SCHEMA_SYNTAX', "unexpected '}': expected ';'"),
    hint: 'Check the .proto syntax',
  },
  'a malformed JSON Schema': {
    files: { 'schemas/a-value/v1.json': '{\n  "type": "object",\n  "properties": {\n' },
    error: at('schemas/a-value/v1.json', ':4:1', 'SCHEMA_SYNTAX', 'invalid JSON: unexpected end of input'),
    hint: 'Fix the JSON syntax at the given line and column.',
  },
  'an invalid Avro schema (a default of the wrong type)': {
    files: { 'schemas/a-value/v1.avsc': avroRecord('A', [{ name: 'n', type: 'int', default: 'x' }]) },
    error: at('schemas/a-value/v1.avsc', `${LINE_COL} \\(at #/fields/0/default\\)`, 'SCHEMA_INVALID', 'invalid default for field "n": expected int, found string "x"'),
    hint: "Make the default a JSON value of the field's type",
  },
  'an invalid Protobuf schema (field number 0)': {
    files: { 'schemas/a-value/v1.proto': 'syntax = "proto3";\nmessage M {\n  string a = 0;\n}\n' },
    error: at('schemas/a-value/v1.proto', ':3:\\d+ \\(at #/M/0\\)', 'SCHEMA_INVALID', 'field M.a has number 0'),
    hint: 'Use a field number from 1',
  },
  'an invalid JSON Schema (an unknown type)': {
    files: { 'schemas/a-value/v1.json': '{\n  "type": "objekt"\n}\n' },
    error: at('schemas/a-value/v1.json', ':2:11 \\(at #/type\\)', 'SCHEMA_INVALID', 'not a valid JSON Schema draft-07'),
    hint: 'Fix the value at #/type',
  },
  'an unresolved Avro reference': {
    files: { 'schemas/a-value/v1.avsc': avroRecord('A', [{ name: 'price', type: 'com.acme.Money' }]) },
    error: at('schemas/a-value/v1.avsc', `${LINE_COL} \\(at #/fields/0/type\\)`, 'REFERENCE_UNRESOLVED', 'type "com.acme.Money" is used but not defined, neither here nor in another subject'),
    hint: 'or pin it in v1.refs.json',
  },
  'an unresolved Protobuf import': {
    files: { 'schemas/a-value/v1.proto': 'syntax = "proto3";\nimport "common.ids/v1.proto";\nmessage A { ids.Id id = 1; }\n' },
    error: at('schemas/a-value/v1.proto', lineCol(2, 8), 'REFERENCE_UNRESOLVED', 'reference "common.ids/v1.proto" points at common.ids v1, which is not in the repository'),
    hint: 'Add schemas/common.ids/v1.* or fix the reference.',
  },
  'a Protobuf import that names no version file': {
    files: { 'schemas/common.ids/v1.proto': protoIds, 'schemas/a-value/v1.proto': 'syntax = "proto3";\nimport "ids.proto";\nmessage A { ids.Id id = 1; }\n' },
    error: at('schemas/a-value/v1.proto', lineCol(2, 8), 'REFERENCE_UNRESOLVED', 'import "ids.proto" does not name a version file of this repository'),
    hint: 'Import other subjects as "<subject>/v<N>.proto"',
  },
  'an undefined Protobuf type': {
    files: { 'schemas/a-value/v1.proto': 'syntax = "proto3";\nmessage A { ids.Id id = 1; }\n' },
    error: at('schemas/a-value/v1.proto', ':2:\\d+ \\(at #/A/1\\)', 'REFERENCE_UNRESOLVED', 'type "ids.Id" used by field A.id is not defined'),
    hint: 'import the file that defines it',
  },
  'an unresolved JSON Schema $ref': {
    files: { 'schemas/a-value/v1.json': '{\n  "type": "object",\n  "properties": {\n    "home": { "$ref": "../common.address/v1.json" }\n  }\n}\n' },
    error: at('schemas/a-value/v1.json', ':4:\\d+ \\(at #/properties/home/\\$ref\\)', 'REFERENCE_UNRESOLVED', 'reference "../common.address/v1.json" points at common.address v1, which is not in the repository'),
    hint: 'Add schemas/common.address/v1.* or fix the reference.',
  },
  'a name clash between subjects': {
    files: { 'schemas/x.money/v1.avsc': money, 'schemas/y.money/v1.avsc': money, 'schemas/a-value/v1.avsc': avroRecord('A', [{ name: 'price', type: 'com.acme.Money' }]) },
    error: at('schemas/a-value/v1.avsc', `${LINE_COL} \\(at #/fields/0/type\\)`, 'NAME_CLASH', 'type "com.acme.Money" is defined by several subjects (x.money, y.money); the reference is ambiguous'),
    hint: 'Pin the reference in v1.refs.json, or define "com.acme.Money" in one subject only.',
  },
  'a name clash inside one schema': {
    files: { 'schemas/a-value/v1.avsc': JSON.stringify({ type: 'record', name: 'A', fields: [{ name: 'b', type: { type: 'record', name: 'A', fields: [] } }] }, null, 2) },
    error: at('schemas/a-value/v1.avsc', `${LINE_COL} \\(at #/name\\)`, 'NAME_CLASH', '"A" is already defined differently'),
    hint: 'Each full name may be defined once',
  },
  'a version gap': {
    files: { 'schemas/a-value/v1.avsc': good, 'schemas/a-value/v3.avsc': good },
    error: at('schemas/a-value/v3.avsc', '', 'VERSION_GAP', 'subject "a-value" has v3 but no v2'),
    hint: 'rename v3.avsc to v2.avsc if it is new, or restore the missing version.',
  },
  'a duplicate version': {
    files: { 'schemas/a-value/v1.avsc': good, 'schemas/a-value/v1.json': '{"type": "object"}' },
    error: at('schemas/a-value/v1.json', '', 'VERSION_DUPLICATE', 'version 1 of subject "a-value" exists twice: schemas/a-value/v1.avsc, schemas/a-value/v1.json'),
    hint: 'keep one file per version.',
  },
  'a badly named version file': {
    files: { 'schemas/a-value/v1.avsc': good, 'schemas/a-value/v01.avsc': good },
    error: at('schemas/a-value/v01.avsc', '', 'VERSION_FILE_NAME', '"v01.avsc" is not a version file name'),
    hint: 'Name version files v<N>.avsc, v<N>.proto or v<N>.json',
  },
  'a schema file outside a subject folder': {
    files: { 'schemas/a-value/v1.avsc': good, 'schemas/b.avsc': good },
    error: at('schemas/b.avsc', '', 'VERSION_FILE_NAME', 'schema file directly in schemas/; it must be in a subject folder'),
    hint: 'Move it to schemas/<subject>/v1.avsc.',
  },
  'an unknown extension beside versions': {
    files: { 'schemas/a-value/v1.avsc': good, 'schemas/a-value/v2.avsc': good, 'schemas/a-value/v3.avro': good },
    error: at('schemas/a-value/v3.avro', '', 'VERSION_FILE_NAME', '"v3.avro" has an unknown extension ".avro", so it is not a schema version'),
    hint: 'Rename it to v3.avsc, or move it out of schemas/',
  },
  'a subject folder holding only a file of an unknown format': {
    files: { 'schemas/a-value/v1.avsc': good, 'schemas/b-value/v1.yaml': 'type: object\n' },
    error: at('schemas/b-value/v1.yaml', '', 'VERSION_FILE_NAME', '"v1.yaml" has an unknown extension ".yaml", so it is not a schema version'),
    hint: 'save it as v1.json (JSON Schema) or v1.avsc (Avro), or move it out of schemas/',
  },
  'a malformed references pin': {
    files: { 'schemas/a-value/v1.avsc': good, 'schemas/a-value/v1.refs.json': '{"name": "x"}' },
    error: at('schemas/a-value/v1.refs.json', ':1:1', 'SCHEMA_INVALID', 'a references file must be a JSON array'),
    hint: 'Example: [{"name": "com.acme.Money"',
  },
  'a bad config value': {
    files: { 'kontract.config.json': '{\n  "compatibility": "SIDEWAYS"\n}\n', 'schemas/a-value/v1.avsc': good },
    error: at('kontract.config.json', ':2:20 \\(at #/compatibility\\)', 'CONFIG_INVALID', '"compatibility" must be one of "BACKWARD"'),
    hint: 'See kontract.config.schema.json',
  },
  'an unknown config key': {
    files: { 'kontract.config.json': '{\n  "compatibilty": "FULL"\n}\n', 'schemas/a-value/v1.avsc': good },
    error: at('kontract.config.json', ':2:\\d+ \\(at #/compatibilty\\)', 'CONFIG_INVALID', 'unknown property "compatibilty" in the configuration'),
    hint: 'See kontract.config.schema.json',
  },
  'a config naming a subject that does not exist': {
    files: { 'kontract.config.json': '{\n  "subjects": {"a-valeu": {"compatibility": "FULL"}}\n}\n', 'schemas/a-value/v1.avsc': good },
    error: at('kontract.config.json', ' \\(at #/subjects/a-valeu\\)', 'CONFIG_INVALID', '"subjects" configures "a-valeu", but schemas/a-valeu/ holds no schema versions'),
    hint: 'Fix the subject name, or remove the entry.',
  },
  'malformed config JSON': {
    files: { 'kontract.config.json': '{\n  "compatibility": "FULL",\n}\n', 'schemas/a-value/v1.avsc': good },
    error: at('kontract.config.json', ':3:1', 'CONFIG_INVALID', 'invalid JSON: unexpected character "}"'),
    hint: 'Fix the JSON syntax at the given line and column.',
  },
};

const commands = [['codegen'], ['codegen', '--check'], ['check']];

describe('bad input exits 2 with file, position, message and hint — no stack trace', () => {
  it.each(Object.entries(cases))('%s', async (_name, { files, error, hint }) => {
    const p = project(files);
    for (const args of commands) {
      const r = await kontract(p.dir, args);
      const label = `kontract ${args.join(' ')}:\n${r.stderr}`;
      expect(r.code, label).toBe(2);
      const lines = r.stderr.split('\n');
      expect(lines[0], label).toMatch(/^kontract: /);
      expect(lines[0]!.slice('kontract: '.length), label).toMatch(error);
      expect(lines[1], label).toMatch(/^ {2}hint: \S/);
      expect(lines[1], label).toContain(hint);
      expect(r.stderr, label).not.toContain('    at ');
      expect(r.stderr, label).not.toContain('internal error');
    }
  });

  it('reports every bad file at once, and counts them', async () => {
    const p = project({
      'schemas/a-value/v1.avsc': '{"type": "record", "name": "A", "fields": [}',
      'schemas/b-value/v1.proto': 'syntax = "proto3";\nmessage M {\n  string a = 0;\n}\n',
      'schemas/c-value/v1.json': '{"type": "objekt"}',
      'schemas/d-value/v1.avro': good,
    });
    for (const args of commands) {
      const r = await kontract(p.dir, args);
      expect(r.code).toBe(2);
      const files = r.stderr.split('\n').filter((l) => l.startsWith('kontract: schemas/')).map((l) => /^kontract: (\S+?)[:\s]/.exec(l)![1]);
      expect(files.sort()).toEqual([
        'schemas/a-value/v1.avsc',
        'schemas/b-value/v1.proto',
        'schemas/c-value/v1.json',
        'schemas/d-value/v1.avro',
      ]);
      expect(r.stderr).toContain('kontract: 4 problems\n');
      expect(r.stderr).not.toContain('    at ');
    }
  });
});

describe('a file of an unknown extension is not skipped', () => {
  it('codegen --check no longer says "up to date" when v2.avsc is copied to v3.avro, and codegen keeps what it wrote', async () => {
    const v2 = avroRecord('A', [{ name: 'id', type: 'string' }, { name: 'note', type: ['null', 'string'], default: null }]);
    const p = project({ 'schemas/a-value/v1.avsc': good, 'schemas/a-value/v2.avsc': v2, 'schemas/a-value/.gitkeep': '', 'schemas/.DS_Store': '\u0000' });
    expect((await kontract(p.dir, ['codegen'])).code).toBe(0);
    const before = snapshot(path.join(p.dir, 'src/generated'));
    const upToDate = await kontract(p.dir, ['codegen', '--check']);
    expect(upToDate.code).toBe(0);
    expect(upToDate.stdout).toContain('codegen: up to date');

    p.write({ 'schemas/a-value/v3.avro': v2 });
    const check = await kontract(p.dir, ['codegen', '--check']);
    expect(check.code).toBe(2);
    expect(check.stdout).not.toContain('up to date');
    expect(check.stderr).toContain('kontract: schemas/a-value/v3.avro: VERSION_FILE_NAME: "v3.avro" has an unknown extension ".avro"');
    expect(check.stderr).toContain('  hint: Rename it to v3.avsc, or move it out of schemas/');
    expect((await kontract(p.dir, ['codegen'])).code).toBe(2);
    expect(snapshot(path.join(p.dir, 'src/generated'))).toEqual(before);
  });
});

/** Every file below `dir` with its text. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[path.relative(dir, path.join(entry.parentPath, entry.name))] = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}
