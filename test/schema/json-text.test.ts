import { describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import { parseJsonDocument } from '../../src/schema/json-text.js';

describe('parseJsonDocument', () => {
  it('parses like JSON.parse and records positions by pointer', () => {
    const text = '{\n  "a": [1, {"b~/c": "x"}],\n  "n": -1.50e2\n}';
    const doc = parseJsonDocument(text);
    expect(doc.value).toEqual(JSON.parse(text));
    expect(doc.positions.get('')).toEqual({ line: 1, column: 1 });
    expect(doc.positions.get('/a/1/b~0~1c')).toEqual({ line: 2, column: 21 });
    expect(doc.positions.get('/n')).toEqual({ line: 3, column: 8 });
    expect(doc.numberTexts.get('/n')).toBe('-1.50e2');
  });

  it('keeps the literal text of numbers so 1 and 1.0 can be told apart', () => {
    const doc = parseJsonDocument('[1, 1.0]');
    expect(doc.numberTexts.get('/0')).toBe('1');
    expect(doc.numberTexts.get('/1')).toBe('1.0');
  });

  it('decodes escapes', () => {
    expect(parseJsonDocument('"a\\n\\u00e9\\"\\/"').value).toBe('a\né"/');
  });

  it.each([
    ['{"a": 1,}', 1, 9, 'expected a property name'],
    ['{"a" 1}', 1, 6, 'expected ":"'],
    ['[1 2]', 1, 4, 'expected "," or "]"'],
    ['{\n "a": tru }', 2, 7, 'expected a JSON value'],
    ['{"a": 1, "a": 2}', 1, 10, 'duplicate property name "a"'],
    ['"abc', 1, 1, 'unterminated string'],
    ['', 1, 1, 'empty'],
    ['{} x', 1, 4, 'after the JSON value'],
  ])('reports %j at line %i column %i', (text, line, column, fragment) => {
    try {
      parseJsonDocument(text);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(KontractError);
      const e = error as KontractError;
      expect(e.code).toBe('SCHEMA_SYNTAX');
      expect(e.location).toEqual({ line, column });
      expect(e.message).toContain(fragment);
    }
  });

  it('keeps a "__proto__" key as data', () => {
    const doc = parseJsonDocument('{"__proto__": {"x": 1}}');
    expect(Object.keys(doc.value as object)).toEqual(['__proto__']);
  });
});
