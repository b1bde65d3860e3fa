/**
 * JSON values with Java equality. Confluent reads schemas with Jackson (exact big decimals) and compares
 * `enum`/`const`/`default` values with `equals`: an integer literal and a decimal literal are different
 * values (`1` ≠ `1.0`), decimals compare with their scale (`1.0` ≠ `1.00`, `1e2` ≠ `100`), and objects
 * compare member-wise regardless of order. The key built here encodes exactly that.
 */
import { KontractError } from '../../errors.js';
import { escapePointerToken, type JsonValue } from '../json-text.js';
import type { JsonLiteral } from './model.js';

/** Literal texts of the numbers of one document, by JSON pointer (from `parseJsonDocument`). */
export type NumberTexts = ReadonlyMap<string, string>;

/** The value at `pointer` of a document as a {@link JsonLiteral}. */
export function literalAt(value: JsonValue, pointer: string, numberTexts: NumberTexts): JsonLiteral {
  return { value, key: javaValueKey(value, pointer, numberTexts), text: literalText(value, pointer, numberTexts) };
}

/** Compact JSON text of a value with numbers as written. */
function literalText(value: JsonValue, pointer: string, numberTexts: NumberTexts): string {
  if (typeof value === 'number') return numberTexts.get(pointer) ?? String(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item, index) => literalText(item, `${pointer}/${index}`, numberTexts)).join(',')}]`;
  const members = Object.keys(value).map((name) => `${JSON.stringify(name)}:${literalText(value[name] as JsonValue, `${pointer}/${escapePointerToken(name)}`, numberTexts)}`);
  return `{${members.join(',')}}`;
}

function javaValueKey(value: JsonValue, pointer: string, numberTexts: NumberTexts): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return javaNumberKey(numberTexts.get(pointer) ?? String(value));
  if (Array.isArray(value)) {
    return `[${value.map((item, index) => javaValueKey(item, `${pointer}/${index}`, numberTexts)).join(',')}]`;
  }
  const members = Object.keys(value)
    .sort()
    .map((name) => `${JSON.stringify(name)}:${javaValueKey(value[name] as JsonValue, `${pointer}/${escapePointerToken(name)}`, numberTexts)}`);
  return `{${members.join(',')}}`;
}

/**
 * `i<value>` for integer literals (Jackson int/long/BigInteger: equal iff the values are), `d<unscaled>e<scale>`
 * for decimal literals (BigDecimal: equal iff unscaled value and scale are).
 */
export function javaNumberKey(text: string): string {
  const decimal = parseDecimal(text);
  if (!/[.eE]/.test(text)) return `i${decimal.coefficient}`;
  return `d${decimal.coefficient}e${-decimal.exponent}`;
}

/** A decimal number `coefficient × 10^exponent`, exact. */
export interface Decimal {
  coefficient: bigint;
  exponent: number;
}

/** Parse a JSON number literal exactly. */
export function parseDecimal(text: string): Decimal {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) throw new KontractError('SCHEMA_INVALID', `malformed number ${JSON.stringify(text)}`, { hint: 'Write numbers as JSON number literals.' });
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const digits = BigInt(`${whole ?? '0'}${fraction}`);
  return { coefficient: sign === '-' ? -digits : digits, exponent: Number(exponentText) - fraction.length };
}

/** Both decimals scaled to the smaller exponent, so their coefficients compare directly. */
function aligned(a: Decimal, b: Decimal): [bigint, bigint] {
  const exponent = Math.min(a.exponent, b.exponent);
  return [a.coefficient * 10n ** BigInt(a.exponent - exponent), b.coefficient * 10n ** BigInt(b.exponent - exponent)];
}

export function decimalEquals(a: Decimal, b: Decimal): boolean {
  const [x, y] = aligned(a, b);
  return x === y;
}

export function isZeroDecimal(a: Decimal): boolean {
  return a.coefficient === 0n;
}

/** `dividend mod divisor == 0`, exactly; the divisor must not be zero. */
export function isDecimalMultipleOf(dividend: Decimal, divisor: Decimal): boolean {
  const [x, y] = aligned(dividend, divisor);
  return x % y === 0n;
}
