/**
 * A faster way to read schema JSON than `parseJsonDocument`, with the same outcome: the same value, the same
 * errors (with their line and column). Schemas are read far more often than they are wrong, and the
 * position-tracking parser spends most of its time recording positions that only error messages need.
 */
import { escapePointerToken, parseJsonDocument, type JsonDocument, type JsonValue, type Position } from '../json-text.js';

/**
 * Strings (key when followed by `:`) and number literals of a JSON text that `JSON.parse` accepted; whatever
 * else remains between them is punctuation and `true`/`false`/`null`. The string pattern is the unrolled
 * `"(?:[^"\\]|\\.)*"` (a valid text has no raw line breaks in strings).
 */
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

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
  let keys = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
    const token = match[0];
    if (token.charCodeAt(0) === 0x22) {
      if (match[1] !== undefined) keys++;
    } else if (String(Number(token)) !== token) {
      return parseJsonDocument(text);
    }
  }
  if (keys !== countKeys(value)) return parseJsonDocument(text);
  return new LazilyLocatedDocument(text, value);
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
