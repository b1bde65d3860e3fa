import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import { protobufFormat } from '../../src/schema/protobuf.js';
import { protobufRoot } from '../../src/schema/protobuf/root.js';
import type { LongType } from '../../src/serde/long-type.js';
import { ProtobufSerde } from '../../src/serde/protobuf/serde.js';
import { ValueError } from '../../src/serde/value-error.js';
import { frame, readFrame } from '../../src/serde/wire.js';

function serdeOf(schema: string, options: { longType?: LongType; recordName?: string; references?: Record<string, string> } = {}): ProtobufSerde {
  return new ProtobufSerde(protobufFormat.parse({ schema, references: options.references ?? {} }), options.longType ?? 'number', options.recordName);
}

/** The payload (after frame and indexes) of `value`. */
function payloadOf(serde: ProtobufSerde, value: unknown): Buffer {
  const bytes = serde.encode(value, 1);
  return bytes.subarray(readFrame(bytes, { messageIndexes: true }).payloadOffset);
}

function roundTrip(serde: ProtobufSerde, value: unknown): unknown {
  const bytes = serde.encode(value, 1);
  const parsed = readFrame(bytes, { messageIndexes: true });
  return serde.readerFor(undefined)(bytes, parsed.payloadOffset, parsed.messageIndexes);
}

function encodeError(serde: ProtobufSerde, value: unknown): ValueError {
  try {
    serde.encode(value, 1);
  } catch (error) {
    if (error instanceof ValueError) return error;
    throw error;
  }
  throw new Error('expected a ValueError');
}

const everything = `syntax = "proto3";
package test.all;

import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/empty.proto";
import "confluent/type/decimal.proto";

message All {
  double d = 1;
  float f = 2;
  int32 i32 = 3;
  int64 i64 = 4;
  uint32 u32 = 5;
  uint64 u64 = 6;
  sint32 s32 = 7;
  sint64 s64 = 8;
  fixed32 fx32 = 9;
  fixed64 fx64 = 10;
  sfixed32 sf32 = 11;
  sfixed64 sf64 = 12;
  bool b = 13;
  string s = 14;
  bytes by = 15;
  Color color = 16;
  Inner inner = 17;
  repeated int32 packed_ints = 18;
  repeated int32 unpacked_ints = 19 [packed = false];
  repeated string names = 20;
  repeated Inner inners = 21;
  map<string, int32> counts = 22;
  map<int64, string> by_id = 23;
  map<bool, Inner> flags = 24;
  oneof choice {
    string text = 25;
    Inner nested = 26;
    int64 big = 27;
  }
  optional int32 maybe = 28;
  google.protobuf.Timestamp at = 29;
  google.protobuf.Int64Value wrapped_long = 30;
  google.protobuf.StringValue wrapped_string = 31;
  google.protobuf.Struct attrs = 32;
  google.protobuf.Value any_json = 33;
  google.protobuf.ListValue list = 34;
  google.protobuf.Duration took = 35;
  google.protobuf.Empty nothing = 36;
  confluent.type.Decimal price = 37;
  repeated Color colors = 38;
  repeated double packed_doubles = 39;
  map<string, google.protobuf.Timestamp> stamps = 40;

  enum Color {
    COLOR_UNSPECIFIED = 0;
    RED = 1;
    GREEN = 2;
  }

  message Inner {
    string name = 1;
    repeated Inner children = 2;
  }
}
`;

const at = new Date('2024-05-01T10:15:30.123Z');

