import descriptor from 'protobufjs/ext/descriptor/index.js';
import { describe, expect, it } from 'vitest';
import { KontractError, type KontractErrorCode } from '../../src/errors.js';
import {
  messageIndexes,
  messageNameAt,
  printProtoFile,
  protobufFormat,
  protobufMessageType,
  toFileDescriptorProtoBase64,
  type ParsedProtobufSchema,
  type ProtoField,
  type ProtoMessage,
} from '../../src/schema/protobuf.js';
import type { SchemaSource } from '../../src/schema/types.js';

function parse(schema: string, references?: Record<string, string>): ParsedProtobufSchema {
  return protobufFormat.parse(references ? { schema, references } : { schema });
}

function message(parsed: ParsedProtobufSchema, fullName: string): ProtoMessage {
  const entry = parsed.types.get(fullName);
  if (entry?.kind !== 'message') throw new Error(`no message ${fullName}`);
  return entry.declaration;
}

function field(m: ProtoMessage, name: string): ProtoField {
  const found = m.fields.find((f) => f.name === name);
  if (!found) throw new Error(`no field ${name} in ${m.fullName}`);
  return found;
}

function thrown(action: () => unknown): KontractError {
  try {
    action();
  } catch (error) {
    if (error instanceof KontractError) return error;
    throw error;
  }
  throw new Error('expected a KontractError');
}

