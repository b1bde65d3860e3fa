import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { avroFormat } from '../../src/schema/avro.js';
import { AvroSerde } from '../../src/serde/avro/serde.js';
import { parseDecimal, toTwosComplement } from '../../src/serde/decimal.js';
import type { LongType } from '../../src/serde/long-type.js';
import { ValueError } from '../../src/serde/value-error.js';

function serdeOf(schema: unknown, longType: LongType = 'number', references: Record<string, string> = {}): AvroSerde {
  return new AvroSerde(avroFormat.parse({ schema: JSON.stringify(schema), references }), longType);
}

/** Encodes with id 1 and reads back with the same schema. */
function roundTrip(serde: AvroSerde, value: unknown): unknown {
  return serde.readerFor(undefined)(serde.encode(value, 1), 5);
}

function payloadOf(serde: AvroSerde, value: unknown): number[] {
  return [...serde.encode(value, 1).subarray(5)];
}

function encodeError(serde: AvroSerde, value: unknown): ValueError {
  try {
    serde.encode(value, 1);
  } catch (error) {
    if (error instanceof ValueError) return error;
    throw error;
  }
  throw new Error('expected a ValueError');
}

const field = (type: unknown, extra: Record<string, unknown> = {}) => ({ type: 'record', name: 'R', fields: [{ name: 'v', type, ...extra }] });