const fullInput = {
  d: -1.5,
  f: 0.25,
  i32: -7,
  i64: -9_007_199_254_740_991,
  u32: 4_294_967_295,
  u64: 9_007_199_254_740_991,
  s32: -2_147_483_648,
  s64: -5,
  fx32: 3_000_000_000,
  fx64: 12,
  sf32: -3,
  sf64: -4,
  b: true,
  s: 'héllo ✓ 𝄞',
  by: Buffer.from([0, 255, 7]),
  color: 'GREEN',
  inner: { name: 'root', children: [{ name: 'leaf' }] },
  packed_ints: [1, -1, 300],
  unpacked_ints: [5, 6],
  names: ['a', ''],
  inners: [{ name: 'x' }, {}],
  counts: { a: 1, b: 0 },
  by_id: { '-3': 'minus three', '12345678901': 'big' },
  flags: { true: { name: 'yes' }, false: {} },
  choice: { case: 'big', value: -9_000_000_000 },
  maybe: 0,
  at,
  wrapped_long: 0,
  wrapped_string: 'w',
  attrs: { n: 1, s: 't', nested: { list: [1, 'two', null, false] }, nothing: null },
  any_json: [{ a: 1 }],
  list: ['x', 2],
  took: { seconds: 3, nanos: 500 },
  nothing: {},
  price: '-12.345',
  colors: ['RED', 'COLOR_UNSPECIFIED'],
  packed_doubles: [1.5, -0],
  stamps: { first: new Date(0), second: at },
};

const fullRead = {
  ...fullInput,
  inner: { name: 'root', children: [{ name: 'leaf', children: [] }] },
  inners: [
    { name: 'x', children: [] },
    { name: '', children: [] },
  ],
  flags: { true: { name: 'yes', children: [] }, false: { name: '', children: [] } },
};