describe('protobufFormat.parse: the model', () => {
  it('reports labels as Square Wire does (proto3)', () => {
    const parsed = parse(`syntax = "proto3";
message M {
  string plain = 1;
  optional int32 explicit = 2;
  repeated string many = 3;
  map<string, int64> counts = 4;
  oneof choice {
    string a = 5;
    int32 b = 6;
  }
}`);
    const m = message(parsed, 'M');
    expect(parsed.file.syntax).toBe('proto3');
    expect(m.fields.map((f) => [f.name, f.label ?? null, f.oneof ?? null, f.proto3Optional])).toEqual([
      ['plain', null, null, false],
      ['explicit', 'optional', null, true],
      ['many', 'repeated', null, false],
      ['counts', null, null, false],
      ['a', null, 'choice', false],
      ['b', null, 'choice', false],
    ]);
    // proto3 `optional` is not a oneof in Wire's model, only a flag.
    expect(m.oneofs).toEqual([{ name: 'choice', fieldNumbers: [5, 6], options: [], position: { line: 7, column: 9 } }]);
    expect(field(m, 'counts').type).toEqual({ kind: 'map', key: 'string', value: { kind: 'scalar', scalar: 'int64' } });
  });

  it('reports labels as Square Wire does (proto2, and files without a syntax line)', () => {
    for (const head of ['syntax = "proto2";\n', '']) {
      const parsed = parse(`${head}message M {
  optional string a = 1;
  required int32 b = 2;
  repeated bytes c = 3;
  map<int32, string> d = 4;
  oneof o { string e = 5; }
}`);
      expect(parsed.file.syntax).toBe('proto2');
      expect(message(parsed, 'M').fields.map((f) => f.label ?? null)).toEqual(['optional', 'required', 'repeated', null, null]);
    }
  });

  it('keeps field names exactly as written and the source order of messages and enums per level', () => {
    const parsed = parse(`syntax = "proto3";
package shop.v1;
message Order {
  string order_id = 1;
  int64 createdAtMillis = 2;
  enum State { NEW = 0; DONE = 1; }
  message Line { string sku = 1; }
  message Address { string city = 1; }
}
enum Color { RED = 0; }
message Audit { Order order = 1; }
`);
    expect(parsed.file.package).toBe('shop.v1');
    expect(parsed.file.messages.map((m) => m.fullName)).toEqual(['shop.v1.Order', 'shop.v1.Audit']);
    expect(parsed.file.enums.map((e) => e.fullName)).toEqual(['shop.v1.Color']);
    const order = message(parsed, 'shop.v1.Order');
    expect(order.fields.map((f) => f.name)).toEqual(['order_id', 'createdAtMillis']);
    expect(order.messages.map((m) => m.localName)).toEqual(['Order.Line', 'Order.Address']);
    expect(order.enums[0].values.map((v) => [v.name, v.number])).toEqual([
      ['NEW', 0],
      ['DONE', 1],
    ]);
  });

  it('resolves type names with protobuf scoping: nested first, then outwards, leading dot = fully qualified', () => {
    const parsed = parse(`syntax = "proto3";
package a.b;
message Outer {
  message Inner { string x = 1; }
  Inner relative = 1;
  Outer.Inner partly = 2;
  .a.b.Outer.Inner absolute = 3;
  b.Outer.Inner package_relative = 4;
  Kind kind = 5;
  map<string, Inner> by_key = 6;
}
enum Kind { K = 0; }
`);
    const outer = message(parsed, 'a.b.Outer');
    for (const name of ['relative', 'partly', 'absolute', 'package_relative']) {
      expect(field(outer, name).type).toMatchObject({ kind: 'named', fullName: 'a.b.Outer.Inner', target: 'message' });
    }
    expect(field(outer, 'kind').type).toEqual({ kind: 'named', written: 'Kind', fullName: 'a.b.Kind', target: 'enum' });
    expect(field(outer, 'by_key').type).toMatchObject({ kind: 'map', value: { fullName: 'a.b.Outer.Inner' } });
    expect(parsed.types.get('a.b.Outer.Inner')).toMatchObject({ kind: 'message', localName: 'Outer.Inner' });
  });

  it('keeps comments (leading and trailing) as docs, and positions', () => {
    const parsed = parse(`syntax = "proto3";
// An order.
message Order {
  // The id.
  string id = 1;
  int32 qty = 2; // How many.
  /* The state. */
  State state = 3;
  enum State {
    // Not yet paid.
    NEW = 0;
  }
}`);
    const order = message(parsed, 'Order');
    expect(order.comment).toBe('An order.');
    expect(order.position).toEqual({ line: 3, column: 9 });
    expect(order.fields.map((f) => f.comment)).toEqual(['The id.', 'How many.', 'The state.']);
    expect(field(order, 'qty').position).toEqual({ line: 6, column: 9 });
    expect(order.enums[0].values[0].comment).toBe('Not yet paid.');
  });

  it('keeps options, telling enum identifiers from strings', () => {
    const parsed = parse(`syntax = "proto2";
option java_package = "com.example";
option optimize_for = SPEED;
enum Level { LOW = 0; HIGH = 1; }
message M {
  option deprecated = true;
  optional string s = 1 [default = "HIGH", deprecated = true];
  optional Level l = 2 [default = HIGH];
}`);
    expect(parsed.file.options).toEqual([
      { name: 'java_package', value: 'com.example' },
      { name: 'optimize_for', value: { kind: 'identifier', name: 'SPEED' } },
    ]);
    const m = message(parsed, 'M');
    expect(m.options).toEqual([{ name: 'deprecated', value: true }]);
    expect(field(m, 's').options).toEqual([
      { name: 'default', value: 'HIGH' },
      { name: 'deprecated', value: true },
    ]);
    expect(field(m, 'l').options).toEqual([{ name: 'default', value: { kind: 'identifier', name: 'HIGH' } }]);
  });

  it('models enum aliases, reserved declarations, groups, extensions and services', () => {
    const parsed = parse(`syntax = "proto2";
package p;
enum E {
  option allow_alias = true;
  A = 0;
  B = 1;
  C = 1;
  reserved 5 to 7;
  reserved "OLD";
}
message M {
  optional group Item = 1 { optional int32 x = 1; }
  extensions 100 to max;
  reserved 2, 4 to 6;
  reserved "gone";
}
extend M { optional string note = 100; }
service S { rpc Get(M) returns (stream M); }
`);
    const e = parsed.file.enums[0];
    expect(e.values.map((v) => `${v.name}=${v.number}`)).toEqual(['A=0', 'B=1', 'C=1']);
    expect(e.reservedRanges).toEqual([{ from: 5, to: 7 }]);
    expect(e.reservedNames).toEqual(['OLD']);
    const m = message(parsed, 'p.M');
    expect(m.fields).toEqual([]);
    expect(m.groups).toMatchObject([{ fieldName: 'item', number: 1, label: 'optional', message: { fullName: 'p.M.Item' } }]);
    expect(m.messages).toEqual([]);
    expect(m.extensionRanges).toEqual([{ from: 100, to: 536870911 }]);
    expect(m.reservedRanges).toEqual([
      { from: 2, to: 2 },
      { from: 4, to: 6 },
    ]);
    expect(m.reservedNames).toEqual(['gone']);
    expect(parsed.file.extensions).toMatchObject([{ extendee: 'M', extendeeFullName: 'p.M', fields: [{ name: 'note', number: 100 }] }]);
    expect(parsed.file.services[0].methods[0]).toMatchObject({ name: 'Get', inputFullName: 'p.M', outputFullName: 'p.M', serverStreaming: true, clientStreaming: false });
  });

  it('marks hand-written map entry messages', () => {
    const parsed = parse(`syntax = "proto3";
message M {
  message CountsEntry {
    option map_entry = true;
    string key = 1;
    int32 value = 2;
  }
  repeated CountsEntry counts = 1;
}`);
    expect(message(parsed, 'M.CountsEntry').isMapEntry).toBe(true);
    expect(message(parsed, 'M').isMapEntry).toBe(false);
  });
});

