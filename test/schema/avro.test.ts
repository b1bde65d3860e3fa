import { describe, expect, it } from 'vitest';
import { KontractError, type KontractErrorCode } from '../../src/errors.js';
import { avroFormat, avroReferencedNames, normalizeAvroSchema, parseAvroSchema } from '../../src/schema/avro.js';
import type { AvroEnum, AvroField, AvroFixed, AvroRecord, AvroType, AvroUnion } from '../../src/schema/avro-model.js';

function parse(schema: string, options: { strict?: boolean; references?: Record<string, string> } = {}) {
  return parseAvroSchema({ schema, references: options.references }, { strict: options.strict ?? false });
}

function parseError(schema: string, options: { strict?: boolean; references?: Record<string, string> } = {}): KontractError {
  try {
    parse(schema, options);
  } catch (error) {
    if (error instanceof KontractError) return error;
    throw error;
  }
  throw new Error(`expected ${schema} to be rejected`);
}

function record(type: AvroType): AvroRecord {
  if (type.kind !== 'record') throw new Error(`expected a record, got ${type.kind}`);
  return type;
}

function field(type: AvroType, name: string): AvroField {
  const found = record(type).fields.find((f) => f.name === name);
  if (!found) throw new Error(`no field ${name}`);
  return found;
}

interface InvalidCase {
  what: string;
  schema: string;
  strict?: boolean;
  code: KontractErrorCode;
  path: string;
  line: number;
  column: number;
  message: RegExp;
}