describe('Avro values in the generated shape', () => {
  const day = Date.UTC(2024, 4, 1);
  const cases: Array<{ name: string; type: unknown; value: unknown; read?: unknown; bytes?: number[]; longType?: LongType }> = [
    { name: 'timestamp-millis ↔ Date', type: { type: 'long', logicalType: 'timestamp-millis' }, value: new Date(1_700_000_000_123) },
    { name: 'timestamp-micros ↔ Date (micros on the wire)', type: { type: 'long', logicalType: 'timestamp-micros' }, value: new Date(1_700_000_000_123) },
    { name: 'local-timestamp-millis ↔ Date', type: { type: 'long', logicalType: 'local-timestamp-millis' }, value: new Date(1_700_000_000_123) },
    { name: 'local-timestamp-micros ↔ Date', type: { type: 'long', logicalType: 'local-timestamp-micros' }, value: new Date(-1_000) },
    { name: 'date ↔ Date at UTC midnight', type: { type: 'int', logicalType: 'date' }, value: new Date(day), bytes: [0x88, 0xb6, 0x02] },
    { name: 'date before the epoch', type: { type: 'int', logicalType: 'date' }, value: new Date(Date.UTC(1969, 11, 31)), bytes: [1] },
    { name: 'time-millis stays a number', type: { type: 'int', logicalType: 'time-millis' }, value: 45_296_789 },
    { name: 'time-micros stays a number', type: { type: 'long', logicalType: 'time-micros' }, value: 45_296_789_000 },
    { name: 'time-micros as bigint', type: { type: 'long', logicalType: 'time-micros' }, value: 45_296_789_000n, longType: 'bigint' },
    { name: 'uuid stays a string', type: { type: 'string', logicalType: 'uuid' }, value: '6c1f1c2a-2c1e-4a44-9c3e-0a1b2c3d4e5f' },
    { name: 'decimal (bytes) ↔ exact text', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 }, value: '12.34', bytes: [4, 0x04, 0xd2] },
    { name: 'decimal: negative', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 }, value: '-0.05', bytes: [2, 0xfb] },
    { name: 'decimal: sign bit needs a leading zero byte', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 }, value: '1.28', bytes: [4, 0x00, 0x80] },
    { name: 'decimal: padded to the scale', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 }, value: '7.5', read: '7.50' },
    { name: 'decimal: zero', type: { type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 }, value: '0', read: '0.00', bytes: [2, 0] },
    {
      name: 'decimal: more digits than a number holds (exact path)',
      type: { type: 'bytes', logicalType: 'decimal', precision: 38, scale: 10 },
      value: '-12345678901234567890.0123456789',
    },
    { name: 'decimal (fixed) sign-extends to the size', type: { type: 'fixed', name: 'Money', size: 4, logicalType: 'decimal', precision: 9, scale: 2 }, value: '-1.00', bytes: [0xff, 0xff, 0xff, 0x9c] },
    { name: 'decimal with scale 0', type: { type: 'bytes', logicalType: 'decimal', precision: 5 }, value: '-300', bytes: [4, 0xfe, 0xd4] },
    { name: 'long as number (avsc allows ±2^52)', type: 'long', value: -(2 ** 52) },
    { name: 'long as bigint, beyond 2^53', type: 'long', value: -(2n ** 63n), longType: 'bigint' },
    { name: 'long as bigint accepts safe numbers when writing', type: 'long', value: 42, read: 42n, longType: 'bigint' },
    { name: 'bytes ↔ Buffer', type: 'bytes', value: Buffer.from([1, 2, 3]) },
    { name: 'fixed ↔ Buffer', type: { type: 'fixed', name: 'Id', size: 2 }, value: Buffer.from([0xab, 0xcd]), bytes: [0xab, 0xcd] },
    { name: 'enum ↔ symbol', type: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN'] }, value: 'GREEN', bytes: [2] },
    { name: 'map ↔ object', type: { type: 'map', values: 'int' }, value: { a: 1, b: -1 } },
    { name: 'array of records', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }] } }, value: [{ sku: 'a' }, { sku: 'b' }] },
    { name: 'nullable union: the branch value itself', type: ['null', 'string'], value: 'x', bytes: [2, 2, 0x78] },
    { name: 'nullable union: null', type: ['null', 'string'], value: null, bytes: [0] },
    { name: 'nullable timestamp', type: ['null', { type: 'long', logicalType: 'timestamp-millis' }], value: new Date(5) },
    { name: 'ambiguous union int|long: the first branch that fits', type: ['int', 'long'], value: 5, bytes: [0, 10] },
    { name: 'ambiguous union int|long: a long-only value takes the long branch', type: ['int', 'long'], value: 2 ** 40, bytes: [2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40] },
    {
      name: 'ambiguous union of two records: the first record the value is valid for',
      type: [
        { type: 'record', name: 'Card', fields: [{ name: 'last4', type: 'string' }] },
        { type: 'record', name: 'Bank', fields: [{ name: 'iban', type: 'string' }] },
      ],
      value: { iban: 'DE00' },
      bytes: [2, 8, 0x44, 0x45, 0x30, 0x30],
    },
    { name: 'union of a string and a decimal (both strings in JavaScript)', type: ['null', 'string', { type: 'bytes', logicalType: 'decimal', precision: 4, scale: 1 }], value: '1.5', bytes: [2, 6, 0x31, 0x2e, 0x35] },
    { name: 'an invalid logical type reads as its underlying type', type: { type: 'int', logicalType: 'timestamp-millis' }, value: 7 },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const serde = serdeOf(field(testCase.type), testCase.longType);
      expect(roundTrip(serde, { v: testCase.value })).toEqual({ v: testCase.read ?? testCase.value });
      if (testCase.bytes) expect(payloadOf(serde, { v: testCase.value })).toEqual(testCase.bytes);
    });
  }

  it('writes exactly the bytes avsc writes for the underlying values', () => {
    const schema = {
      type: 'record',
      name: 'E',
      fields: [
        { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'day', type: { type: 'int', logicalType: 'date' } },
        { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 3 } },
        { name: 'note', type: ['null', 'string'], default: null },
      ],
    };
    const serde = serdeOf(schema);
    const plain = avro.Type.forSchema(schema as avro.Schema, { wrapUnions: 'never', logicalTypes: {} });
    const value = { at: new Date(1_700_000_000_123), day: new Date(Date.UTC(2000, 0, 2)), amount: '-123.456', note: 'n' };
    const underlying = { at: 1_700_000_000_123, day: 10_958, amount: Buffer.from([0xfe, 0x1d, 0xc0]), note: 'n' };
    expect(serde.encode(value, 3).subarray(5)).toEqual(plain.toBuffer(underlying));
  });

  it('reads and writes strings of every length, ASCII or not, as avsc does (the same bytes)', () => {
    const schema = { type: 'record', name: 'S', fields: [{ name: 'v', type: 'string' }, { name: 'tags', type: { type: 'map', values: 'string' } }, { name: 'maybe', type: ['null', 'string'] }] };
    const serde = serdeOf(schema);
    const plain = avro.Type.forSchema(schema as avro.Schema, { wrapUnions: 'never' });
    const texts = ['', 'a', 'abcdefg', 'abcdefgh', 'abcdefghi', 'abcdefghijklmnop', 'abcdefghijklmnopq', 'é', 'abcdefghijklmné', 'ça va', '日本', '😀', 'Zürich — Genève'];
    for (const length of [62, 63, 64, 65, 1_000]) texts.push('x'.repeat(length), `${'x'.repeat(length - 1)}é`);
    for (const text of texts) {
      const value = { v: text, tags: { [text]: text }, maybe: text };
      const bytes = serde.encode(value, 1);
      expect(roundTrip(serde, value), text).toEqual(value);
      expect(plain.fromBuffer(bytes.subarray(5))).toEqual(value);
      expect(bytes.subarray(5), text).toEqual(plain.toBuffer(value));
    }
    expect(encodeError(serde, { v: 5, tags: {}, maybe: null }).path).toEqual(['v']);
  });

  it('reads and writes decimals of up to 6 bytes in place, with the bytes avsc writes for their unscaled values', () => {
    const types = [
      { type: 'bytes', logicalType: 'decimal', precision: 15, scale: 2 },
      { type: 'fixed', name: 'Money', size: 6, logicalType: 'decimal', precision: 14, scale: 2 },
      { type: 'bytes', logicalType: 'decimal', precision: 20, scale: 2 },
    ];
    const values = ['0.00', '0.01', '-0.01', '1.27', '1.28', '-1.28', '-1.29', '327.67', '327.68', '-327.68', '83886.07', '-83886.08', '21474836.47', '999999999999.99', '-999999999999.99'];
    for (const type of types) {
      const serde = serdeOf(field(type));
      const plain = avro.Type.forSchema(field({ ...type, logicalType: undefined }) as avro.Schema);
      const size = 'size' in type ? type.size : undefined;
      for (const value of values) {
        const unscaled = parseDecimal(value, 2).unscaled;
        expect(payloadOf(serde, { v: value }), `${value} as ${type.type}`).toEqual([...plain.toBuffer({ v: toTwosComplement(unscaled, size) })]);
        expect(roundTrip(serde, { v: value })).toEqual({ v: value });
      }
    }
    // Beyond 6 bytes (the exact path), and values the precision refuses.
    const wide = serdeOf(field(types[2]));
    expect(roundTrip(wide, { v: '-123456789012345678.90' })).toEqual({ v: '-123456789012345678.90' });
    expect(encodeError(serdeOf(field(types[0])), { v: '1234567890123456.78' }).message).toMatch(/significant digits/);
    expect(encodeError(serdeOf(field(types[0])), { v: 12.5 }).message).toMatch(/decimal/);
  });

  it('reads a decimal or string cut short, or with a negative length, as a truncated payload', () => {
    const decimal = serdeOf(field({ type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 })).readerFor(undefined);
    const text = serdeOf(field('string')).readerFor(undefined);
    const framed = (payload: number[]) => Buffer.from([0, 0, 0, 0, 1, ...payload]);
    for (const read of [decimal, text]) {
      // A length of 3 with one byte present; a length of -1 (zig-zag 1).
      expect(() => read(framed([6, 1]), 5)).toThrow(/ends in the middle/);
      expect(() => read(framed([1]), 5)).toThrow(/ends in the middle/);
    }
  });

  it('keeps every encoded message intact across the shared slabs it is written into, whatever its size', () => {
    const serde = serdeOf(field('string'));
    const read = serde.readerFor(undefined);
    const texts = Array.from({ length: 400 }, (_, i) => (i === 150 ? 'big'.repeat(70_000) : i === 151 ? '' : `message ${i} `.repeat(1 + (i % 90))));
    const encoded = texts.map((text, i) => serde.encode({ v: text }, i + 1));
    // Failed encodes in between must not disturb what was handed out before.
    expect(() => serde.encode({ v: 5 }, 1)).toThrow();
    encoded.push(serde.encode({ v: 'after a failure' }, 999));
    texts.push('after a failure');
    encoded.forEach((bytes, i) => {
      expect(bytes.readUInt32BE(1), `message ${i}`).toBe(i === texts.length - 1 ? 999 : i + 1);
      expect(read(bytes, 5), `message ${i}`).toEqual({ v: texts[i] });
    });
  });

  it('fills in defaults for fields left out', () => {
    const serde = serdeOf({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'tags', type: { type: 'map', values: 'string' }, default: {} },
        { name: 'note', type: ['null', 'string'], default: null },
        { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' }, default: 0 },
        { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 }, default: '\u0000' },
      ],
    });
    expect(roundTrip(serde, { id: 'a' })).toEqual({ id: 'a', tags: {}, note: null, at: new Date(0), price: '0.00' });
  });

  it('reads recursive records', () => {
    const serde = serdeOf({ type: 'record', name: 'Node', fields: [{ name: 'label', type: 'string' }, { name: 'next', type: ['null', 'Node'], default: null }] });
    const list = { label: 'a', next: { label: 'b', next: { label: 'c', next: null } } };
    expect(roundTrip(serde, list)).toEqual(list);
    const error = encodeError(serde, { label: 'a', next: { label: 'b', nxt: null } });
    expect(error.path).toEqual(['next', 'nxt']);
  });

  it('builds named types of references wherever they are first used', () => {
    const metadata = JSON.stringify({ type: 'record', name: 'Meta', namespace: 'common', fields: [{ name: 'id', type: 'string' }] });
    const serde = serdeOf(
      { type: 'record', name: 'Event', namespace: 'app', fields: [{ name: 'first', type: 'common.Meta' }, { name: 'second', type: ['null', 'common.Meta'], default: null }] },
      'number',
      { 'common.Meta': metadata },
    );
    expect(roundTrip(serde, { first: { id: '1' }, second: { id: '2' } })).toEqual({ first: { id: '1' }, second: { id: '2' } });
  });

  it('keeps types in the null namespace apart from namespaced ones of the same short name', () => {
    const serde = serdeOf({
      type: 'record',
      name: 'Outer',
      namespace: 'a.b',
      fields: [
        { name: 'x', type: { type: 'record', name: 'Inner', namespace: '', fields: [{ name: 'n', type: 'int' }] } },
        // Java resolves this to the null-namespace Inner: a.b.Inner is not defined yet.
        { name: 'z', type: 'Inner' },
        { name: 'y', type: { type: 'record', name: 'Inner', fields: [{ name: 's', type: 'string' }] } },
      ],
    });
    expect(roundTrip(serde, { x: { n: 1 }, y: { s: 's' }, z: { n: 2 } })).toEqual({ x: { n: 1 }, y: { s: 's' }, z: { n: 2 } });
  });
});