describe('Protobuf values in the generated shape', () => {
  it('round trips every scalar, enums, nested and repeated messages, maps, oneofs, presence and the well-known types', () => {
    expect(roundTrip(serdeOf(everything), fullInput)).toEqual(fullRead);
  });

  it('reads what protobufjs wrote, and protobufjs reads what kontract wrote', () => {
    const parsed = protobufFormat.parse({ schema: everything });
    const type = protobufRoot(parsed).lookupType('test.all.All');
    const serde = new ProtobufSerde(parsed, 'number');
    const written = type.decode(payloadOf(serde, fullInput));
    const asObject = type.toObject(written, { longs: String, enums: String, bytes: Array, oneofs: true });
    expect(asObject).toMatchObject({
      d: -1.5,
      i64: '-9007199254740991',
      u32: 4_294_967_295,
      s32: -2_147_483_648,
      fx32: 3_000_000_000,
      sf64: '-4',
      s: 'héllo ✓ 𝄞',
      by: [0, 255, 7],
      color: 'GREEN',
      inner: { name: 'root', children: [{ name: 'leaf' }] },
      packed_ints: [1, -1, 300],
      unpacked_ints: [5, 6],
      counts: { a: 1, b: 0 },
      // (protobufjs keys 64-bit maps by its internal long hashes, so by_id is compared through kontract's reader only.)
      choice: 'big',
      big: '-9000000000',
      maybe: 0,
      at: { seconds: String(Math.floor(at.getTime() / 1000)), nanos: 123_000_000 },
      wrapped_long: {},
      wrapped_string: { value: 'w' },
      took: { seconds: '3', nanos: 500 },
      nothing: {},
      colors: ['RED', 'COLOR_UNSPECIFIED'],
    });
    expect(Buffer.from((asObject.price as { value: number[] }).value)).toEqual(Buffer.from([0xcf, 0xc7]));
    expect(asObject.price).toMatchObject({ precision: 5, scale: 3 });

    // protobufjs writes from its own object shape; kontract reads the generated shape.
    const fromProtobufjs = type.encode(
      type.fromObject({
        i64: '-42',
        color: 'RED',
        flags: { true: { name: 'y' } },
        text: 'chosen',
        at: { seconds: 1, nanos: 2_000_000 },
        wrapped_long: { value: '7' },
        attrs: { fields: { k: { stringValue: 'v' }, n: { nullValue: 'NULL_VALUE' } } },
        unpacked_ints: [1, 2],
        packed_ints: [3],
      }),
    ).finish();
    const read = serde.readerFor(undefined)(Buffer.from(frame(1, fromProtobufjs, [0])), 6, [0]);
    expect(read).toMatchObject({
      i64: -42,
      i32: 0,
      s: '',
      by: Buffer.alloc(0),
      color: 'RED',
      flags: { true: { name: 'y', children: [] } },
      choice: { case: 'text', value: 'chosen' },
      at: new Date(1002),
      wrapped_long: 7,
      attrs: { k: 'v', n: null },
      unpacked_ints: [1, 2],
      packed_ints: [3],
      names: [],
      counts: {},
    });
    expect((read as Record<string, unknown>)['maybe']).toBeUndefined();
    expect((read as Record<string, unknown>)['inner']).toBeUndefined();
  });

  it('writes the same bytes as protobufjs for plain messages', () => {
    const parsed = protobufFormat.parse({ schema: everything });
    const type = protobufRoot(parsed).lookupType('test.all.All');
    const serde = new ProtobufSerde(parsed, 'number');
    const value = { d: 2.5, i32: -1, i64: 77, s: 'text', color: 'RED', inner: { name: 'n', children: [{ name: 'c' }] }, packed_ints: [1, 2, 3], unpacked_ints: [4], names: ['p', 'q'], counts: { x: 1 }, maybe: 0 };
    expect(payloadOf(serde, value)).toEqual(Buffer.from(type.encode(type.fromObject({ ...value, color: 1 })).finish()));
  });

  it('reads absent fields as proto3 defaults, and absent messages and optional fields as undefined', () => {
    const read = roundTrip(serdeOf(everything), {}) as Record<string, unknown>;
    expect(read).toMatchObject({ d: 0, i64: 0, s: '', b: false, color: 'COLOR_UNSPECIFIED', packed_ints: [], counts: {}, choice: { case: undefined } });
    for (const absent of ['inner', 'maybe', 'at', 'wrapped_long', 'attrs', 'took', 'nothing', 'price']) expect(read[absent]).toBeUndefined();
    // Every property is there, in declaration order (one hidden class per message type).
    expect(Object.keys(read).slice(0, 4)).toEqual(['d', 'f', 'i32', 'i64']);
    expect(Object.keys(read)).toContain('choice');
  });

  it('represents 64-bit integers as bigint with longType bigint', () => {
    const serde = serdeOf(everything, { longType: 'bigint' });
    const read = roundTrip(serde, { i64: -(2n ** 63n), u64: 2n ** 64n - 1n, fx64: 2n ** 60n, by_id: { '9223372036854775807': 'max' }, wrapped_long: 5n }) as Record<string, unknown>;
    expect(read).toMatchObject({ i64: -(2n ** 63n), u64: 2n ** 64n - 1n, fx64: 2n ** 60n, s64: 0n, by_id: { '9223372036854775807': 'max' }, wrapped_long: 5n });
  });

  it('reads a 64-bit value a number cannot hold as an error that points to longType bigint', () => {
    const bytes = serdeOf(everything, { longType: 'bigint' }).encode({ i64: 2n ** 60n }, 1);
    try {
      serdeOf(everything).readerFor(undefined)(bytes, 6, [0]);
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(ValueError);
      expect((error as ValueError).hint).toMatch(/longType/);
    }
  });

  it('reads unknown fields as protobuf does: skipped; unknown enum numbers as the default value', () => {
    const newer = serdeOf(`syntax = "proto3"; message M { string a = 1; E e = 2; repeated int64 extra = 3; Sub sub = 4; enum E { ZERO = 0; ONE = 1; TWO = 2; } message Sub { string x = 1; } }`);
    const older = serdeOf(`syntax = "proto3"; message M { string a = 1; E e = 2; enum E { ZERO = 0; ONE = 1; } }`);
    const bytes = newer.encode({ a: 'x', e: 'TWO', extra: [1, 2], sub: { x: 'y' } }, 1);
    expect(older.readerFor(newer)(bytes, 6, [0])).toEqual({ a: 'x', e: 'ZERO' });
  });

  it('accepts packed and unpacked encodings of repeated scalars alike', () => {
    const packed = serdeOf(`syntax = "proto3"; message M { repeated sint32 v = 1; }`);
    const unpacked = serdeOf(`syntax = "proto3"; message M { repeated sint32 v = 1 [packed = false]; }`);
    const value = { v: [-1, 0, 1, 1000] };
    expect(payloadOf(packed, value)).not.toEqual(payloadOf(unpacked, value));
    expect(packed.readerFor(unpacked)(unpacked.encode(value, 1), 6, [0])).toEqual(value);
    expect(unpacked.readerFor(packed)(packed.encode(value, 1), 6, [0])).toEqual(value);
  });

  it('moves content when a length prefix needs more than the byte reserved for it', () => {
    const serde = serdeOf(`syntax = "proto3"; message M { Inner inner = 1; repeated int64 values = 2; message Inner { string text = 1; Inner next = 2; } }`);
    const long = 'x'.repeat(300);
    const value = { inner: { text: long, next: { text: 'é'.repeat(100) } }, values: Array.from({ length: 200 }, (_, i) => i * 1_000_000) };
    expect(roundTrip(serde, value)).toEqual({ inner: { text: long, next: { text: 'é'.repeat(100) } }, values: value.values });
  });

  it('handles proto2: explicit presence, required fields, groups, closed enums', () => {
    const serde = serdeOf(`syntax = "proto2";
      message Order {
        required string id = 1;
        optional int32 qty = 2 [default = 1];
        repeated int32 codes = 3 [packed = true];
        optional group Extra = 4 { optional string note = 5; }
        optional Kind kind = 6;
        enum Kind { FIRST = 1; SECOND = 2; }
      }`);
    expect(roundTrip(serde, { id: 'o', extra: { note: 'n' }, codes: [1, 2] })).toEqual({ id: 'o', extra: { note: 'n' }, codes: [1, 2] });
    expect(roundTrip(serde, { id: 'o', qty: 0, kind: 'SECOND' })).toEqual({ id: 'o', qty: 0, kind: 'SECOND', codes: [] });
    expect(encodeError(serde, { qty: 2 }).message).toMatch(/required field "id" of Order is missing/);
    const withoutId = serdeOf(`syntax = "proto2"; message Order { optional int32 qty = 2; }`);
    expect(() => serde.readerFor(withoutId)(withoutId.encode({ qty: 3 }, 1), 6, [0])).toThrow(/required field "id"/);
  });

  it('round trips recursive messages', () => {
    const serde = serdeOf(everything, { recordName: 'test.all.All.Inner' });
    const tree = { name: 'a', children: [{ name: 'b', children: [{ name: 'c', children: [] }] }] };
    expect(roundTrip(serde, tree)).toEqual(tree);
  });

  it('reads strings of every length, ASCII or not, malformed or not, as protobufjs does', () => {
    const schema = `syntax = "proto3"; message M { string s = 1; repeated string list = 2; map<string, string> m = 3; }`;
    const serde = serdeOf(schema);
    const type = protobufRoot(protobufFormat.parse({ schema })).lookupType('M');
    const texts = ['', 'a', 'abcdefg', 'abcdefgh', 'abcdefghi', 'abcdefghijklmnop', 'abcdefghijklmnopq', 'é', 'abcdefghijklmné', 'ü€', '日本', '😀', 'naïve', 'x'.repeat(300)];
    for (const text of texts) {
      const value = { s: text, list: [text, 'b'], m: { [text]: text } };
      expect(roundTrip(serde, value), text).toEqual(value);
      expect(type.toObject(type.decode(payloadOf(serde, value)))).toMatchObject({ list: [text, 'b'] });
    }
    // Bytes that are not UTF-8 read as U+FFFD, as protobufjs and Node read them.
    for (const bytes of [[0xff], [0x61, 0xe6, 0x97], [0xc3, 0x61]]) {
      const payload = Buffer.from([0x0a, bytes.length, ...bytes]);
      expect(serde.readerFor(undefined)(payload, 0, undefined)).toMatchObject({ s: Buffer.from(bytes).toString('utf8') });
      expect((type.decode(payload) as unknown as { s: string }).s).toBe(Buffer.from(bytes).toString('utf8'));
    }
  });

  it('reads every message type of a schema with many types into its own complete shape', () => {
    // More message types than the decoder's template copies (16): types share them and must not mix shapes.
    const count = 20;
    const messages = Array.from({ length: count }, (_, i) => `message M${i} { string id = 1; int32 n${i} = 2; repeated string tags = 3; map<string, int32> m = 4; }`);
    const schema = `syntax = "proto3"; package many; ${messages.join(' ')}`;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < count; i++) {
        const serde = serdeOf(schema, { recordName: `many.M${i}` });
        expect(roundTrip(serde, { id: `m${i}`, [`n${i}`]: i, tags: ['t'], m: { k: i } })).toEqual({ id: `m${i}`, [`n${i}`]: i, tags: ['t'], m: { k: i } });
        const empty = roundTrip(serde, {});
        expect(empty).toEqual({ id: '', [`n${i}`]: 0, tags: [], m: {} });
        expect(Object.keys(empty as object)).toEqual(['id', `n${i}`, 'tags', 'm']);
      }
    }
  });

  it('decodes __proto__ as an ordinary map key', () => {
    const serde = serdeOf(`syntax = "proto3"; message M { map<string, int32> m = 1; }`);
    const value = JSON.parse('{"m":{"__proto__":1,"a":2}}') as unknown;
    const read = roundTrip(serde, value) as { m: Record<string, number> };
    expect(Object.keys(read.m)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(read.m)).toBe(Object.prototype);
  });
});