// Multi-line texts so that positions are checked on more than line 1.
const INVALID: InvalidCase[] = [
  { what: 'malformed JSON', schema: '{\n  "type": "record",\n}', code: 'SCHEMA_SYNTAX', path: '', line: 3, column: 1, message: /property name/ },
  { what: 'a number as schema', schema: '42', code: 'SCHEMA_INVALID', path: '#', line: 1, column: 1, message: /expected a schema, found number 42/ },
  { what: 'unknown type in object form', schema: '{\n  "type": "strnig"\n}', code: 'SCHEMA_INVALID', path: '#/type', line: 2, column: 11, message: /unknown schema type "strnig"/ },
  { what: 'object without type', schema: '{"name": "x"}', code: 'SCHEMA_INVALID', path: '#', line: 1, column: 1, message: /no "type"/ },
  { what: 'wrapped union as a schema', schema: '{"type": ["null", "int"]}', code: 'SCHEMA_INVALID', path: '#/type', line: 1, column: 10, message: /must be a string/ },
  {
    what: 'invalid record name',
    schema: '{\n  "type": "record",\n  "name": "9lives",\n  "fields": []\n}',
    code: 'SCHEMA_INVALID',
    path: '#/name',
    line: 3,
    column: 11,
    message: /invalid record name "9lives"/,
  },
  {
    what: 'empty namespace part',
    schema: '{"type": "record", "name": "A", "namespace": "com..x", "fields": []}',
    code: 'SCHEMA_INVALID',
    path: '#/namespace',
    line: 1,
    column: 46,
    message: /empty namespace part in "com..x"/,
  },
  {
    what: 'invalid part of a dotted name',
    schema: '{"type": "enum", "name": "com.9x.Suit", "symbols": ["A"]}',
    code: 'SCHEMA_INVALID',
    path: '#/name',
    line: 1,
    column: 26,
    message: /invalid namespace part "9x"/,
  },
  {
    what: 'record named after a primitive',
    schema: '{"type": "record", "name": "int", "fields": []}',
    code: 'SCHEMA_INVALID',
    path: '#/name',
    line: 1,
    column: 28,
    message: /primitive type "int"/,
  },
  {
    what: 'namespaced record named after a primitive (strict)',
    schema: '{"type": "record", "name": "com.x.string", "fields": []}',
    strict: true,
    code: 'SCHEMA_INVALID',
    path: '#/name',
    line: 1,
    column: 28,
    message: /primitive type "string"/,
  },
  {
    what: 'record without fields',
    schema: '{"type": "record", "name": "A"}',
    code: 'SCHEMA_INVALID',
    path: '#',
    line: 1,
    column: 1,
    message: /no "fields" array/,
  },
  {
    what: 'duplicate field names',
    schema: '{\n  "type": "record", "name": "A",\n  "fields": [\n    {"name": "x", "type": "int"},\n    {"name": "x", "type": "long"}\n  ]\n}',
    code: 'SCHEMA_INVALID',
    path: '#/fields/1/name',
    line: 5,
    column: 14,
    message: /two fields named "x"/,
  },
  {
    what: 'field without type',
    schema: '{"type": "record", "name": "A", "fields": [{"name": "x"}]}',
    code: 'SCHEMA_INVALID',
    path: '#/fields/0',
    line: 1,
    column: 44,
    message: /field "x" has no "type"/,
  },
  {
    what: 'invalid field name',
    schema: '{"type": "record", "name": "A", "fields": [{"name": "my-field", "type": "int"}]}',
    code: 'SCHEMA_INVALID',
    path: '#/fields/0/name',
    line: 1,
    column: 53,
    message: /invalid field name "my-field"/,
  },
  {
    what: 'invalid field order',
    schema: '{"type": "record", "name": "A", "fields": [{"name": "x", "type": "int", "order": "up"}]}',
    code: 'SCHEMA_INVALID',
    path: '#/fields/0/order',
    line: 1,
    column: 82,
    message: /"ascending", "descending" or "ignore"/,
  },
  {
    what: 'invalid alias',
    schema: '{"type": "fixed", "name": "F", "size": 2, "aliases": ["ok", "not ok"]}',
    code: 'SCHEMA_INVALID',
    path: '#/aliases/1',
    line: 1,
    column: 61,
    message: /invalid alias "not ok"/,
  },
  {
    what: 'invalid field alias (strict)',
    schema: '{"type": "record", "name": "A", "fields": [{"name": "x", "type": "int", "aliases": ["a.b"]}]}',
    strict: true,
    code: 'SCHEMA_INVALID',
    path: '#/fields/0/aliases/0',
    line: 1,
    column: 85,
    message: /invalid field alias "a.b"/,
  },
  {
    what: 'duplicate enum symbol',
    schema: '{\n  "type": "enum", "name": "Suit",\n  "symbols": ["HEARTS", "HEARTS"]\n}',
    code: 'SCHEMA_INVALID',
    path: '#/symbols/1',
    line: 3,
    column: 25,
    message: /symbol "HEARTS" twice/,
  },
  {
    what: 'invalid enum symbol',
    schema: '{"type": "enum", "name": "Suit", "symbols": ["A-B"]}',
    code: 'SCHEMA_INVALID',
    path: '#/symbols/0',
    line: 1,
    column: 46,
    message: /invalid enum symbol "A-B"/,
  },
  {
    what: 'enum default that is not a symbol',
    schema: '{"type": "enum", "name": "Suit", "symbols": ["A", "B"], "default": "C"}',
    code: 'SCHEMA_INVALID',
    path: '#/default',
    line: 1,
    column: 68,
    message: /enum default string "C" is not one of the symbols/,
  },
  {
    what: 'fixed without size',
    schema: '{"type": "fixed", "name": "F"}',
    code: 'SCHEMA_INVALID',
    path: '#',
    line: 1,
    column: 1,
    message: /needs a "size"/,
  },
  {
    what: 'fixed with a fractional size',
    schema: '{"type": "fixed", "name": "F", "size": 1.5}',
    code: 'SCHEMA_INVALID',
    path: '#/size',
    line: 1,
    column: 40,
    message: /non-negative integer/,
  },
  {
    what: 'fixed with a negative size',
    schema: '{"type": "fixed", "name": "F", "size": -1}',
    code: 'SCHEMA_INVALID',
    path: '#/size',
    line: 1,
    column: 40,
    message: /non-negative integer/,
  },
  {
    what: 'nested union',
    schema: '{"type": "record", "name": "A", "fields": [{"name": "u", "type": ["null", ["int"]]}]}',
    code: 'SCHEMA_INVALID',
    path: '#/fields/0/type/1',
    line: 1,
    column: 75,
    message: /may not directly contain another union/,
  },
  {
    what: 'duplicate unnamed union branch',
    schema: '{"type": "record", "name": "A", "fields": [{"name": "u", "type": ["null", "string", "string"]}]}',
    code: 'SCHEMA_INVALID',
    path: '#/fields/0/type/2',
    line: 1,
    column: 85,
    message: /two branches of type "string" \(branches 1 and 2\)/,
  },
  {
    what: 'duplicate arrays in a union',
    schema: '[{"type": "array", "items": "int"}, {"type": "array", "items": "long"}]',
    code: 'SCHEMA_INVALID',
    path: '#/1',
    line: 1,
    column: 37,
    message: /two branches of type "array"/,
  },
  {
    what: 'the same named type twice in a union',
    schema: '[{"type": "fixed", "name": "F", "size": 1}, "F"]',
    code: 'SCHEMA_INVALID',
    path: '#/1',
    line: 1,
    column: 45,
    message: /two branches of type "F"/,
  },
  {
    what: 'unknown type name',
    schema: '{\n  "type": "record", "name": "A", "namespace": "com.example",\n  "fields": [{"name": "c", "type": "Customer"}]\n}',
    code: 'REFERENCE_UNRESOLVED',
    path: '#/fields/0/type',
    line: 3,
    column: 36,
    message: /unknown type "com\.example\.Customer"/,
  },
  {
    what: 'a named type defined twice differently',
    schema: '["null", {"type": "enum", "name": "E", "symbols": ["A"]}, {"type": "record", "name": "R", "fields": [{"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["B"]}}]}]',
    code: 'NAME_CLASH',
    path: '#/2/fields/0/type/name',
    line: 1,
    column: 149,
    message: /"E" is already defined differently \(at #\/1\)/,
  },
  {
    what: 'legacy {"type": name} reference (strict)',
    schema: '["null", {"type": "fixed", "name": "F", "size": 1}, {"type": "array", "items": {"type": "F"}}]',
    strict: true,
    code: 'SCHEMA_INVALID',
    path: '#/2/items/type',
    line: 1,
    column: 89,
    message: /referred to by its name/,
  },
  {
    what: 'anonymous record (strict)',
    schema: '{"type": "record", "fields": []}',
    strict: true,
    code: 'SCHEMA_INVALID',
    path: '#',
    line: 1,
    column: 1,
    message: /record has no "name"/,
  },
  { what: 'empty union (strict)', schema: '[]', strict: true, code: 'SCHEMA_INVALID', path: '#', line: 1, column: 1, message: /empty union/ },
  {
    what: 'anonymous record in a union',
    schema: '["null", {"type": "record", "fields": []}]',
    code: 'SCHEMA_INVALID',
    path: '#/1',
    line: 1,
    column: 10,
    message: /anonymous record/,
  },
  {
    what: 'unconvertible string default of a double field (not only strict: Java converts it while parsing)',
    schema: '{"type": "record", "name": "A", "fields": [{"name": "d", "type": "double", "default": "lots"}]}',
    code: 'SCHEMA_INVALID',
    path: '#/fields/0/default',
    line: 1,
    column: 87,
    message: /"lots" is not a double/,
  },
];

describe('parseAvroSchema rejects invalid schemas with a code, a JSON path and a line/column', () => {
  it.each(INVALID)('$what', ({ schema, strict, code, path, line, column, message }) => {
    const error = parseError(schema, { strict });
    expect(error.code).toBe(code);
    if (path !== '') expect(error.location?.path).toBe(path);
    expect(error.location?.line).toBe(line);
    expect(error.location?.column).toBe(column);
    expect(error.message).toMatch(message);
    expect(error.hint).toBeTruthy();
  });

  it('names the missing type and says how to add a reference', () => {
    const error = parseError('{"type": "record", "name": "A", "fields": [{"name": "m", "type": "dev.common.Meta"}]}');
    expect(error.message).toContain('"dev.common.Meta"');
    expect(error.hint).toMatch(/schema reference whose name is "dev\.common\.Meta"/);
  });
});

interface DefaultCase {
  what: string;
  type: string;
  value: string;
  valid: boolean;
}

const DEFAULTS: DefaultCase[] = [
  { what: 'null for null-first union', type: '["null", "string"]', value: 'null', valid: true },
  { what: 'string for null-first union (second branch)', type: '["null", "string"]', value: '"x"', valid: false },
  { what: 'string for string-first union', type: '["string", "null"]', value: '"x"', valid: true },
  { what: 'int', type: '"int"', value: '7', valid: true },
  { what: 'int out of range', type: '"int"', value: '2147483648', valid: false },
  { what: 'int written 1.0', type: '"int"', value: '1.0', valid: false },
  { what: 'long beyond 2^53', type: '"long"', value: '9223372036854775807', valid: true },
  { what: 'long out of range', type: '"long"', value: '9223372036854775808', valid: false },
  { what: 'double number', type: '"double"', value: '1e3', valid: true },
  { what: 'double as "NaN"', type: '"double"', value: '"NaN"', valid: true },
  { what: 'float as string number', type: '"float"', value: '"1.5"', valid: true },
  { what: 'boolean', type: '"boolean"', value: 'false', valid: true },
  { what: 'boolean as string', type: '"boolean"', value: '"false"', valid: false },
  { what: 'bytes as string', type: '"bytes"', value: '"\\u00ff"', valid: true },
  { what: 'bytes as array', type: '"bytes"', value: '[255]', valid: false },
  { what: 'string as number', type: '"string"', value: '1', valid: false },
  { what: 'enum symbol', type: '{"type": "enum", "name": "E", "symbols": ["A", "B"]}', value: '"B"', valid: true },
  { what: 'enum non-symbol', type: '{"type": "enum", "name": "E", "symbols": ["A", "B"]}', value: '"C"', valid: false },
  { what: 'fixed string of the right length', type: '{"type": "fixed", "name": "F", "size": 2}', value: '"ab"', valid: true },
  { what: 'fixed string of the wrong length', type: '{"type": "fixed", "name": "F", "size": 2}', value: '"abc"', valid: false },
  { what: 'array of ints', type: '{"type": "array", "items": "int"}', value: '[1, 2]', valid: true },
  { what: 'array with a wrong item', type: '{"type": "array", "items": "int"}', value: '[1, "2"]', valid: false },
  { what: 'map of strings', type: '{"type": "map", "values": "string"}', value: '{"a": "b"}', valid: true },
  { what: 'map with a wrong value', type: '{"type": "map", "values": "string"}', value: '{"a": 1}', valid: false },
  {
    what: 'record with a defaulted field left out',
    type: '{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "int", "default": 0}]}',
    value: '{"a": 1}',
    valid: true,
  },
  {
    what: 'record lacking a field without default',
    type: '{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}',
    value: '{}',
    valid: false,
  },
  {
    what: 'record with a nested wrong value',
    type: '{"type": "record", "name": "R", "fields": [{"name": "a", "type": {"type": "array", "items": "long"}}]}',
    value: '{"a": [true]}',
    valid: false,
  },
];

describe('field defaults', () => {
  it.each(DEFAULTS)('strict: $what → valid=$valid', ({ type, value, valid }) => {
    const schema = `{"type": "record", "name": "Holder", "fields": [{"name": "f", "type": ${type}, "default": ${value}}]}`;
    if (valid) {
      expect(() => parse(schema, { strict: true })).not.toThrow();
    } else {
      const error = parseError(schema, { strict: true });
      expect(error.code).toBe('SCHEMA_INVALID');
      expect(error.location?.path).toMatch(/^#\/fields\/0\/default/);
      expect(error.message).toMatch(/invalid default for field "f"/);
    }
  });

  it('does not validate defaults of stored (non-strict) schemas, as Confluent does not', () => {
    const schema = '{"type": "record", "name": "Holder", "fields": [{"name": "f", "type": ["null", "string"], "default": "x"}]}';
    expect(field(parse(schema).root, 'f').default).toBe('x');
  });

  it('points into the default value when a nested part is wrong', () => {
    const error = parseError('{"type": "record", "name": "H", "fields": [{"name": "f", "type": {"type": "array", "items": "int"}, "default": [1, "x"]}]}', { strict: true });
    expect(error.location?.path).toBe('#/fields/0/default/1');
  });

  it('records "default": null as a default', () => {
    const parsed = parse('{"type": "record", "name": "H", "fields": [{"name": "f", "type": ["null", "int"], "default": null}, {"name": "g", "type": "int"}]}');
    expect(field(parsed.root, 'f')).toMatchObject({ hasDefault: true, default: null });
    expect(field(parsed.root, 'g').hasDefault).toBe(false);
  });
});

describe('names and namespaces', () => {
  const schema = JSON.stringify({
    type: 'record',
    name: 'Outer',
    namespace: 'com.a',
    aliases: ['OldOuter', 'x.y.Older'],
    fields: [
      { name: 'inherits', type: { type: 'enum', name: 'Inner', symbols: ['A'] } },
      { name: 'nulls', type: { type: 'fixed', name: 'Bare', namespace: '', size: 1, aliases: ['BareOld'] } },
      { name: 'dotted', type: { type: 'record', name: 'b.c.Dotted', namespace: 'ignored', fields: [{ name: 'deep', type: { type: 'enum', name: 'Deep', symbols: ['D'] } }] } },
      { name: 'byShortName', type: 'Inner' },
      { name: 'byFullName', type: 'b.c.Deep' },
      { name: 'nullNamespaceFallback', type: 'Bare' },
    ],
  });
  const parsed = parse(schema);

  it('inherits, overrides and clears namespaces as the spec says', () => {
    expect([...parsed.namedTypes.keys()].sort()).toEqual(['Bare', 'b.c.Deep', 'b.c.Dotted', 'com.a.Inner', 'com.a.Outer']);
    const dotted = field(parsed.root, 'dotted').type as AvroRecord;
    expect(dotted).toMatchObject({ name: 'b.c.Dotted', shortName: 'Dotted', namespace: 'b.c' });
    expect((field(parsed.root, 'nulls').type as AvroFixed).namespace).toBeUndefined();
  });

  it('resolves names to the very node defining them', () => {
    expect(field(parsed.root, 'byShortName').type).toBe(field(parsed.root, 'inherits').type);
    expect(field(parsed.root, 'byFullName').type).toBe(record(field(parsed.root, 'dotted').type).fields[0]?.type);
    // "Bare" inside com.a: no com.a.Bare, so the null-namespace Bare defined before is used (Java's rule).
    expect(field(parsed.root, 'nullNamespaceFallback').type).toBe(field(parsed.root, 'nulls').type);
  });

  it('qualifies aliases with the type namespace', () => {
    expect(record(parsed.root).aliases).toEqual(['com.a.OldOuter', 'x.y.Older']);
    expect((field(parsed.root, 'nulls').type as AvroFixed).aliases).toEqual(['BareOld']);
  });

  it('lists definitions in order of appearance', () => {
    expect(parsed.definedNames).toEqual(['com.a.Outer', 'com.a.Inner', 'Bare', 'b.c.Dotted', 'b.c.Deep']);
    expect(avroFormat.definedNames(parsed)).toEqual(parsed.definedNames);
  });

  it('makes recursive types cyclic graphs', () => {
    const list = parse('{"type": "record", "name": "Node", "fields": [{"name": "next", "type": ["null", "Node"], "default": null}]}');
    expect((field(list.root, 'next').type as AvroUnion).branches[1]).toBe(list.root);
  });

  it('gives a fresh node to every occurrence of an unnamed type', () => {
    const parsed = parse('{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "int"}]}');
    expect(field(parsed.root, 'a').type).not.toBe(field(parsed.root, 'b').type);
    expect(field(parsed.root, 'a').type.path).toBe('#/fields/0/type');
  });

  it('accepts a named type defined twice identically, keeping the first definition', () => {
    const enumText = '{"type": "enum", "name": "E", "symbols": ["A"], "doc": "docs do not count"}';
    const parsed = parse(`["null", ${enumText}, {"type": "array", "items": {"type": "enum", "name": "E", "symbols": ["A"]}}]`);
    expect(parsed.namedTypes.get('E')?.path).toBe('#/1');
    expect(parsed.definedNames).toEqual(['E']);
  });

  it('accepts a main text repeating a recursive type of its references identically, and rejects a changed copy', () => {
    const node = '{"type": "record", "name": "Node", "fields": [{"name": "next", "type": ["null", "Node"], "default": null}]}';
    const parsed = parse(`{"type": "record", "name": "Holder", "fields": [{"name": "head", "type": ${node}}]}`, { references: { Node: node } });
    expect(parsed.namedTypes.get('Node')?.definedIn).toBe('Node');
    expect(parsed.definedNames).toEqual(['Holder']);
    const changed = node.replace('"default": null', '"default": null, "order": "ignore"');
    const error = parseError(`{"type": "record", "name": "Holder", "fields": [{"name": "head", "type": ${changed}}]}`, { references: { Node: node } });
    expect(error.code).toBe('NAME_CLASH');
    expect(error.message).toContain('in referenced schema "Node"');
  });

  it('accepts Unicode letters in names, as Confluent\'s parser does', () => {
    expect(parse('{"type": "enum", "name": "Größe", "symbols": ["KLEIN"]}').root).toMatchObject({ name: 'Größe' });
  });

  it('accepts anonymous records, empty unions and {"type": name} in stored schemas', () => {
    expect(parse('{"type": "record", "fields": [{"name": "a", "type": "int"}]}').root).toMatchObject({ kind: 'record', name: '' });
    expect(parse('[]').root).toMatchObject({ kind: 'union', branches: [] });
    const legacy = parse('["null", {"type": "fixed", "name": "F", "size": 1}, {"type": "array", "items": {"type": "F"}}]');
    const branches = (legacy.root as AvroUnion).branches;
    expect(branches[2]).toMatchObject({ kind: 'array', items: branches[1] });
  });
});

describe('logical types and properties', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['decimal on bytes', '{"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}', undefined],
    ['decimal without precision', '{"type": "bytes", "logicalType": "decimal"}', 'decimal without "precision"'],
    ['decimal with scale > precision', '{"type": "bytes", "logicalType": "decimal", "precision": 2, "scale": 3}', 'decimal scale 3 is greater than precision 2'],
    ['decimal too precise for fixed(2)', '{"type": "fixed", "name": "D", "size": 2, "logicalType": "decimal", "precision": 5}', 'fixed(2) cannot store 5 digits (max 4)'],
    ['decimal precision 12.0', '{"type": "bytes", "logicalType": "decimal", "precision": 12.0}', 'decimal "precision" must be an integer'],
    ['timestamp-millis on long', '{"type": "long", "logicalType": "timestamp-millis"}', undefined],
    ['timestamp-millis on int', '{"type": "int", "logicalType": "timestamp-millis"}', 'logical type "timestamp-millis" needs an underlying long, not int'],
    ['uuid on fixed(16)', '{"type": "fixed", "name": "U", "size": 16, "logicalType": "uuid"}', undefined],
    ['uuid on fixed(8)', '{"type": "fixed", "name": "U", "size": 8, "logicalType": "uuid"}', 'logical type "uuid" on fixed needs size 16'],
    ['unknown logical type', '{"type": "string", "logicalType": "email"}', 'unknown logical type "email"'],
  ];

  it.each(cases)('%s', (_, schema, problem) => {
    const root = parse(schema).root;
    expect(root.logicalType).toBeDefined();
    expect(root.logicalTypeError).toBe(problem);
  });

  it('keeps custom properties and not the attributes Avro interprets', () => {
    const parsed = parse('{"type": "record", "name": "R", "connect.name": "r", "fields": [{"name": "a", "type": {"type": "string", "avro.java.string": "String"}, "x-pii": true}]}');
    expect(parsed.root.props).toEqual({ 'connect.name': 'r' });
    expect(field(parsed.root, 'a').props).toEqual({ 'x-pii': true });
    expect(field(parsed.root, 'a').type.props).toEqual({ 'avro.java.string': 'String' });
  });

  it('reads enum defaults, field order, docs and the error flag', () => {
    const parsed = parse('{"type": "error", "name": "Oops", "doc": "d", "fields": [{"name": "e", "doc": "fd", "order": "descending", "type": {"type": "enum", "name": "E", "symbols": ["A", "B"], "default": "B"}}]}');
    expect(record(parsed.root)).toMatchObject({ recordType: 'error', doc: 'd' });
    expect(field(parsed.root, 'e')).toMatchObject({ doc: 'fd', order: 'descending' });
    expect((field(parsed.root, 'e').type as AvroEnum).default).toBe('B');
  });
});

