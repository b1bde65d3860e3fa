/**
 * avsc implementations of the Avro logical types with the JavaScript values codegen gives them (binding:
 * `avroLogicalMapping` in src/codegen/avro.ts): timestamps and local timestamps as `Date`, `date` as a `Date`
 * at UTC midnight, `decimal` as its exact text. (`time-millis`, `time-micros` and `uuid` keep their underlying
 * values and need no implementation.) `long` is a `number` by default or a `bigint` with {@link BigIntLongType}.
 *
 * Invalid values make `_toValue` throw a {@link ValueError} (avsc's validity check catches it and reports
 * the value as invalid), so the encoder can tell the user what is wrong.
 */
import avro from 'avsc';
import {
  digitCount,
  formatDecimal,
  formatSmallDecimal,
  fromTwosComplement,
  parseDecimal,
  parseSmallDecimal,
  smallFromTwosComplement,
  smallToTwosComplement,
  smallTwosComplementLength,
  toTwosComplement,
  writeSmallTwosComplement,
} from '../decimal.js';
import { ValueError, describeValue } from '../value-error.js';

type AvscType = avro.Type;
type Converter = (value: unknown) => unknown;

/** The parts of avsc's Tap (its cursor over the buffer being read or written) that decimals use in place. */
interface Tap {
  buf: Buffer;
  pos: number;
  readLong(): number;
  writeLong(value: number): void;
}

/** avsc's internal write hook of a type (not in its typings). */
function writeHookOf(type: AvscType): (tap: Tap, value: unknown) => void {
  const hooked = type as unknown as { _write(tap: Tap, value: unknown): void };
  return (tap, value) => hooked._write(tap, value);
}

const MILLIS_PER_DAY = 86_400_000;

/** Whether `type` is one of avsc's logical types (ours or not). */
function isLogical(type: AvscType): type is avro.types.LogicalType {
  return avro.Type.isType(type, 'logical');
}

/** Reads `value` of the writer's logical type as its underlying value (its `_toValue`, protected in avsc's typings). */
function underlyingValueOf(writer: avro.types.LogicalType, value: unknown): unknown {
  return (writer as unknown as { _toValue(value: unknown): unknown })._toValue(value);
}

/**
 * Shared resolution: a writer of the same JavaScript representation resolves as is; a plain (or other logical)
 * writer has its underlying values converted. Subclasses implement avsc's `_fromValue` (underlying → JavaScript)
 * and `_toValue` (JavaScript → underlying, throwing {@link ValueError} for values that do not fit) directly,
 * as they run once per value.
 */
abstract class KontractLogicalType extends avro.types.LogicalType {
  /** What JavaScript values this type produces; equal kinds resolve into each other unchanged. */
  protected abstract readonly valueKind: 'date' | 'decimal';

  protected abstract override _fromValue(value: unknown): unknown;
  protected abstract override _toValue(value: unknown): unknown;

  protected override _resolve(writer: AvscType): Converter | undefined {
    if (isLogical(writer)) {
      if (writer instanceof KontractLogicalType && writer.valueKind === this.valueKind) return (value) => value;
      if (!canResolve(this.underlyingType, writer.underlyingType)) return undefined;
      return (value) => this._fromValue(underlyingValueOf(writer, value));
    }
    if (!canResolve(this.underlyingType, writer)) return undefined;
    return (value) => this._fromValue(value);
  }
}

function canResolve(reader: AvscType, writer: AvscType): boolean {
  try {
    reader.createResolver(writer);
    return true;
  } catch {
    return false;
  }
}

function validDate(value: unknown, what: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new ValueError(`expected a valid Date (${what}), got ${describeValue(value)}`);
  return value;
}

function isBigIntLong(type: AvscType): boolean {
  // avsc's custom long types (LongType.__with) are "abstract"; kontract only installs the bigint one.
  return avro.Type.isType(type, 'abstract');
}

/** Logical types over `long`: they produce bigints when `long` is the bigint long type. */
abstract class LongLogicalType extends KontractLogicalType {
  protected readonly bigint: boolean;
  constructor(schema: avro.Schema, options?: unknown) {
    super(schema, options);
    this.bigint = isBigIntLong(this.underlyingType);
  }
}

/** `timestamp-millis` and `local-timestamp-millis` (long) ↔ `Date`. */
export class TimestampMillisType extends LongLogicalType {
  protected readonly valueKind = 'date';
  protected override _fromValue(value: unknown): Date {
    return new Date(Number(value));
  }
  protected override _toValue(value: unknown): number | bigint {
    const millis = validDate(value, 'a timestamp').getTime();
    return this.bigint ? BigInt(millis) : millis;
  }
}

/** `timestamp-micros` and `local-timestamp-micros` (long) ↔ `Date` (sub-millisecond digits are dropped when reading). */
export class TimestampMicrosType extends LongLogicalType {
  protected readonly valueKind = 'date';
  protected override _fromValue(value: unknown): Date {
    if (typeof value === 'bigint') return new Date(Number(value / 1000n - (value % 1000n < 0n ? 1n : 0n)));
    return new Date(Math.floor(Number(value) / 1000));
  }
  protected override _toValue(value: unknown): number | bigint {
    const millis = validDate(value, 'a timestamp').getTime();
    return this.bigint ? BigInt(millis) * 1000n : millis * 1000;
  }
}