describe('protobufFormat.parse: errors', () => {
  const cases: Array<{ name: string; schema: string | SchemaSource; code: KontractErrorCode; path?: string; line?: number; column?: number; file?: string; message: RegExp }> = [
    { name: 'an unexpected token', schema: 'syntax = "proto3";\nmessage A {\n  strin g x = 1;\n}', code: 'SCHEMA_SYNTAX', line: 3, column: 11, message: /unexpected 'x': expected '='/ },
    { name: 'a missing semicolon', schema: 'syntax = "proto3";\nmessage A {\n  string x = 1\n}', code: 'SCHEMA_SYNTAX', line: 4, column: 1, message: /expected ';'/ },
    { name: 'an unclosed brace', schema: 'syntax = "proto3";\nmessage A {\n  string x = 1;\n', code: 'SCHEMA_SYNTAX', line: 3, column: 16, message: /'\{' at line 2:11 is never closed/ },
    { name: 'an extra brace', schema: 'syntax = "proto3";\nmessage A {}\n}', code: 'SCHEMA_SYNTAX', line: 3, column: 1, message: /unexpected '\}'/ },
    { name: 'an unknown syntax', schema: 'syntax = "proto4";\nmessage A {}', code: 'SCHEMA_SYNTAX', path: '#/', line: 1, column: 10, message: /unknown syntax "proto4"/ },
    { name: 'editions', schema: 'edition = "2023";\nmessage A {}', code: 'SCHEMA_INVALID', path: '#/', line: 1, column: 1, message: /editions are not supported/ },
    { name: 'an unterminated string', schema: 'syntax = "proto3";\nimport "a.proto;\nmessage A {}', code: 'SCHEMA_SYNTAX', line: 2, column: 8, message: /unterminated string/ },
    { name: 'an unterminated comment', schema: 'syntax = "proto3";\n/* hi\nmessage A {}', code: 'SCHEMA_SYNTAX', line: 2, column: 1, message: /unterminated \/\* comment/ },
    { name: 'a non-numeric field number', schema: 'syntax = "proto3";\nmessage A {\n  string x = "a";\n}', code: 'SCHEMA_SYNTAX', line: 3, column: 14, message: /invalid id/ },
    { name: 'required in proto3', schema: 'syntax = "proto3";\nmessage A {\n  required string x = 1;\n}', code: 'SCHEMA_SYNTAX', line: 3, column: 3, message: /unexpected 'required'/ },
    { name: 'an invalid map key type', schema: 'syntax = "proto3";\nmessage A {\n  map<float, string> m = 1;\n}', code: 'SCHEMA_SYNTAX', line: 3, column: 7, message: /invalid type 'float'/ },
    {
      name: 'an unresolved type',
      schema: 'syntax = "proto3";\npackage p;\nmessage Order {\n  string id = 1;\n  Item item = 3;\n}',
      code: 'REFERENCE_UNRESOLVED',
      path: '#/Order/3',
      line: 5,
      column: 8,
      message: /type "Item" used by field Order\.item is not defined/,
    },
    {
      name: 'an unresolved type in a nested message',
      schema: 'syntax = "proto3";\nmessage Outer {\n  message Order {\n    repeated Missing lines = 2;\n  }\n}',
      code: 'REFERENCE_UNRESOLVED',
      path: '#/Outer/Order/2',
      line: 4,
      column: 22,
      message: /"Missing" used by field Outer\.Order\.lines/,
    },
    {
      name: 'a missing import',
      schema: 'syntax = "proto3";\nimport "common/money.proto";\nmessage Order {\n  string id = 1;\n}',
      code: 'REFERENCE_UNRESOLVED',
      path: '#/',
      line: 2,
      column: 8,
      message: /import "common\/money\.proto" cannot be resolved/,
    },
    { name: 'a duplicate message', schema: 'syntax = "proto3";\nmessage A {}\nmessage A {}', code: 'NAME_CLASH', path: '#/A', line: 3, column: 9, message: /"A" is declared twice/ },
    { name: 'a duplicate nested message', schema: 'syntax = "proto3";\nmessage A {\n  message B {}\n  message B {}\n}', code: 'NAME_CLASH', path: '#/A/B', line: 4, column: 11, message: /"B" is declared twice in message A/ },
    { name: 'a duplicate field name', schema: 'syntax = "proto3";\nmessage Order {\n  string id = 1;\n  int32 id = 2;\n}', code: 'NAME_CLASH', path: '#/Order', line: 4, column: 9, message: /"id" is declared twice in message Order/ },
    { name: 'a field named like a nested type', schema: 'syntax = "proto3";\nmessage A {\n  B B = 1;\n  message B {}\n}', code: 'NAME_CLASH', path: '#/A/B', message: /"B" is declared twice/ },
    {
      name: 'enum values clashing in their shared scope',
      schema: 'syntax = "proto3";\nenum A { UNKNOWN = 0; }\nenum B { UNKNOWN = 0; }',
      code: 'NAME_CLASH',
      path: '#/B/0',
      line: 3,
      column: 10,
      message: /UNKNOWN of B clashes with a value of enum A/,
    },
    { name: 'a duplicate field number', schema: 'syntax = "proto3";\nmessage Order {\n  string id = 1;\n  int32 qty = 3;\n  int32 other = 3;\n}', code: 'SCHEMA_INVALID', path: '#/Order/3', line: 5, column: 9, message: /field number 3 is used twice in message Order/ },
    { name: 'a duplicate field number in a nested message', schema: 'syntax = "proto3";\nmessage Outer {\n  message Order {\n    string id = 1;\n    int32 other = 1;\n  }\n}', code: 'SCHEMA_INVALID', path: '#/Outer/Order/1', line: 5, column: 11, message: /used twice in message Outer\.Order/ },
    { name: 'a duplicate enum number without allow_alias', schema: 'syntax = "proto3";\nenum E {\n  A = 0;\n  B = 0;\n}', code: 'SCHEMA_INVALID', path: '#/E/0', line: 4, column: 3, message: /enum value number 0 is used twice/ },
    { name: 'field number 0', schema: 'syntax = "proto3";\nmessage Order {\n  string id = 0;\n}', code: 'SCHEMA_INVALID', path: '#/Order/0', line: 3, column: 10, message: /between 1 and 536870911/ },
    { name: 'a field number above 2^29-1', schema: 'syntax = "proto3";\nmessage Order {\n  string id = 536870912;\n}', code: 'SCHEMA_INVALID', path: '#/Order/536870912', line: 3, column: 10, message: /between 1 and 536870911/ },
    { name: 'a field number in 19000-19999', schema: 'syntax = "proto3";\nmessage Order {\n  string id = 19500;\n}', code: 'SCHEMA_INVALID', path: '#/Order/19500', line: 3, column: 10, message: /reserved for the Protobuf implementation/ },
    { name: 'a negative field number', schema: 'syntax = "proto3";\nmessage A {\n  string x = -1;\n}', code: 'SCHEMA_SYNTAX', line: 3, column: 14, message: /invalid id '-1'/ },
    { name: 'a reserved field number', schema: 'syntax = "proto3";\nmessage Order {\n  reserved 2 to 4;\n  string id = 3;\n}', code: 'SCHEMA_INVALID', path: '#/Order/3', line: 4, column: 10, message: /number 3 is reserved in message Order/ },
    { name: 'a reserved field name', schema: 'syntax = "proto3";\nmessage Order {\n  reserved "id";\n  string id = 3;\n}', code: 'SCHEMA_INVALID', path: '#/Order/3', line: 4, column: 10, message: /"id" is reserved in message Order/ },
    { name: 'a field in an extensions range', schema: 'syntax = "proto2";\nmessage M {\n  extensions 100 to 200;\n  optional string s = 150;\n}', code: 'SCHEMA_INVALID', path: '#/M/150', line: 4, column: 19, message: /extensions range/ },
    { name: 'an empty enum', schema: 'syntax = "proto3";\nenum A { }', code: 'SCHEMA_INVALID', path: '#/A', line: 2, column: 6, message: /enum A has no values/ },
    { name: 'text that is neither .proto nor a descriptor', schema: 'Zm9vYmFy', code: 'SCHEMA_SYNTAX', line: 1, column: 1, message: /unexpected 'Zm9vYmFy'/ },
    {
      name: 'a type defined in the schema and in a reference',
      schema: { schema: 'syntax = "proto3";\npackage p;\nimport "dep.proto";\nmessage A {}', references: { 'dep.proto': 'syntax = "proto3";\npackage p;\nmessage A {}' } },
      code: 'NAME_CLASH',
      file: 'dep.proto',
      path: '#/A',
      line: 3,
      column: 9,
      message: /type p\.A is defined in the schema and in "dep\.proto"/,
    },
    {
      name: 'an unresolved type inside a reference',
      schema: { schema: 'syntax = "proto3";\nimport "dep.proto";\nmessage A {}', references: { 'dep.proto': 'syntax = "proto3";\nmessage B {\n  Missing m = 1;\n}' } },
      code: 'REFERENCE_UNRESOLVED',
      file: 'dep.proto',
      path: '#/B/1',
      line: 3,
      column: 11,
      message: /"Missing" used by field B\.m/,
    },
    {
      name: 'a syntax error inside a reference',
      schema: { schema: 'syntax = "proto3";\nimport "dep.proto";\nmessage A {}', references: { 'dep.proto': 'syntax = "proto3";\nmessage B {\n  int32 = 1;\n}' } },
      code: 'SCHEMA_SYNTAX',
      file: 'dep.proto',
      line: 3,
      column: 9,
      message: /invalid name '='/,
    },
    {
      name: 'a missing import of a reference',
      schema: { schema: 'syntax = "proto3";\nimport "a.proto";\nmessage A {}', references: { 'a.proto': 'syntax = "proto3";\nimport "b.proto";\nmessage B {}' } },
      code: 'REFERENCE_UNRESOLVED',
      file: 'a.proto',
      path: '#/',
      line: 2,
      column: 8,
      message: /import "b\.proto" cannot be resolved/,
    },
  ];

  for (const c of cases) {
    it(`rejects ${c.name} with ${c.code}`, () => {
      const error = thrown(() => protobufFormat.parse(typeof c.schema === 'string' ? { schema: c.schema } : c.schema));
      expect(error.code).toBe(c.code);
      expect(error.message).toMatch(c.message);
      expect(error.hint).toBeTruthy();
      const expectedLocation = Object.fromEntries(Object.entries({ file: c.file, path: c.path, line: c.line, column: c.column }).filter(([, v]) => v !== undefined));
      expect(error.location).toMatchObject(expectedLocation);
      if (c.file === undefined) expect(error.location?.file).toBeUndefined();
    });
  }

  it('names the file given in the parse options, and the hint tells how to add a missing reference', () => {
    const error = thrown(() => protobufFormat.parse({ schema: 'syntax = "proto3";\nimport "money.proto";\nmessage A {}' }, { file: 'schemas/orders/v1.proto' }));
    expect(error.location).toEqual({ file: 'schemas/orders/v1.proto', path: '#/', line: 2, column: 8 });
    expect(error.hint).toMatch(/schema reference named "money\.proto"/);
  });
});

