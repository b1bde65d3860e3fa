import { describe, expect, it } from 'vitest';
import { isKontractError } from '../../src/errors.js';
import { parseJsonDocument } from '../../src/schema/json-text.js';
import { pointerToken, readJsonDocument } from '../../src/schema/json-read.js';
import { escapePointerToken } from '../../src/schema/json-text.js';

/** The outcome of reading a text: the value, or the error's code, message and location. */
function outcome(read: (text: string) => { value: unknown }, text: string): unknown {
  try {
    return { value: read(text).value };
  } catch (error) {
    if (!isKontractError(error)) throw error;
    return { code: error.code, message: error.message, location: error.location };
  }
}

describe('readJsonDocument', () => {
  const texts: Array<[string, string]> = [
    ['a plain schema', '{"type":"record","name":"A","fields":[{"name":"x","type":"int","default":0}]}'],
    ['pretty-printed text', '{\n  "type": "string",\n  "enum": ["a", "b"]\n}\n'],
    ['escapes in keys and strings', '{"a\\"b":"c\\\\d\\u00e9","e/f~g":["\\n"]}'],
    ['a __proto__ key', '{"__proto__":{"x":1},"y":[]}'],
    ['nested empty containers', '[{},[],{"a":{}}]'],
    ['a top-level scalar', '"just a string"'],
    ['a duplicate key', '{"a":1,"b":{"c":2,"c":3}}'],
    ['a duplicate key with whitespace before the colon', '{"a" :1,"a"\n:2}'],
    ['a string value that looks like a key', '{"a":"b:","c":"\\":"}'],
    ['1.0', '{"default":1.0}'],
    ['-0', '[-0]'],
    ['an exponent', '{"n":1e3}'],
    ['a long beyond 2^53', '{"n":9007199254740993}'],
    ['a truncated text', '{"a":'],
    ['trailing garbage', '{"a":1} x'],
    ['a control character in a string', '{"a":"x\ty"}'],
    ['an empty text', '   '],
    ['colons, digits, dots and quotes inside strings', '{"a\\":b":"x:1.5e3 \\\\","c:":[1,"-0"],"d":"\\\\"}'],
    ['a fraction that reads back as written', '{"a":2.5,"b":-3}'],
    ['15 and 16 digits', '[123456789012345,1234567890123456]'],
    ['a duplicate key after a string holding a colon', '{"a":"b:c","a":1}'],
  ];

  it.each(texts)('reads %s exactly as parseJsonDocument does', (_label, text) => {
    expect(outcome(readJsonDocument, text)).toEqual(outcome(parseJsonDocument, text));
  });

  it('gives the positions of the located parser when asked for them', () => {
    const text = '{\n  "fields": [\n    {"name": "x"}\n  ]\n}';
    expect([...readJsonDocument(text).positions]).toEqual([...parseJsonDocument(text).positions]);
  });

  it('keeps the literal text of every number that String(value) would write differently', () => {
    const text = '{"a":1.0,"b":2,"c":1e2}';
    const document = readJsonDocument(text);
    expect(document.numberTexts.get('/a')).toBe('1.0');
    expect(document.numberTexts.get('/c')).toBe('1e2');
    expect(document.numberTexts.get('/b') ?? String(2)).toBe('2');
  });

  it('leaves numberTexts empty for plain integers', () => {
    expect(readJsonDocument('{"a":[1,25,-3,0],"b":"1.0"}').numberTexts.size).toBe(0);
  });

  it.each(texts)('keeps the numberTexts contract for %s: numberTexts.get(pointer) ?? String(value) is the literal', (_label, text) => {
    let located: ReturnType<typeof parseJsonDocument>;
    try {
      located = parseJsonDocument(text);
    } catch {
      return;
    }
    const read = readJsonDocument(text);
    const visit = (value: unknown, pointer: string): void => {
      if (typeof value === 'number') expect(read.numberTexts.get(pointer) ?? String(value)).toBe(located.numberTexts.get(pointer));
      else if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${pointer}/${index}`));
      else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) visit(item, `${pointer}/${escapePointerToken(key)}`);
    };
    visit(read.value, '');
  });
});

describe('pointerToken', () => {
  it.each(['plain', 'a/b', 'a~b', '~/', '', 3])('escapes %s as escapePointerToken does', (token) => {
    expect(pointerToken(token)).toBe(escapePointerToken(token));
  });
});