/** `date` (int, days since the epoch) ↔ `Date` at UTC midnight. */
export class DateType extends KontractLogicalType {
  protected readonly valueKind = 'date';
  protected override _fromValue(value: unknown): Date {
    return new Date(Number(value) * MILLIS_PER_DAY);
  }
  protected override _toValue(value: unknown): number {
    const millis = validDate(value, 'a calendar date').getTime();
    if (millis % MILLIS_PER_DAY !== 0) {
      throw new ValueError(`expected a Date at UTC midnight (an Avro date), got ${describeValue(value)}`, 'Build dates with Date.UTC(year, month, day) or new Date("2024-05-01").');
    }
    return millis / MILLIS_PER_DAY;
  }
}

/**
 * `decimal` (bytes or fixed, two's-complement unscaled value) ↔ exact decimal text. Decimals of up to 6 bytes
 * (15 digits: prices, amounts) are read and written in place in avsc's buffer (its `_read`/`_write` hooks),
 * without the intermediate Buffer avsc would allocate for the bytes; others go through `_fromValue`/`_toValue`.
 */
export class DecimalType extends KontractLogicalType {
  protected readonly valueKind = 'decimal';
  private readonly scale: number;
  private readonly precision: number;
  private readonly fixedSize: number | undefined;
  private underlyingWrite: ((tap: Tap, value: unknown) => void) | undefined;

  constructor(schema: avro.Schema, options?: unknown) {
    super(schema, options);
    const attributes = schema as { precision?: unknown; scale?: unknown; size?: unknown };
    this.precision = typeof attributes.precision === 'number' ? attributes.precision : 0;
    this.scale = typeof attributes.scale === 'number' ? attributes.scale : 0;
    this.fixedSize = typeof attributes.size === 'number' ? attributes.size : undefined;
  }

  /** avsc's read hook: the unscaled bytes read where they are. Mirrors Tap.readFixed/readBytes on bad lengths. */
  _read(tap: Tap): string | undefined {
    const length = this.fixedSize ?? tap.readLong();
    const buffer = tap.buf;
    if (length < 0) {
      tap.pos = buffer.length + 1;
      return undefined;
    }
    const start = tap.pos;
    const end = start + length;
    tap.pos = end;
    // Past the end: avsc reports the payload as truncated.
    if (end > buffer.length) return undefined;
    const small = smallFromTwosComplement(buffer, start, end);
    return small === undefined ? formatDecimal(fromTwosComplement(buffer.subarray(start, end)), this.scale) : formatSmallDecimal(small, this.scale);
  }

  /** avsc's write hook: short decimals written in place; anything else (including invalid values, which throw) through `_toValue`. */
  _write(tap: Tap, value: unknown): void {
    const small = typeof value === 'string' ? parseSmallDecimal(value, this.scale) : undefined;
    const length = small !== undefined && digitCount(small) <= this.precision ? smallTwosComplementLength(small, this.fixedSize) : undefined;
    if (length === undefined) {
      this.underlyingWrite ??= writeHookOf(this.underlyingType);
      this.underlyingWrite(tap, this._toValue(value));
      return;
    }
    if (this.fixedSize === undefined) tap.writeLong(length);
    const start = tap.pos;
    tap.pos = start + length;
    // Past the end: avsc's encode reports how many bytes were missing and is called again with a larger buffer.
    if (tap.pos <= tap.buf.length) writeSmallTwosComplement(tap.buf, start, length, small!);
  }

  protected override _fromValue(value: unknown): string {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'binary') : (value as Buffer);
    const small = smallFromTwosComplement(bytes);
    return small === undefined ? formatDecimal(fromTwosComplement(bytes), this.scale) : formatSmallDecimal(small, this.scale);
  }

  protected override _toValue(value: unknown): Buffer {
    // Fast path for the common case (at most 15 digits), exact path otherwise.
    const small = typeof value === 'string' ? parseSmallDecimal(value, this.scale) : undefined;
    if (small !== undefined && digitCount(small) <= this.precision) {
      const bytes = smallToTwosComplement(small, this.fixedSize);
      if (bytes) return bytes;
    }
    const decimal = parseDecimal(value, this.scale);
    if (decimal.precision > this.precision) {
      throw new ValueError(`"${String(value)}" has ${decimal.precision} significant digits; the schema's precision is ${this.precision}`, 'The value is too large for the schema\'s decimal type.');
    }
    return toTwosComplement(decimal.unscaled, this.fixedSize);
  }
}

/** The logical types kontract implements, by `logicalType` name, for `Type.forSchema`. */
export const AVRO_LOGICAL_TYPES: Record<string, new (schema: avro.Schema, options?: unknown) => avro.types.LogicalType> = {
  'timestamp-millis': TimestampMillisType,
  'local-timestamp-millis': TimestampMillisType,
  'timestamp-micros': TimestampMicrosType,
  'local-timestamp-micros': TimestampMicrosType,
  date: DateType,
  decimal: DecimalType,
};

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** `long` as `bigint` (codegen `longType: "bigint"`); safe-integer numbers are accepted when writing. */
export function bigIntLongType(): avro.types.LongType {
  return avro.types.LongType.__with({
    fromBuffer: (buffer: Buffer) => buffer.readBigInt64LE(),
    toBuffer: (value: bigint | number) => {
      const buffer = Buffer.alloc(8);
      buffer.writeBigInt64LE(BigInt(value));
      return buffer;
    },
    fromJSON: (value: unknown) => BigInt(value as number | string),
    toJSON: (value: bigint) => Number(value),
    isValid: (value: unknown) => (typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX) || Number.isSafeInteger(value),
    compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
  });
}