describe('protobufFormat.parse: imports', () => {
  const money = 'syntax = "proto3";\npackage common;\nimport "common/currency.proto";\nmessage Money {\n  int64 units = 1;\n  Currency currency = 2;\n}';
  const currency = 'syntax = "proto3";\npackage common;\nenum Currency { EUR = 0; USD = 1; }';
  const order = 'syntax = "proto3";\npackage shop;\nimport "common/money.proto";\nmessage Order {\n  common.Money total = 1;\n}';

  it('resolves imports from the references, transitively, with their own packages', () => {
    const parsed = parse(order, { 'common/money.proto': money, 'common/currency.proto': currency });
    expect(parsed.dependencies.map((f) => f.name)).toEqual(['common/money.proto', 'common/currency.proto']);
    expect(field(message(parsed, 'shop.Order'), 'total').type).toMatchObject({ fullName: 'common.Money', target: 'message' });
    expect(field(message(parsed, 'common.Money'), 'currency').type).toMatchObject({ fullName: 'common.Currency', target: 'enum' });
    const moneyEntry = parsed.types.get('common.Money');
    expect(moneyEntry).toMatchObject({ localName: 'Money', file: { name: 'common/money.proto', package: 'common' } });
    expect(moneyEntry?.file.origin.kind).toBe('reference');
    expect(parsed.file.origin).toEqual({ kind: 'main' });
  });

  it('gives references the same identity exactly when their text and imports are the same', () => {
    const identity = (p: ParsedProtobufSchema, name: string): string => {
      const origin = p.dependencies.find((f) => f.name === name)?.origin;
      return origin?.kind === 'reference' ? origin.identity : '';
    };
    const a = parse(order, { 'common/money.proto': money, 'common/currency.proto': currency });
    const b = parse(order, { 'common/money.proto': money, 'common/currency.proto': currency });
    const c = parse(order, { 'common/money.proto': money, 'common/currency.proto': currency.replace('USD = 1;', 'USD = 1; GBP = 2;') });
    expect(identity(a, 'common/money.proto')).toBe(identity(b, 'common/money.proto'));
    expect(identity(a, 'common/money.proto')).not.toBe(identity(c, 'common/money.proto'));
    expect(identity(a, 'common/currency.proto')).not.toBe(identity(c, 'common/currency.proto'));
  });

  it('lists import paths (not built-in ones) as referenced names, and defines none', () => {
    const text = 'syntax = "proto3";\nimport "google/protobuf/timestamp.proto";\nimport public "common/money.proto";\nimport weak "x/y.proto";\nimport "confluent/meta.proto";\nmessage A {}';
    expect(protobufFormat.referencedNames(text)).toEqual(['common/money.proto', 'x/y.proto']);
    expect(protobufFormat.definedNames(parse('syntax = "proto3";\nmessage A {}'))).toEqual([]);
    expect(() => protobufFormat.referencedNames('syntax = "proto3";\nimport "unterminated;')).toThrow(KontractError);
  });
});