describe('references', () => {
  const address = '{"type": "record", "name": "Address", "namespace": "com.common", "fields": [{"name": "country", "type": "com.common.Country"}]}';
  const country = '{"type": "enum", "name": "Country", "namespace": "com.common", "symbols": ["FR", "DE"]}';
  const customer = '{"type": "record", "name": "Customer", "namespace": "com.shop", "fields": [{"name": "home", "type": "com.common.Address"}, {"name": "born", "type": "com.common.Country"}]}';

  it('parses references into one name table, in any order, each using the others', () => {
    // Address (listed first) uses Country (listed after it).
    const parsed = parse(customer, { references: { 'com.common.Address': address, 'com.common.Country': country } });
    const home = field(parsed.root, 'home').type as AvroRecord;
    expect(home.definedIn).toBe('com.common.Address');
    expect(field(home, 'country').type).toBe(field(parsed.root, 'born').type);
    expect((field(parsed.root, 'born').type as AvroEnum).definedIn).toBe('com.common.Country');
    expect(parsed.definedNames).toEqual(['com.shop.Customer']);
    expect([...parsed.namedTypes.keys()].sort()).toEqual(['com.common.Address', 'com.common.Country', 'com.shop.Customer']);
  });

  it('accepts a main text that is just a name from its references', () => {
    const parsed = parse('"com.common.Country"', { references: { 'com.common.Country': country } });
    expect(parsed.root).toMatchObject({ kind: 'enum', name: 'com.common.Country' });
  });

  it('reports an error inside a reference with the reference name', () => {
    const error = parseError(customer, { references: { 'com.common.Address': address, 'com.common.Country': '{"type": "enum", "name": "Country", "namespace": "com.common", "symbols": ["FR", "FR"]}' } });
    expect(error.code).toBe('SCHEMA_INVALID');
    expect(error.message).toMatch(/^in referenced schema "com.common.Country": /);
    expect(error.context).toEqual({ reference: 'com.common.Country' });
    expect(error.location?.path).toBe('#/symbols/1');
  });

  it('reports a name no reference provides', () => {
    const error = parseError(customer, { references: { 'com.common.Address': address } });
    expect(error.code).toBe('REFERENCE_UNRESOLVED');
    expect(error.message).toContain('"com.common.Country"');
  });

  it('lists the names a text needs from references, fully qualified', () => {
    expect(avroReferencedNames(customer)).toEqual(['com.common.Address', 'com.common.Country']);
    expect(avroReferencedNames(address)).toEqual(['com.common.Country']);
    expect(avroReferencedNames('{"type": "record", "name": "N", "namespace": "x", "fields": [{"name": "n", "type": ["null", "N"]}, {"name": "o", "type": "Other"}, {"name": "p", "type": "y.P"}]}')).toEqual(['x.Other', 'y.P']);
    // Tolerant of invalid schemas: only JSON syntax errors throw.
    expect(avroReferencedNames('{"type": "record", "fields": "nonsense"}')).toEqual([]);
    expect(() => avroReferencedNames('{')).toThrow(KontractError);
  });

  it('gives the top-level field names of a root record only', () => {
    expect(avroFormat.topLevelFieldNames(parse(customer, { references: { 'com.common.Address': address, 'com.common.Country': country } }))).toEqual(['home', 'born']);
    expect(avroFormat.topLevelFieldNames(parse('"string"'))).toEqual([]);
  });
});

