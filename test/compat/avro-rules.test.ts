/** One tiny reader/writer pair per rule and per subtle point, with the exact findings expected. */
import { describe, expect, it } from 'vitest';
import { avroCompatibility, avroRules } from '../../src/compat/avro/index.js';
import type { Difference } from '../../src/compat/types.js';
import { avroFormat } from '../../src/schema/avro.js';

function diff(reader: unknown, writer: unknown): Difference[] {
  const parse = (schema: unknown) => avroFormat.parse({ schema: JSON.stringify(schema) });
  return avroCompatibility.diff(parse(reader), parse(writer), { jsonPolicy: 'STRICT' });
}

/** The findings as `RULE at location`, for exact comparisons. */
function summary(reader: unknown, writer: unknown): string[] {
  return diff(reader, writer).map((d) => `${d.ruleId} at ${d.location}`);
}

function rec(name: string, fields: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'record', name, fields, ...extra };
}

describe('the Avro rule table', () => {
  it('declares each rule once, breaking, with a purpose and a hint', () => {
    const ids = avroRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      'NAME_MISMATCH',
      'FIXED_SIZE_MISMATCH',
      'MISSING_ENUM_SYMBOLS',
      'READER_FIELD_MISSING_DEFAULT_VALUE',
      'TYPE_MISMATCH',
      'MISSING_UNION_BRANCH',
      'AMBIGUOUS_FIELD_ALIAS',
    ]);
    for (const rule of avroRules) {
      expect(rule).toMatchObject({ schemaType: 'AVRO', breaking: true });
      expect(rule.purpose.length).toBeGreaterThan(20);
      expect(rule.hint.length).toBeGreaterThan(20);
    }
  });
});

describe('NAME_MISMATCH', () => {
  it('reports a renamed record at /name with the writer full name', () => {
    const [finding] = diff(rec('com.a.Order', []), rec('com.a.Purchase', []));
    expect(finding).toMatchObject({ ruleId: 'NAME_MISMATCH', location: '/name' });
    expect(finding?.message).toContain('(expected: com.a.Purchase)');
    expect(finding?.message).toContain('"com.a.Order"');
  });

  it('ignores namespaces: only short names are compared', () => {
    expect(summary(rec('x.y.Order', []), rec('a.b.Order', []))).toEqual([]);
  });

  it('accepts a reader alias equal to the writer full name, qualified with the reader namespace', () => {
    expect(summary(rec('com.a.Order', [], { aliases: ['Purchase'] }), rec('com.a.Purchase', []))).toEqual([]);
    expect(summary(rec('com.a.Order', [], { aliases: ['Purchase'] }), rec('com.b.Purchase', []))).toEqual(['NAME_MISMATCH at /name']);
    expect(summary(rec('com.a.Order', [], { aliases: ['com.b.Purchase'] }), rec('com.b.Purchase', []))).toEqual([]);
  });

  it('never uses writer aliases', () => {
    expect(summary(rec('Order', []), rec('Purchase', [], { aliases: ['Order'] }))).toEqual(['NAME_MISMATCH at /name']);
  });

  it('keeps checking the rest of the node after a name mismatch', () => {
    expect(summary(rec('A', [{ name: 'x', type: 'int' }]), rec('B', []))).toEqual(['NAME_MISMATCH at /name', 'READER_FIELD_MISSING_DEFAULT_VALUE at /fields/0']);
  });
});

describe('FIXED_SIZE_MISMATCH', () => {
  it('reports the sizes at /size', () => {
    const [finding] = diff({ type: 'fixed', name: 'Hash', size: 8 }, { type: 'fixed', name: 'Hash', size: 16 });
    expect(finding).toMatchObject({ ruleId: 'FIXED_SIZE_MISMATCH', location: '/size' });
    expect(finding?.message).toContain('expected: 16, found: 8');
  });

  it('reports a name mismatch and a size mismatch together, name first', () => {
    expect(summary({ type: 'fixed', name: 'A', size: 1 }, { type: 'fixed', name: 'B', size: 2 })).toEqual(['NAME_MISMATCH at /name', 'FIXED_SIZE_MISMATCH at /size']);
  });
});