describe('protobufFormat.parse: built-in files', () => {
  it('provides the well-known types', () => {
    const parsed = parse(`syntax = "proto3";
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/any.proto";
import "google/protobuf/empty.proto";
import "google/protobuf/field_mask.proto";
message Event {
  google.protobuf.Timestamp at = 1;
  google.protobuf.Duration took = 2;
  google.protobuf.StringValue note = 3;
  google.protobuf.Struct attributes = 4;
  google.protobuf.Any payload = 5;
  google.protobuf.Empty nothing = 6;
  google.protobuf.FieldMask mask = 7;
  google.protobuf.NullValue null_value = 8;
}`);
    const event = message(parsed, 'Event');
    expect(event.fields.map((f) => (f.type.kind === 'named' ? `${f.type.fullName}:${f.type.target}` : ''))).toEqual([
      'google.protobuf.Timestamp:message',
      'google.protobuf.Duration:message',
      'google.protobuf.StringValue:message',
      'google.protobuf.Struct:message',
      'google.protobuf.Any:message',
      'google.protobuf.Empty:message',
      'google.protobuf.FieldMask:message',
      'google.protobuf.NullValue:enum',
    ]);
    const timestamp = parsed.types.get('google.protobuf.Timestamp');
    expect(timestamp?.file.origin).toEqual({ kind: 'builtin' });
    expect(timestamp?.kind === 'message' && timestamp.declaration.fields.map((f) => f.name)).toEqual(['seconds', 'nanos']);
    expect(protobufFormat.referencedNames(parsed.file.text)).toEqual([]);
  });

  it("provides descriptor.proto (snake_case names) and Confluent's meta.proto and decimal.proto", () => {
    const parsed = parse(`syntax = "proto3";
import "confluent/meta.proto";
import "confluent/type/decimal.proto";
import "google/protobuf/descriptor.proto";
message Payment {
  option (confluent.message_meta) = { doc: "A payment" };
  confluent.type.Decimal amount = 1 [(confluent.field_meta).params = { key: "precision" value: "10" }];
  google.protobuf.FieldDescriptorProto described = 2;
}`);
    expect(field(message(parsed, 'Payment'), 'amount').type).toMatchObject({ fullName: 'confluent.type.Decimal' });
    expect(message(parsed, 'google.protobuf.FieldDescriptorProto').fields.map((f) => f.name)).toContain('json_name');
    expect(message(parsed, 'confluent.Meta').fields.map((f) => f.name)).toEqual(['doc', 'params', 'tags']);
    expect(parsed.dependencies.map((f) => f.name).sort()).toEqual(['confluent/meta.proto', 'confluent/type/decimal.proto', 'google/protobuf/descriptor.proto']);
  });

  it("provides Google's common types (google/type), as Confluent bundles them", () => {
    const files = ['calendar_period', 'color', 'date', 'datetime', 'dayofweek', 'decimal', 'expr', 'fraction', 'interval', 'latlng', 'money', 'month', 'phone_number', 'postal_address', 'quaternion', 'timeofday'];
    const parsed = parse(`syntax = "proto3";\n${files.map((f) => `import "google/type/${f}.proto";`).join('\n')}\nmessage Shop {\n  google.type.LatLng location = 1;\n  google.type.Money revenue = 2;\n  google.type.DayOfWeek closed_on = 3;\n  google.type.DateTime opened = 4;\n}`);
    const shop = message(parsed, 'Shop');
    expect(shop.fields.map((f) => (f.type.kind === 'named' ? f.type.fullName : ''))).toEqual(['google.type.LatLng', 'google.type.Money', 'google.type.DayOfWeek', 'google.type.DateTime']);
    expect(message(parsed, 'google.type.Money').fields.map((f) => `${f.name}=${f.number}`)).toEqual(['currency_code=1', 'units=2', 'nanos=3']);
    expect(protobufFormat.referencedNames(parsed.file.text)).toEqual([]);
    expect(protobufMessageType(parsed).fields.opened.resolvedType?.fullName).toBe('.google.type.DateTime');
  });

  it('lets a reference override a built-in file', () => {
    const parsed = parse('syntax = "proto3";\nimport "confluent/type/decimal.proto";\nmessage A { confluent.type.Decimal d = 1; }', {
      'confluent/type/decimal.proto': 'syntax = "proto3";\npackage confluent.type;\nmessage Decimal { string text = 1; }',
    });
    expect(message(parsed, 'confluent.type.Decimal').fields.map((f) => f.name)).toEqual(['text']);
    expect(parsed.types.get('confluent.type.Decimal')?.file.origin.kind).toBe('reference');
  });
});