describe('normalize', () => {
  const compact = '{"type":"record","name":"Order","namespace":"com.shop","doc":"An order.","aliases":["B","A"],"fields":[{"name":"id","type":{"type":"string"}},{"name":"total","type":"double","default":1.50},{"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID"]}},{"name":"previous","type":["null","Status"],"default":null,"x-meta":{"b":1,"a":[1.0,2]}}]}';
  const spread = `{
    "fields": [
      { "type": "string", "name": "id" },
      { "default": 1.5, "type": "double", "name": "total" },
      { "name": "status", "type": { "symbols": ["NEW", "PAID"], "name": "com.shop.Status", "type": "enum" } },
      { "x-meta": { "a": [1.0, 2], "b": 1 }, "name": "previous", "type": ["null", "com.shop.Status"], "default": null }
    ],
    "aliases": ["com.shop.A", "B"],
    "doc": "An order.",
    "name": "com.shop.Order",
    "type": "record"
  }`;

  it('gives the same canonical text for differently written equal schemas', () => {
    expect(normalizeAvroSchema({ schema: spread })).toBe(normalizeAvroSchema({ schema: compact }));
  });

  it('is deterministic and stable under re-normalization', () => {
    const once = normalizeAvroSchema({ schema: compact });
    expect(normalizeAvroSchema({ schema: compact })).toBe(once);
    expect(normalizeAvroSchema({ schema: once })).toBe(once);
    expect(JSON.parse(once)).toMatchObject({ name: 'com.shop.Order', aliases: ['com.shop.A', 'com.shop.B'] });
    expect(once).not.toContain('namespace');
    expect(once).not.toMatch(/[{}[\],:]\s/);
  });

  it('writes the canonical form documented on normalizeAvroSchema', () => {
    expect(normalizeAvroSchema({ schema: compact })).toBe(
      '{"type":"record","name":"com.shop.Order","aliases":["com.shop.A","com.shop.B"],"doc":"An order.","fields":[' +
        '{"name":"id","type":"string"},' +
        '{"name":"total","type":"double","default":1.5},' +
        '{"name":"status","type":{"type":"enum","name":"com.shop.Status","symbols":["NEW","PAID"]}},' +
        '{"name":"previous","type":["null","com.shop.Status"],"default":null,"x-meta":{"a":[1.0,2],"b":1}}]}',
    );
  });

  it('keeps what readers and generated code can observe', () => {
    const base = normalizeAvroSchema({ schema: compact });
    expect(normalizeAvroSchema({ schema: compact.replace('An order.', 'An order!') })).not.toBe(base);
    expect(normalizeAvroSchema({ schema: compact.replace('"default":1.50', '"default":2') })).not.toBe(base);
    expect(normalizeAvroSchema({ schema: compact.replace('["NEW","PAID"]', '["PAID","NEW"]') })).not.toBe(base);
    expect(normalizeAvroSchema({ schema: '{"type": "int", "connect.type": "int16"}' })).toBe('{"type":"int","connect.type":"int16"}');
    expect(normalizeAvroSchema({ schema: '{"type": "int"}' })).toBe('"int"');
  });

  it('writes types from references by name', () => {
    const country = '{"type": "enum", "name": "Country", "namespace": "com.common", "symbols": ["FR"]}';
    const text = normalizeAvroSchema({ schema: '{"type": "record", "name": "P", "fields": [{"name": "c", "type": "com.common.Country"}]}', references: { 'com.common.Country': country } });
    expect(text).toBe('{"type":"record","name":"P","fields":[{"name":"c","type":"com.common.Country"}]}');
  });
});

