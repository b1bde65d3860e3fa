import { KontractError } from '../errors.js';

/** A JSON value, as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** A parsed JSON document that still knows where each value came from. */
export interface JsonDocument {
  value: JsonValue;
  /** Start position of each value, by JSON pointer (`''` for the root, `/fields/0/type`). */
  positions: Map<string, Position>;
  /**
   * The literal text of each number, by JSON pointer. JSON Schema comparison needs it: Java (and Confluent)
   * treat `1` and `1.0` as different enum values, which a JS number cannot tell apart.
   */
  numberTexts: Map<string, string>;
}

/** Escape one JSON pointer token (RFC 6901). */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `#` + pointer, the form kontract prints schema locations in (`#/fields/0/type`). */
export function pointerToPath(pointer: string): string {
  return `#${pointer}`;
}

/**
 * Parse JSON text, keeping the position of every value and the literal text of every number.
 * Throws `KontractError('SCHEMA_SYNTAX')` with line and column on malformed input. Duplicate keys
 * are an error too (JSON.parse would silently keep the last one, losing the user's data).
 */
export function parseJsonDocument(text: string): JsonDocument {
  return new JsonParser(text).parseDocument();
}

class JsonParser {
  private index = 0;
  private line = 1;
  private lineStart = 0;
  readonly positions = new Map<string, Position>();
  readonly numberTexts = new Map<string, string>();

  constructor(private readonly text: string) {}

  parseDocument(): JsonDocument {
    this.skipWhitespace();
    if (this.index >= this.text.length) this.fail('the text is empty; expected a JSON value');
    const value = this.parseValue('');
    this.skipWhitespace();
    if (this.index < this.text.length) this.fail(`unexpected ${this.describeChar()} after the JSON value`);
    return { value, positions: this.positions, numberTexts: this.numberTexts };
  }

  private position(): Position {
    return { line: this.line, column: this.index - this.lineStart + 1 };
  }

  private fail(message: string, position: Position = this.position()): never {
    throw new KontractError('SCHEMA_SYNTAX', `invalid JSON: ${message}`, {
      location: position,
      hint: 'Fix the JSON syntax at the given line and column.',
    });
  }

  private describeChar(): string {
    const ch = this.text[this.index];
    return ch === undefined ? 'end of input' : `character ${JSON.stringify(ch)}`;
  }

  private skipWhitespace(): void {
    const text = this.text;
    while (this.index < text.length) {
      const ch = text.charCodeAt(this.index);
      if (ch === 0x20 || ch === 0x09 || ch === 0x0d) this.index++;
      else if (ch === 0x0a) {
        this.index++;
        this.line++;
        this.lineStart = this.index;
      } else break;
    }
  }

  private parseValue(pointer: string): JsonValue {
    this.positions.set(pointer, this.position());
    const ch = this.text[this.index];
    switch (ch) {
      case '{':
        return this.parseObject(pointer);
      case '[':
        return this.parseArray(pointer);
      case '"':
        return this.parseString();
      case 't':
        return this.parseLiteral('true', true);
      case 'f':
        return this.parseLiteral('false', false);
      case 'n':
        return this.parseLiteral('null', null);
      default:
        if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.parseNumber(pointer);
        return this.fail(`unexpected ${this.describeChar()}; expected a JSON value`);
    }
  }

  private parseLiteral<T extends JsonValue>(word: string, value: T): T {
    if (this.text.startsWith(word, this.index)) {
      this.index += word.length;
      return value;
    }
    return this.fail(`unexpected ${this.describeChar()}; expected a JSON value`);
  }

  private parseNumber(pointer: string): number {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.index, this.index + 400));
    if (!match) return this.fail(`malformed number`);
    this.index += match[0].length;
    this.numberTexts.set(pointer, match[0]);
    return Number(match[0]);
  }

  private parseString(): string {
    const start = this.position();
    this.index++; // opening quote
    let out = '';
    let chunkStart = this.index;
    const text = this.text;
    for (;;) {
      if (this.index >= text.length) this.fail('unterminated string', start);
      const code = text.charCodeAt(this.index);
      if (code === 0x22) {
        out += text.slice(chunkStart, this.index);
        this.index++;
        return out;
      }
      if (code === 0x5c) {
        out += text.slice(chunkStart, this.index);
        out += this.parseEscape();
        chunkStart = this.index;
        continue;
      }
      if (code < 0x20) this.fail('control character in string (escape it, e.g. \\n)');
      this.index++;
    }
  }

  private parseEscape(): string {
    const esc = this.text[this.index + 1];
    this.index += 2;
    switch (esc) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u': {
        const hex = this.text.slice(this.index, this.index + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('malformed \\u escape');
        this.index += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        this.index -= 2;
        return this.fail(`invalid escape sequence \\${esc ?? ''}`);
    }
  }

  private parseArray(pointer: string): JsonValue[] {
    this.index++;
    const items: JsonValue[] = [];
    this.skipWhitespace();
    if (this.text[this.index] === ']') {
      this.index++;
      return items;
    }
    for (;;) {
      this.skipWhitespace();
      items.push(this.parseValue(`${pointer}/${items.length}`));
      this.skipWhitespace();
      const ch = this.text[this.index];
      if (ch === ',') {
        this.index++;
        continue;
      }
      if (ch === ']') {
        this.index++;
        return items;
      }
      this.fail(`unexpected ${this.describeChar()} in array; expected "," or "]"`);
    }
  }

  private parseObject(pointer: string): { [key: string]: JsonValue } {
    this.index++;
    const result: { [key: string]: JsonValue } = {};
    this.skipWhitespace();
    if (this.text[this.index] === '}') {
      this.index++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.index] !== '"') this.fail(`unexpected ${this.describeChar()} in object; expected a property name in double quotes`);
      const keyPosition = this.position();
      const key = this.parseString();
      if (Object.prototype.hasOwnProperty.call(result, key)) this.fail(`duplicate property name ${JSON.stringify(key)}`, keyPosition);
      this.skipWhitespace();
      if (this.text[this.index] !== ':') this.fail(`unexpected ${this.describeChar()}; expected ":" after property name`);
      this.index++;
      this.skipWhitespace();
      // defineProperty: a key named "__proto__" must become an own property, not the prototype.
      Object.defineProperty(result, key, {
        value: this.parseValue(`${pointer}/${escapePointerToken(key)}`),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipWhitespace();
      const ch = this.text[this.index];
      if (ch === ',') {
        this.index++;
        continue;
      }
      if (ch === '}') {
        this.index++;
        return result;
      }
      this.fail(`unexpected ${this.describeChar()} in object; expected "," or "}"`);
    }
  }
}