describe('Avro values that do not fit', () => {
  const record = {
    type: 'record',
    name: 'Payment',
    namespace: 'shop',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 6, scale: 2 } },
      { name: 'method', type: { type: 'enum', name: 'Method', symbols: ['CARD', 'BANK'] }, default: 'CARD' },
      { name: 'day', type: { type: 'int', logicalType: 'date' }, default: 0 },
      { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'qty', type: 'int' }] } }, default: [] },
      { name: 'count', type: 'long', default: 0 },
    ],
  };
  const valid = { id: 'p', amount: '1.00' };
  const cases: Array<{ name: string; value: unknown; path: Array<string | number>; message: RegExp; hint?: RegExp; longType?: LongType }> = [
    { name: 'a wrong primitive type', value: { ...valid, id: 7 }, path: ['id'], message: /expected a string, got the number 7/ },
    { name: 'a missing required field', value: { amount: '1.00' }, path: ['id'], message: /required field "id" is missing/ },
    { name: 'a decimal given as a number', value: { ...valid, amount: 1.5 }, path: ['amount'], message: /decimal as a string/ },
    { name: 'a decimal with too many fraction digits', value: { ...valid, amount: '1.005' }, path: ['amount'], message: /scale is 2/, hint: /Round/ },
    { name: 'a decimal beyond the precision', value: { ...valid, amount: '12345.00' }, path: ['amount'], message: /precision is 6/ },
    { name: 'a decimal that is no number', value: { ...valid, amount: '1,00' }, path: ['amount'], message: /not a decimal number/ },
    { name: 'an unknown enum symbol', value: { ...valid, method: 'CRAD' }, path: ['method'], message: /symbol of enum shop.Method/, hint: /Did you mean "CARD"/ },
    { name: 'a date that is not midnight', value: { ...valid, day: new Date(Date.UTC(2024, 0, 1, 12)) }, path: ['day'], message: /UTC midnight/ },
    { name: 'an invalid Date', value: { ...valid, day: new Date(Number.NaN) }, path: ['day'], message: /valid Date/ },
    { name: 'a misspelt optional field', value: { ...valid, methd: 'BANK' }, path: ['methd'], message: /record shop.Payment has no field "methd"/, hint: /Did you mean "method"/ },
    { name: 'an extra property deep inside', value: { ...valid, lines: [{ qty: 1 }, { qty: 2, sku: 'x' }] }, path: ['lines', 1, 'sku'], message: /record shop.Line has no field "sku"/ },
    { name: 'a wrong element type deep inside', value: { ...valid, lines: [{ qty: 1 }, { qty: 'two' }] }, path: ['lines', 1, 'qty'], message: /expected an int/ },
    { name: 'a long beyond 2^52 as a number', value: { ...valid, count: 2 ** 53 - 1 }, path: ['count'], message: /expected a long/, hint: /bigint/ },
    { name: 'a bigint beyond 64 bits', value: { ...valid, count: 2n ** 64n }, path: ['count'], message: /expected a long/, longType: 'bigint' },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const error = encodeError(serdeOf(record, testCase.longType), testCase.value);
      expect(error.path).toEqual(testCase.path);
      expect(error.message).toMatch(testCase.message);
      if (testCase.hint) expect(error.hint).toMatch(testCase.hint);
    });
  }

  it('a record whose fields are all required still rejects an extra property', () => {
    const error = encodeError(serdeOf({ type: 'record', name: 'P', fields: [{ name: 'x', type: 'int' }] }), { x: 1, y: 2 });
    expect(error.path).toEqual(['y']);
  });

  it('reading: cut-short payloads, trailing bytes, and longs a number cannot hold', () => {
    const serde = serdeOf(field('long'));
    const bytes = serde.encode({ v: 300 }, 1);
    const read = serde.readerFor(undefined);
    expect(() => read(bytes.subarray(0, bytes.length - 1), 5)).toThrow(/ends in the middle/);
    expect(() => read(Buffer.concat([bytes, Buffer.from([0])]), 5)).toThrow(/1 byte\(s\) follow/);
    const big = serdeOf(field('long'), 'bigint').encode({ v: 2n ** 60n }, 1);
    expect(() => read(big, 5)).toThrow(ValueError);
    try {
      read(big, 5);
    } catch (error) {
      expect((error as ValueError).hint).toMatch(/longType/);
    }
  });
});

