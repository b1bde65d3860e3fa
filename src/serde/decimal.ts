/**
 * Exact decimals as text (`"12.34"`) on one side and an unscaled two's-complement big-endian integer plus a
 * scale on the other — the representation of Avro's `decimal` logical type and of `confluent.type.Decimal`.
 * No floating point is involved anywhere.
 */
import { ValueError } from './value-error.js';

const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d*))?$|^([+-]?)\.(\d+)$/;

export interface ParsedDecimal {
  unscaled: bigint;
  /** Digits after the decimal point. */
  scale: number;
  /** Significant digits of the unscaled value (at least 1), as Java's `BigDecimal.precision()`. */
  precision: number;
}

/**
 * The unscaled value of short decimal text at `scale` as a number, or undefined when the text is not a
 * plain decimal of at most 15 digits that fits the scale exactly (the callers then take the exact path).
 * Serializers call this for every value, so it avoids regular expressions and BigInt.
 */
export function parseSmallDecimal(text: string, scale: number): number | undefined {
  const length = text.length;
  if (length === 0 || length > 17) return undefined;
  let i = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 45 /* - */ || first === 43 /* + */) {
    negative = first === 45;
    i = 1;
  }
  let unscaled = 0;
  let digits = 0;
  let fractionDigits = -1;
  for (; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46 /* . */) {
      if (fractionDigits >= 0) return undefined;
      fractionDigits = 0;
      continue;
    }
    if (code < 48 || code > 57) return undefined;
    unscaled = unscaled * 10 + (code - 48);
    digits++;
    if (fractionDigits >= 0) fractionDigits++;
  }
  if (digits === 0 || digits > 15) return undefined;
  if (fractionDigits < 0) fractionDigits = 0;
  if (fractionDigits > scale) return undefined;
  for (let pad = fractionDigits; pad < scale; pad++) unscaled *= 10;
  if (unscaled > 0x7fffffffffff) return undefined;
  return negative ? -unscaled : unscaled;
}

/** Significant digits of an integer (at least 1). */
export function digitCount(value: number): number {
  let magnitude = Math.abs(value);
  let count = 1;
  while (magnitude >= 10) {
    magnitude = Math.floor(magnitude / 10);
    count++;
  }
  return count;
}

/** 2^(8n-1): the first value n two's-complement bytes cannot hold (index 0 unused); computed once, as every value is measured. */
const SIGNED_LIMITS = Array.from({ length: 8 }, (_, bytes) => 2 ** (8 * bytes - 1));

/**
 * How many two's-complement bytes an integer with |value| < 2^47 takes: as few as possible, or exactly `size`;
 * undefined when that is more than 6 bytes or the value does not fit in `size`.
 */
export function smallTwosComplementLength(value: number, size?: number): number | undefined {
  let minimal = 1;
  while (minimal < 7 && (value < -SIGNED_LIMITS[minimal]! || value >= SIGNED_LIMITS[minimal]!)) minimal++;
  const length = size ?? minimal;
  return minimal > length || length > 6 ? undefined : length;
}

/** Writes `value` as `length` two's-complement big-endian bytes at `offset` (a length from {@link smallTwosComplementLength}). */
export function writeSmallTwosComplement(target: Uint8Array, offset: number, length: number, value: number): void {
  let rest = value < 0 ? 2 ** (8 * length) + value : value;
  for (let i = offset + length - 1; i >= offset; i--) {
    target[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
}

/** Two's-complement big-endian bytes of an integer with |value| < 2^47: as few as possible, or exactly `size`. */
export function smallToTwosComplement(value: number, size?: number): Buffer | undefined {
  const length = smallTwosComplementLength(value, size);
  if (length === undefined) return undefined;
  const bytes = Buffer.allocUnsafe(length);
  writeSmallTwosComplement(bytes, 0, length, value);
  return bytes;
}

/**
 * The integer of the two's-complement big-endian bytes `start` to `end` of `bytes` (default: all of them) when
 * there are at most 6 (exact as a number).
 */
export function smallFromTwosComplement(bytes: Uint8Array, start = 0, end = bytes.length): number | undefined {
  const length = end - start;
  if (length > 6) return undefined;
  if (length === 0) return 0;
  let value = 0;
  for (let i = start; i < end; i++) value = value * 256 + bytes[i]!;
  return bytes[start]! >= 128 ? value - 2 ** (8 * length) : value;
}

/** {@link formatDecimal} for a safe-integer unscaled value. */
export function formatSmallDecimal(unscaled: number, scale: number): string {
  if (scale <= 0) return formatDecimal(BigInt(unscaled), scale);
  const negative = unscaled < 0;
  let digits = String(negative ? -unscaled : unscaled);
  if (digits.length <= scale) digits = '0'.repeat(scale + 1 - digits.length) + digits;
  const point = digits.length - scale;
  return `${negative ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Parses decimal text; `scale` (when given) is the scale to express it in, padding with zeros. */
export function parseDecimal(text: unknown, scale?: number): ParsedDecimal {
  if (typeof text !== 'string') throw new ValueError('expected a decimal as a string, e.g. "12.34"', 'Pass decimals as strings so no digit is lost to floating point.');
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match) throw new ValueError(`"${text}" is not a decimal number`, 'Write decimals as digits with an optional sign and decimal point, e.g. "-12.34".');
  const sign = match[1] ?? match[4] ?? '';
  const whole = match[2] ?? '0';
  let fraction = match[3] ?? match[5] ?? '';
  if (scale !== undefined) {
    if (fraction.length > scale) {
      const dropped = fraction.slice(scale);
      if (/[^0]/.test(dropped)) {
        throw new ValueError(`"${text}" has ${fraction.length} digits after the decimal point; the schema's scale is ${scale}`, `Round the value to ${scale} decimal place(s) before sending it.`);
      }
      fraction = fraction.slice(0, scale);
    }
    fraction = fraction.padEnd(scale, '0');
  }
  const unscaled = BigInt(`${sign === '-' ? '-' : ''}${whole}${fraction}`);
  const magnitude = unscaled < 0n ? -unscaled : unscaled;
  return { unscaled, scale: fraction.length, precision: magnitude === 0n ? 1 : magnitude.toString().length };
}

/** `unscaled × 10^-scale` as text: `formatDecimal(1234n, 2)` is `"12.34"`, `formatDecimal(-5n, 2)` is `"-0.05"`. */
export function formatDecimal(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString();
  if (scale <= 0) return `${negative ? '-' : ''}${digits}${'0'.repeat(-scale)}`;
  const padded = digits.padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
}

/** The two's-complement big-endian bytes of `value`: as few as possible, or exactly `size` (sign-extended). */
export function toTwosComplement(value: bigint, size?: number): Buffer {
  let minimal = 1;
  while (value < -(1n << BigInt(8 * minimal - 1)) || value >= 1n << BigInt(8 * minimal - 1)) minimal++;
  const length = size ?? minimal;
  if (minimal > length) throw new ValueError(`the unscaled value ${value} does not fit in ${length} byte(s)`, 'The value has more digits than the schema allows.');
  const bytes = Buffer.alloc(length);
  let rest = BigInt.asUintN(8 * length, value);
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}

/** The signed integer of two's-complement big-endian bytes (empty means 0). */
export function fromTwosComplement(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return BigInt.asIntN(8 * bytes.length, value);
}