describe('avroFormat', () => {
  it('declares the Avro type and extension', () => {
    expect(avroFormat.type).toBe('AVRO');
    expect(avroFormat.fileExtensions).toEqual(['.avsc']);
  });

  it('parses the primitive schemas in every spelling', () => {
    for (const name of ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']) {
      expect(parse(JSON.stringify(name)).root).toMatchObject({ kind: 'primitive', type: name });
      expect(parse(JSON.stringify({ type: name })).root).toMatchObject({ kind: 'primitive', type: name });
    }
  });
});

describe('error locations with a file', () => {
  it('adds options.file to errors in the main text, not to errors inside a reference', () => {
    const mainError = (() => {
      try {
        avroFormat.parse({ schema: '{"type": "enum", "name": "E", "symbols": []]' }, { file: 'schemas/e/v1.avsc' });
      } catch (error) {
        return error as KontractError;
      }
      throw new Error('expected a syntax error');
    })();
    expect(mainError.location).toMatchObject({ file: 'schemas/e/v1.avsc', line: 1, column: 44 });

    const referenceError = (() => {
      try {
        avroFormat.parse({ schema: '"E"', references: { E: '{"type": "enum", "name": "E", "symbols": ["a b"]}' } }, { file: 'schemas/main/v1.avsc' });
      } catch (error) {
        return error as KontractError;
      }
      throw new Error('expected an invalid symbol');
    })();
    expect(referenceError.location?.file).toBeUndefined();
    expect(referenceError.context).toEqual({ reference: 'E' });
  });
});