describe('Avro schema resolution (reading another version)', () => {
  const v1 = { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }, { name: 'qty', type: 'int' }, { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'DONE', 'LOST'] } }] };
  const v2 = {
    type: 'record',
    name: 'Order',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'qty', type: 'long' },
      { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'DONE', 'OTHER'], default: 'OTHER' } },
      { name: 'note', type: ['null', 'string'], default: null },
    ],
  };

  it('a new reader fills defaults, promotes int to long and maps unknown symbols to the enum default', () => {
    const reader = serdeOf(v2);
    const writer = serdeOf(v1);
    const read = reader.readerFor(writer);
    expect(read(writer.encode({ id: 'a', qty: 3, status: 'LOST' }, 1), 5)).toEqual({ id: 'a', qty: 3, status: 'OTHER', note: null });
  });

  it('an old reader skips fields it does not know', () => {
    const reader = serdeOf({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] });
    const writer = serdeOf(v2);
    expect(reader.readerFor(writer)(writer.encode({ id: 'b', qty: 1, status: 'NEW', note: 'x' }, 1), 5)).toEqual({ id: 'b' });
  });

  it('logical types read values written without them (and the other way round)', () => {
    const logical = serdeOf(field({ type: 'long', logicalType: 'timestamp-millis' }));
    const plain = serdeOf(field('long'));
    expect(logical.readerFor(plain)(plain.encode({ v: 86_400_000 }, 1), 5)).toEqual({ v: new Date(86_400_000) });
    expect(plain.readerFor(logical)(logical.encode({ v: new Date(5) }, 1), 5)).toEqual({ v: 5 });
    const fromInt = serdeOf(field('int'));
    expect(logical.readerFor(fromInt)(fromInt.encode({ v: 1000 }, 1), 5)).toEqual({ v: new Date(1000) });
    const micros = serdeOf(field({ type: 'long', logicalType: 'timestamp-micros' }));
    expect(logical.readerFor(micros)(micros.encode({ v: new Date(1234) }, 1), 5)).toEqual({ v: new Date(1234) });
  });

  it('reads a writer that is the same schema in other words as the reader, and one that differs only in logical attributes through resolution', () => {
    const schema = { type: 'record', name: 'Pay', namespace: 'x', fields: [{ name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } }, { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } }] };
    const reader = serdeOf(schema);
    // Same schema, other text: keys in another order, the namespace spelt out in the name.
    const sameWriter = new AvroSerde(avroFormat.parse({ schema: `{"fields":[{"type":{"scale":2,"precision":9,"logicalType":"decimal","type":"bytes"},"name":"amount"},{"name":"at","type":{"logicalType":"timestamp-millis","type":"long"}}],"name":"x.Pay","type":"record"}` }), 'number');
    const value = { amount: '12.34', at: new Date(1_700_000_000_000) };
    expect(reader.readerFor(sameWriter)(sameWriter.encode(value, 1), 5)).toEqual(value);
    // The same bytes meaning other values: a writer with another scale and microseconds. Resolution keeps their meaning.
    const otherWriter = serdeOf({ ...schema, fields: [{ name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 3 } }, { name: 'at', type: { type: 'long', logicalType: 'timestamp-micros' } }] });
    expect(reader.readerFor(otherWriter)(otherWriter.encode({ amount: '1.234', at: new Date(1_700_000_000_000) }, 1), 5)).toEqual({ amount: '1.234', at: new Date(1_700_000_000_000) });
  });

  it('unions resolve branch by branch, unwrapped', () => {
    const reader = serdeOf(field(['null', 'long', 'string']));
    const writer = serdeOf(field(['string', 'int']));
    const read = reader.readerFor(writer);
    expect(read(writer.encode({ v: 7 }, 1), 5)).toEqual({ v: 7 });
    expect(read(writer.encode({ v: 's' }, 1), 5)).toEqual({ v: 's' });
    const ambiguousReader = serdeOf(field(['int', 'long']));
    expect(ambiguousReader.readerFor(serdeOf(field('int')))(serdeOf(field('int')).encode({ v: 9 }, 1), 5)).toEqual({ v: 9 });
  });
});