describe('MISSING_ENUM_SYMBOLS', () => {
  const writer = { type: 'enum', name: 'Suit', symbols: ['SPADES', 'HEARTS', 'DIAMONDS', 'CLUBS'] };

  it('lists the missing writer symbols, sorted, at /symbols', () => {
    const [finding] = diff({ type: 'enum', name: 'Suit', symbols: ['HEARTS', 'SPADES'] }, writer);
    expect(finding).toMatchObject({ ruleId: 'MISSING_ENUM_SYMBOLS', location: '/symbols' });
    expect(finding?.message).toContain('[CLUBS, DIAMONDS]');
  });

  it('is rescued by a reader enum default', () => {
    expect(summary({ type: 'enum', name: 'Suit', symbols: ['HEARTS', 'SPADES'], default: 'HEARTS' }, writer)).toEqual([]);
  });

  it('is not rescued by a writer enum default', () => {
    expect(summary({ type: 'enum', name: 'Suit', symbols: ['HEARTS'] }, { ...writer, default: 'HEARTS' })).toEqual(['MISSING_ENUM_SYMBOLS at /symbols']);
  });

  it('lets the reader add symbols', () => {
    expect(summary({ ...writer, symbols: [...writer.symbols, 'JOKER'] }, writer)).toEqual([]);
  });
});

describe('READER_FIELD_MISSING_DEFAULT_VALUE', () => {
  it('reports a reader field without default that the writer lacks, at /fields/<reader position>', () => {
    const [finding] = diff(rec('R', [{ name: 'a', type: 'int' }, { name: 'b', type: 'string' }]), rec('R', [{ name: 'a', type: 'int' }]));
    expect(finding).toMatchObject({ ruleId: 'READER_FIELD_MISSING_DEFAULT_VALUE', location: '/fields/1' });
    expect(finding?.message).toContain('reader field "b"');
  });

  it('accepts any default, including null', () => {
    expect(summary(rec('R', [{ name: 'b', type: ['null', 'string'], default: null }]), rec('R', []))).toEqual([]);
  });

  it('finds the writer field through a reader field alias (writer field aliases do not count)', () => {
    expect(summary(rec('R', [{ name: 'b', type: 'int', aliases: ['a'] }]), rec('R', [{ name: 'a', type: 'int' }]))).toEqual([]);
    expect(summary(rec('R', [{ name: 'b', type: 'int' }]), rec('R', [{ name: 'a', type: 'int', aliases: ['b'] }]))).toEqual(['READER_FIELD_MISSING_DEFAULT_VALUE at /fields/0']);
  });

  it('ignores writer fields the reader drops', () => {
    expect(summary(rec('R', []), rec('R', [{ name: 'a', type: 'int' }]))).toEqual([]);
  });

  it('compares an enum field that has only an enum default with the writer record (Avro\'s quirk): TYPE_MISMATCH', () => {
    const [finding] = diff(rec('R', [{ name: 'e', type: { type: 'enum', name: 'E', symbols: ['A'], default: 'A' } }]), rec('R', []));
    expect(finding).toMatchObject({ ruleId: 'TYPE_MISMATCH', location: '/fields/0/type', message: 'reader type: ENUM not compatible with writer type: RECORD' });
  });
});

describe('TYPE_MISMATCH and promotions', () => {
  const promotions: Array<[string, string]> = [
    ['long', 'int'],
    ['float', 'int'],
    ['double', 'int'],
    ['float', 'long'],
    ['double', 'long'],
    ['double', 'float'],
    ['bytes', 'string'],
    ['string', 'bytes'],
  ];

  it.each(promotions)('%s reads %s', (reader, writer) => {
    expect(summary(reader, writer)).toEqual([]);
  });

  it.each([
    ['int', 'long'],
    ['long', 'float'],
    ['float', 'double'],
    ['int', 'string'],
    ['boolean', 'int'],
    ['null', 'string'],
  ])('%s cannot read %s', (reader, writer) => {
    const [finding] = diff(reader, writer);
    expect(finding).toEqual({ ruleId: 'TYPE_MISMATCH', location: '/', message: `reader type: ${reader.toUpperCase()} not compatible with writer type: ${writer.toUpperCase()}` });
  });

  it('locates nested mismatches by Avro\'s path', () => {
    const reader = rec('R', [
      { name: 'list', type: { type: 'array', items: 'int' } },
      { name: 'dict', type: { type: 'map', values: 'boolean' } },
    ]);
    const writer = rec('R', [
      { name: 'list', type: { type: 'array', items: 'string' } },
      { name: 'dict', type: { type: 'map', values: 'int' } },
    ]);
    expect(summary(reader, writer)).toEqual(['TYPE_MISMATCH at /fields/0/type/items', 'TYPE_MISMATCH at /fields/1/type/values']);
  });

  it('ignores logical types', () => {
    expect(summary({ type: 'long', logicalType: 'timestamp-micros' }, { type: 'long', logicalType: 'timestamp-millis' })).toEqual([]);
    expect(summary({ type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 }, { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 0 })).toEqual([]);
  });

  it('reports every incompatibility, not just the first', () => {
    expect(summary(rec('R', [{ name: 'a', type: 'int' }, { name: 'b', type: 'int' }, { name: 'c', type: 'int' }]), rec('R', [{ name: 'a', type: 'string' }, { name: 'c', type: 'long' }]))).toEqual([
      'TYPE_MISMATCH at /fields/0/type',
      'READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1',
      'TYPE_MISMATCH at /fields/2/type',
    ]);
  });
});

