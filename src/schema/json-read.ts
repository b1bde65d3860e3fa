/**
 * A faster way to read schema JSON than `parseJsonDocument`, with the same outcome: the same value, the same
 * errors (with their line and column). Schemas are read far more often than they are wrong, and the
 * position-tracking parser spends most of its time recording positions that only error messages need.
 */
import { escapePointerToken, parseJsonDocument, type JsonDocument, type JsonValue, type Position } from './json-text.js';

/**
 * Read `text` like {@link parseJsonDocument}. `JSON.parse` does the work when the text is valid, has no
 * duplicate keys (the located parser rejects them, `JSON.parse` would keep the last) and writes every number
 * as `String(value)` does; otherwise the located parser runs and its result (or error) is returned.
 *
 * Differences to `parseJsonDocument`'s result, both invisible to readers that follow this contract:
 * `positions` is computed on first access (error paths only), and `numberTexts` lists a number's literal
 * only where it differs from `String(value)` — read it as `numberTexts.get(pointer) ?? String(value)`.
 */
export function readJsonDocument(text: string): JsonDocument {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return parseJsonDocument(text);
  }
  const keys = keysIfPlainNumbers(text);
  if (keys === undefined || keys !== countKeys(value)) return parseJsonDocument(text);
  return new LazilyLocatedDocument(text, value);
}

const BACKSLASH = 0x5c;
const COLON = 0x3a;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * For a text `JSON.parse` accepted: the number of object keys written in it (one `:` outside strings each), or
 * `undefined` when some number might not read back as written — a fraction, an exponent, `-0`, or 16 digits
 * and more (shorter integers always do). Jumps over strings with `indexOf`; only the few characters between
 * strings are looked at one by one.
 */
function keysIfPlainNumbers(text: string): number | undefined {
  let keys = 0;
  let at = 0;
  const length = text.length;
  while (at < length) {
    const quote = text.indexOf('"', at);
    const end = quote < 0 ? length : quote;
    for (let index = at; index < end; index++) {
      const code = text.charCodeAt(index);
      if (code === COLON) {
        keys++;
      } else if (code >= ZERO && code <= NINE) {
        const start = index;
        while (index + 1 < end && isDigit(text.charCodeAt(index + 1))) index++;
        const digits = index - start + 1;
        const next = index + 1 < end ? text.charCodeAt(index + 1) : -1;
        if (digits >= 16 || next === 0x2e || next === 0x65 || next === 0x45) return undefined; // . e E
        if (digits === 1 && code === ZERO && start > 0 && text.charCodeAt(start - 1) === MINUS) return undefined;
      }
    }
    if (quote < 0) break;
    // The closing quote is the next one not escaped (preceded by an even number of backslashes).
    let close = quote;
    for (;;) {
      close = text.indexOf('"', close + 1);
      if (close < 0) return undefined;
      let backslashes = 0;
      while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) break;
    }
    at = close + 1;
  }
  return keys;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

function countKeys(value: JsonValue): number {
  if (value === null || typeof value !== 'object') return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += countKeys(item);
    return count;
  }
  for (const key in value) {
    count += 1 + countKeys(value[key] as JsonValue);
  }
  return count;
}

/** A document whose positions are found by the located parser when first asked for. */
class LazilyLocatedDocument implements JsonDocument {
  readonly numberTexts = new Map<string, string>();
  private located: JsonDocument | undefined;

  constructor(
    private readonly text: string,
    readonly value: JsonValue,
  ) {}

  get positions(): Map<string, Position> {
    this.located ??= parseJsonDocument(this.text);
    return this.located.positions;
  }
}

/** `escapePointerToken`, without its two regex replacements for the usual token that needs no escaping. */
export function pointerToken(token: string | number): string {
  if (typeof token === 'number') return String(token);
  return token.includes('~') || token.includes('/') ? escapePointerToken(token) : token;
}