describe('Protobuf message indexes', () => {
  const schema = `syntax = "proto3";
    package shop;
    message Order { string id = 1; Line line = 2; message Line { string sku = 1; } message Note { string text = 1; } }
    message Refund { string order_id = 1; }`;

  it('writes the indexes of the record name: [0] for the first message, [0, 1] for a nested one, [1] for the second', () => {
    expect(serdeOf(schema).messageIndexes).toEqual([0]);
    expect(serdeOf(schema, { recordName: 'shop.Order.Note' }).messageIndexes).toEqual([0, 1]);
    expect(serdeOf(schema, { recordName: '.shop.Refund' }).messageIndexes).toEqual([1]);
    const bytes = serdeOf(schema, { recordName: 'shop.Order.Note' }).encode({ text: 't' }, 9);
    expect(readFrame(bytes, { messageIndexes: true })).toMatchObject({ schemaId: 9, messageIndexes: [0, 1] });
  });

  it('reads the message the indexes name, with the reader schema of the same name', () => {
    const writer = serdeOf(schema, { recordName: 'shop.Refund' });
    const reader = serdeOf(schema);
    const bytes = writer.encode({ order_id: 'o-1' }, 3);
    const parsed = readFrame(bytes, { messageIndexes: true });
    expect(reader.readerFor(writer)(bytes, parsed.payloadOffset, parsed.messageIndexes)).toEqual({ order_id: 'o-1' });
  });

  it('refuses indexes that name a message the reader does not declare', () => {
    const writer = serdeOf(`syntax = "proto3"; package shop; message Order { string id = 1; } message Refund { string order_id = 1; }`, { recordName: 'shop.Refund' });
    const reader = serdeOf(`syntax = "proto3"; package shop; message Order { string id = 1; }`);
    const bytes = writer.encode({ order_id: 'o' }, 3);
    expect(() => reader.readerFor(writer)(bytes, 6, [1])).toThrow(KontractError);
    expect(() => reader.readerFor(writer)(bytes, 6, [5])).toThrow(/point at no message/);
  });
});