describe('message indexes (Confluent wire format)', () => {
  const parsed = parse(`syntax = "proto3";
package p;
enum Before { BEFORE_UNKNOWN = 0; }
message A {
  message A1 { string x = 1; }
  enum E { Z = 0; }
  message A2 {
    message A2a { string x = 1; }
  }
  map<string, string> m = 1;
}
message B { string x = 1; }
`);

  it('counts messages only, per level, in source order', () => {
    expect(messageIndexes(parsed, 'p.A')).toEqual([0]);
    expect(messageIndexes(parsed, 'p.B')).toEqual([1]);
    expect(messageIndexes(parsed, 'p.A.A1')).toEqual([0, 0]);
    expect(messageIndexes(parsed, 'A.A2')).toEqual([0, 1]);
    expect(messageIndexes(parsed, '.p.A.A2.A2a')).toEqual([0, 1, 0]);
  });

  it('maps indexes back to names; an empty list is the first message', () => {
    for (const name of ['p.A', 'p.B', 'p.A.A1', 'p.A.A2', 'p.A.A2.A2a']) expect(messageNameAt(parsed, messageIndexes(parsed, name))).toBe(name);
    expect(messageNameAt(parsed, [])).toBe('p.A');
  });

  it('rejects unknown names and indexes', () => {
    expect(thrown(() => messageIndexes(parsed, 'p.A.Nope')).code).toBe('REFERENCE_UNRESOLVED');
    expect(thrown(() => messageIndexes(parsed, 'p.Before')).code).toBe('REFERENCE_UNRESOLVED');
    expect(thrown(() => messageNameAt(parsed, [2])).code).toBe('PAYLOAD_INVALID');
    expect(thrown(() => messageNameAt(parsed, [0, 2])).code).toBe('PAYLOAD_INVALID');
  });
});