describe('MISSING_UNION_BRANCH', () => {
  it('reports each writer branch a reader union cannot read, at the writer branch index', () => {
    const [finding, ...rest] = diff(rec('R', [{ name: 'u', type: ['null', 'int'] }]), rec('R', [{ name: 'u', type: ['null', 'string', 'int', 'boolean'] }]));
    expect(finding).toEqual({ ruleId: 'MISSING_UNION_BRANCH', location: '/fields/0/type/1', message: 'reader union lacking writer type: STRING' });
    expect(rest.map((d) => d.location)).toEqual(['/fields/0/type/3']);
  });

  it('names the named type a reader union lacks', () => {
    const [finding] = diff(['null'], { type: 'record', name: 'com.x.Thing', fields: [] });
    expect(finding).toEqual({ ruleId: 'MISSING_UNION_BRANCH', location: '/', message: 'reader union lacking writer type: RECORD (com.x.Thing)' });
  });

  it('lets any reader branch read a non-union writer, not only the first of its type', () => {
    expect(summary(['null', 'string', 'long'], 'int')).toEqual([]);
    expect(summary(['null', 'string'], 'int')).toEqual(['MISSING_UNION_BRANCH at /']);
  });

  it('reports the branch-level findings when a non-union reader reads a writer union', () => {
    expect(summary('long', ['int', 'string', 'long', 'boolean'])).toEqual(['TYPE_MISMATCH at /1', 'TYPE_MISMATCH at /3']);
  });

  it('accepts unions gaining branches and reordering', () => {
    expect(summary(['string', 'null', 'int'], ['null', 'string'])).toEqual([]);
  });
});

describe('AMBIGUOUS_FIELD_ALIAS', () => {
  it('replaces every other finding when a reader field matches two writer fields, as Avro aborts the check', () => {
    const findings = diff(rec('R', [{ name: 'z', type: 'boolean' }, { name: 'a', type: 'int', aliases: ['b'] }]), rec('R', [{ name: 'a', type: 'int' }, { name: 'b', type: 'int' }]));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'AMBIGUOUS_FIELD_ALIAS', location: '/fields/1' });
    expect(findings[0]?.message).toContain('"a", "b"');
  });

  it('counts a field found twice (an alias equal to its own name)', () => {
    expect(summary(rec('R', [{ name: 'a', type: 'int', aliases: ['a'] }]), rec('R', [{ name: 'a', type: 'int' }]))).toEqual(['AMBIGUOUS_FIELD_ALIAS at /fields/0']);
  });
});

describe('recursion and memoisation', () => {
  const list = (valueType: string, extra: unknown[] = []) => rec('Node', [{ name: 'value', type: valueType }, { name: 'next', type: ['null', 'Node'], default: null }, ...extra]);

  it('terminates on recursive types and finds compatible evolutions compatible', () => {
    expect(summary(list('long'), list('int'))).toEqual([]);
  });

  it('finds incompatible changes inside recursive types, once per node pair', () => {
    expect(summary(list('int'), list('long'))).toEqual(['TYPE_MISMATCH at /fields/0/type']);
  });

  it('handles mutually recursive records', () => {
    const schema = (bField: unknown) =>
      rec('A', [{ name: 'b', type: ['null', rec('B', [{ name: 'a', type: ['null', 'A'], default: null }, bField])], default: null }]);
    expect(summary(schema({ name: 'n', type: 'long' }), schema({ name: 'n', type: 'int' }))).toEqual([]);
    // The B record is reached through the unions; the union check only says which writer branch is unreadable.
    expect(summary(schema({ name: 'n', type: 'int' }), schema({ name: 'n', type: 'long' }))).toEqual(['MISSING_UNION_BRANCH at /fields/0/type/1']);
  });

  it('compares types from references like inline ones', () => {
    const country = (symbols: string[]) => JSON.stringify({ type: 'enum', name: 'Country', namespace: 'c', symbols });
    const person = JSON.stringify(rec('p.Person', [{ name: 'home', type: 'c.Country' }]));
    const reader = avroFormat.parse({ schema: person, references: { 'c.Country': country(['FR']) } });
    const writer = avroFormat.parse({ schema: person, references: { 'c.Country': country(['FR', 'DE']) } });
    expect(avroCompatibility.diff(reader, writer, { jsonPolicy: 'STRICT' }).map((d) => `${d.ruleId} at ${d.location}`)).toEqual(['MISSING_ENUM_SYMBOLS at /fields/0/type/symbols']);
  });
});