describe('Protobuf values that do not fit', () => {
  const serde = serdeOf(everything);
  const cases: Array<{ name: string; value: unknown; path: Array<string | number>; message: RegExp; hint?: RegExp }> = [
    { name: 'a string for an int32', value: { i32: '1' }, path: ['i32'], message: /expected int32 \(integer\), got a string/ },
    { name: 'an int32 out of range', value: { i32: 2 ** 31 }, path: ['i32'], message: /expected int32/ },
    { name: 'a negative uint32', value: { u32: -1 }, path: ['u32'], message: /non-negative/ },
    { name: 'a fraction for an int64', value: { i64: 1.5 }, path: ['i64'], message: /expected int64/, hint: /bigint/ },
    { name: 'an int64 number beyond 2^53', value: { i64: 2 ** 60 }, path: ['i64'], message: /expected int64/ },
    { name: 'a uint64 bigint beyond 64 bits', value: { u64: 2n ** 64n }, path: ['u64'], message: /uint64 in range/ },
    { name: 'a number for a string', value: { s: 1 }, path: ['s'], message: /expected string/ },
    { name: 'a string for bytes', value: { by: 'abc' }, path: ['by'], message: /expected bytes/ },
    { name: 'an unknown enum name', value: { color: 'GREN' }, path: ['color'], message: /value name of enum test.all.All.Color/, hint: /Did you mean "GREEN"/ },
    { name: 'an enum number instead of its name', value: { color: 2 }, path: ['color'], message: /value name/, hint: /"COLOR_UNSPECIFIED", "RED", "GREEN"/ },
    { name: 'a misspelt field', value: { nmes: ['a'] }, path: ['nmes'], message: /message test.all.All has no field "nmes"/, hint: /Did you mean "names"/ },
    { name: 'an unknown field deep inside', value: { inner: { children: [{ name: 'a' }, { nam: 'b' }] } }, path: ['inner', 'children', 1, 'nam'], message: /has no field "nam"/ },
    { name: 'a oneof member given as a plain field', value: { text: 'x' }, path: ['text'], message: /has no field "text"/ },
    { name: 'a oneof case that does not exist', value: { choice: { case: 'txt', value: 'x' } }, path: ['choice', 'case'], message: /oneof "choice" has no case/, hint: /Did you mean "text"/ },
    { name: 'a oneof case without value', value: { choice: { case: 'text' } }, path: ['choice', 'value'], message: /needs a value/ },
    { name: 'a wrong value in a oneof', value: { choice: { case: 'big', value: 'x' } }, path: ['choice', 'value'], message: /expected int64/ },
    { name: 'a non-array for a repeated field', value: { names: 'a' }, path: ['names'], message: /expected an array/ },
    { name: 'a null element', value: { inners: [{}, null] }, path: ['inners', 1], message: /got null/ },
    { name: 'a packed element of the wrong type', value: { packed_ints: [1, 'two'] }, path: ['packed_ints', 1], message: /expected int32/ },
    { name: 'a map key that is no integer', value: { by_id: { x: 'y' } }, path: ['by_id', 'x'], message: /integer's text/ },
    { name: 'a map value of the wrong type', value: { counts: { a: 'one' } }, path: ['counts', 'a'], message: /expected int32/ },
    { name: 'an invalid Date for a Timestamp', value: { at: new Date(Number.NaN) }, path: ['at'], message: /valid Date/ },
    { name: 'a number for a Timestamp', value: { at: 0 }, path: ['at'], message: /valid Date/ },
    { name: 'a wrong wrapped value', value: { wrapped_string: 5 }, path: ['wrapped_string'], message: /expected string/ },
    { name: 'a bigint in a Struct', value: { attrs: { n: 1n } }, path: ['attrs', 'n'], message: /JSON value/ },
    { name: 'a decimal that is no number', value: { price: '1.2.3' }, path: ['price'], message: /not a decimal/ },
    { name: 'an array for a message', value: { inner: [] }, path: ['inner'], message: /expected an object \(message test.all.All.Inner\)/ },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const error = encodeError(serde, testCase.value);
      expect(error.path).toEqual(testCase.path);
      expect(error.message).toMatch(testCase.message);
      if (testCase.hint) expect(error.hint).toMatch(testCase.hint);
    });
  }

  it('reports malformed payloads', () => {
    const bytes = serde.encode({ s: 'abcdef', inner: { name: 'x' } }, 1);
    const read = serde.readerFor(undefined);
    expect(() => read(bytes.subarray(0, bytes.length - 2), 6, [0])).toThrow(/malformed/);
    expect(() => read(Buffer.concat([bytes, Buffer.from([0x07])]), 6, [0])).toThrow(/malformed/);
  });

  it('treats null and undefined properties as absent', () => {
    expect(roundTrip(serde, { s: null, inner: undefined, maybe: null })).toMatchObject({ s: '' });
  });
});