describe('serialized FileDescriptorProto', () => {
  const schema = `syntax = "proto3";
package shop.v1;
import "google/protobuf/timestamp.proto";
option java_package = "com.example.shop";
// An order.
message Order {
  string id = 1;
  optional int32 quantity = 2;
  map<string, Line> lines = 3;
  oneof payment {
    string card = 4;
    Method method = 5;
  }
  repeated string tags = 6 [deprecated = true];
  google.protobuf.Timestamp at = 7;
  message Line { string sku = 1; }
  enum Method { CASH = 0; TRANSFER = 1; }
  reserved 10 to 12;
  reserved "legacy";
}
enum Status { UNKNOWN = 0; }
`;

  it('round-trips: the descriptor parses to the same canonical schema', () => {
    const parsed = parse(schema);
    const base64 = toFileDescriptorProtoBase64(parsed);
    expect(protobufFormat.toFileDescriptorProtoBase64({ schema })).toBe(base64);
    const back = parse(base64);
    expect(protobufFormat.normalize({ schema: base64 })).toBe(protobufFormat.normalize({ schema }));
    expect(message(back, 'shop.v1.Order').fields.map((f) => [f.name, f.label ?? null, f.oneof ?? null])).toEqual([
      ['id', null, null],
      ['quantity', 'optional', null],
      ['lines', null, null],
      ['card', null, 'payment'],
      ['method', null, 'payment'],
      ['tags', 'repeated', null],
      ['at', null, null],
    ]);
  });

  it('writes what protoc writes: map entry types, synthetic oneofs for proto3 optional, qualified type names', () => {
    const base64 = toFileDescriptorProtoBase64(parse(schema));
    const file = descriptor.FileDescriptorProto.toObject(descriptor.FileDescriptorProto.decode(Buffer.from(base64, 'base64')), { enums: String }) as Record<string, unknown>;
    expect(file).toMatchObject({ name: 'default', package: 'shop.v1', dependency: ['google/protobuf/timestamp.proto'], syntax: 'proto3', options: { javaPackage: 'com.example.shop' } });
    const order = (file.messageType as Array<Record<string, unknown>>)[0];
    expect(order.oneofDecl).toEqual([{ name: 'payment' }, { name: '_quantity' }]);
    expect((order.nestedType as Array<{ name: string }>).map((n) => n.name)).toEqual(['LinesEntry', 'Line']);
    const fields = order.field as Array<Record<string, unknown>>;
    expect(fields.find((f) => f.name === 'quantity')).toMatchObject({ label: 'LABEL_OPTIONAL', type: 'TYPE_INT32', oneofIndex: 1, proto3Optional: true });
    expect(fields.find((f) => f.name === 'lines')).toMatchObject({ label: 'LABEL_REPEATED', type: 'TYPE_MESSAGE', typeName: '.shop.v1.Order.LinesEntry' });
    expect(fields.find((f) => f.name === 'method')).toMatchObject({ type: 'TYPE_ENUM', typeName: '.shop.v1.Order.Method', oneofIndex: 0 });
    expect(fields.find((f) => f.name === 'tags')).toMatchObject({ label: 'LABEL_REPEATED', options: { deprecated: true } });
    expect(order.reservedRange).toEqual([{ start: 10, end: 13 }]);
  });

  it('reads a descriptor written by another tool (json names, proto2 labels and defaults)', () => {
    const base64 = Buffer.from(
      descriptor.FileDescriptorProto.encode(
        descriptor.FileDescriptorProto.fromObject({
          name: 'legacy.proto',
          package: 'legacy',
          messageType: [
            {
              name: 'Account',
              field: [
                { name: 'account_id', number: 1, label: 'LABEL_REQUIRED', type: 'TYPE_STRING', jsonName: 'accountId' },
                { name: 'level', number: 2, label: 'LABEL_OPTIONAL', type: 'TYPE_ENUM', typeName: '.legacy.Level', defaultValue: 'GOLD', jsonName: 'level' },
                { name: 'limit', number: 3, label: 'LABEL_OPTIONAL', type: 'TYPE_INT64', defaultValue: '100', jsonName: 'max' },
              ],
            },
          ],
          enumType: [{ name: 'Level', value: [{ name: 'SILVER', number: 0 }, { name: 'GOLD', number: 1 }] }],
        }),
      ).finish(),
    ).toString('base64');
    const parsed = parse(base64);
    expect(parsed.file.syntax).toBe('proto2');
    const account = message(parsed, 'legacy.Account');
    expect(account.fields.map((f) => [f.name, f.label, f.type.kind === 'named' ? f.type.fullName : f.type.kind])).toEqual([
      ['account_id', 'required', 'scalar'],
      ['level', 'optional', 'legacy.Level'],
      ['limit', 'optional', 'scalar'],
    ]);
    expect(field(account, 'level').options).toEqual([{ name: 'default', value: { kind: 'identifier', name: 'GOLD' } }]);
    expect(field(account, 'limit').options).toEqual([
      { name: 'default', value: 100 },
      { name: 'json_name', value: 'max' },
    ]);
  });
});

describe('protobufFormat.normalize and the printer', () => {
  it('prints a canonical text: qualified names, fields by number, sorted options and imports, no comments', () => {
    const text = `syntax = "proto3";
package p;
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
option java_package = "x";
option go_package = "y";
// doc
message M {
  google.protobuf.Timestamp at = 3;
  oneof o { string b = 2; int32 a = 5; }
  Inner inner = 1 [json_name = "in", deprecated = true];
  message Inner { E e = 1; }
  enum E { Z = 0; A = 1; }
  reserved 20, 10 to 12;
}
`;
    expect(protobufFormat.normalize({ schema: text })).toBe(`syntax = "proto3";
package p;

import "google/protobuf/duration.proto";
import "google/protobuf/timestamp.proto";

option go_package = "y";
option java_package = "x";

message M {
  .p.M.Inner inner = 1 [deprecated = true, json_name = "in"];
  oneof o {
    string b = 2;
    int32 a = 5;
  }
  .google.protobuf.Timestamp at = 3;
  message Inner {
    .p.M.E e = 1;
  }
  enum E {
    Z = 0;
    A = 1;
  }
  reserved 10 to 12, 20;
}
`);
  });

  it('gives equivalent texts the same canonical form', () => {
    const a = 'syntax = "proto3";\npackage p;\nmessage M {\n  // c\n  N n = 1;\n  string s = 2;\n}\nmessage N { int32 x = 1; }';
    const b = 'syntax="proto3"; package p; message M { string s = 2; .p.N n = 1; } message N { int32 x = 1; }';
    expect(protobufFormat.normalize({ schema: a })).toBe(protobufFormat.normalize({ schema: b }));
    const reordered = 'syntax = "proto3"; package p; message N { int32 x = 1; } message M { N n = 1; string s = 2; }';
    expect(protobufFormat.normalize({ schema: reordered })).not.toBe(protobufFormat.normalize({ schema: a }));
  });

  it('prints faithfully, with comments, and the printed text parses to the same model', () => {
    const text = `syntax = "proto2";
package p;
// The account.
message Account {
  required string id = 1;
  optional Level level = 2 [default = GOLD];
  optional group Extra = 3 {
    optional string note = 1;
  }
  map<string, string> labels = 4;
  extensions 100 to max;
}
enum Level {
  SILVER = 0;
  GOLD = 1;
}
extend Account {
  optional string nickname = 100;
}
`;
    const parsed = parse(text);
    const printed = printProtoFile(parsed.file);
    expect(printed).toContain('// The account.\nmessage Account {');
    expect(printed).toContain('optional group Extra = 3 {');
    expect(protobufFormat.normalize({ schema: printed })).toBe(protobufFormat.normalize({ schema: text }));
  });
});

describe('protobufFormat: reserved-field support and the protobufjs root', () => {
  it('lists the non-oneof fields of top-level messages', () => {
    const parsed = parse('syntax = "proto3";\nmessage A {\n  string a = 1;\n  optional int32 b = 2;\n  oneof o { string c = 3; }\n  message N { string n = 1; }\n}\nmessage B { string a = 1; string d = 2; }');
    expect(protobufFormat.topLevelFieldNames(parsed)).toEqual(['a', 'b', 'd']);
  });

  it('builds a resolved protobufjs root that encodes with the names as written', () => {
    const parsed = parse(
      'syntax = "proto3";\npackage shop;\nimport "common/money.proto";\nimport "google/protobuf/timestamp.proto";\nmessage Order {\n  string order_id = 1;\n  common.Money total = 2;\n  google.protobuf.Timestamp placed_at = 3;\n  map<string, int32> counts = 4;\n}',
      { 'common/money.proto': 'syntax = "proto3";\npackage common;\nmessage Money { int64 units = 1; string currency_code = 2; }' },
    );
    const type = protobufMessageType(parsed);
    expect(type.fullName).toBe('.shop.Order');
    const value = { order_id: 'o-1', total: { units: 5, currency_code: 'EUR' }, placed_at: { seconds: 10 }, counts: { a: 1 } };
    const decoded = type.toObject(type.decode(type.encode(type.fromObject(value)).finish()), { longs: Number });
    expect(decoded).toEqual({ order_id: 'o-1', total: { units: 5, currency_code: 'EUR' }, placed_at: { seconds: 10 }, counts: { a: 1 } });
    expect(protobufMessageType(parsed, 'common.Money').fullName).toBe('.common.Money');
    expect(thrown(() => protobufMessageType(parsed, 'shop.Nope')).code).toBe('REFERENCE_UNRESOLVED');
  });
});
