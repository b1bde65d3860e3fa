/**
 * A single-pass Protobuf writer over one growable scratch buffer. Length-delimited values (nested
 * messages, strings, packed arrays) reserve the length prefix they most likely need (one byte for
 * messages), write their content, then patch the prefix — moving the content only in the rare case the
 * prefix turns out longer. The finished message is copied once into a buffer of its exact size, after
 * the wire frame written in front of it: one allocation per serialized message.
 *
 * 64-bit integers travel as two unsigned 32-bit halves (`lo`, `hi`), as in protobufjs, so that plain
 * numbers are encoded without BigInt arithmetic.
 */

const INITIAL_CAPACITY = 16 * 1024;
const TWO_32 = 4294967296;

export class ProtoWriter {
  buffer: Buffer = Buffer.allocUnsafe(INITIAL_CAPACITY);
  pos = 0;

  /** Starts a new message at offset `start` (the bytes before it are the caller's). */
  reset(start: number): void {
    this.pos = start;
  }

  /** Makes room for `bytes` more bytes. */
  ensure(bytes: number): void {
    const needed = this.pos + bytes;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    this.buffer.copy(grown, 0, 0, this.pos);
    this.buffer = grown;
  }

  /** A copy of bytes `[0, pos)` in a buffer of exactly that size. */
  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buffer.copy(out, 0, 0, this.pos);
    return out;
  }

  /** An unsigned 32-bit varint (tags, lengths, uint32, and non-negative int32). */
  uint32(value: number): void {
    this.ensure(5);
    const buffer = this.buffer;
    let pos = this.pos;
    while (value > 127) {
      buffer[pos++] = (value & 127) | 128;
      value >>>= 7;
    }
    buffer[pos++] = value;
    this.pos = pos;
  }

  /** int32: negative values take ten bytes (sign-extended to 64 bits), as the spec says. */
  int32(value: number): void {
    if (value < 0) this.varint64(value >>> 0, 0xffffffff);
    else this.uint32(value);
  }

  sint32(value: number): void {
    this.uint32(((value << 1) ^ (value >> 31)) >>> 0);
  }

  varint64(lo: number, hi: number): void {
    this.ensure(10);
    const buffer = this.buffer;
    let pos = this.pos;
    while (hi !== 0) {
      buffer[pos++] = (lo & 127) | 128;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    while (lo > 127) {
      buffer[pos++] = (lo & 127) | 128;
      lo >>>= 7;
    }
    buffer[pos++] = lo;
    this.pos = pos;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.buffer.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  fixed64(lo: number, hi: number): void {
    this.ensure(8);
    this.buffer.writeUInt32LE(lo, this.pos);
    this.buffer.writeUInt32LE(hi, this.pos + 4);
    this.pos += 8;
  }

  float(value: number): void {
    this.ensure(4);
    this.buffer.writeFloatLE(value, this.pos);
    this.pos += 4;
  }

  double(value: number): void {
    this.ensure(8);
    this.buffer.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  bool(value: boolean): void {
    this.ensure(1);
    this.buffer[this.pos++] = value ? 1 : 0;
  }

  bytes(value: Uint8Array): void {
    this.uint32(value.length);
    this.ensure(value.length);
    this.buffer.set(value, this.pos);
    this.pos += value.length;
  }

  string(value: string): void {
    const length = value.length;
    // UTF-8 takes at least one byte per UTF-16 unit and at most three: reserve the prefix for the minimum.
    const reserved = varint32Size(length);
    this.ensure(reserved + length * 3);
    const start = this.pos + reserved;
    const written = length === 0 ? 0 : this.buffer.write(value, start, 'utf8');
    this.pos = start + written;
    this.patchLength(start, reserved, written);
  }

  /**
   * Reserves a length prefix of `reserved` bytes (one suits most nested messages); returns where the
   * content starts. Pass the same `reserved` to {@link endLengthDelimited}.
   */
  beginLengthDelimited(reserved = 1): number {
    this.ensure(reserved);
    this.pos += reserved;
    return this.pos;
  }

  /** Writes the length of the content that started at `start` (see {@link beginLengthDelimited}). */
  endLengthDelimited(start: number, reserved = 1): void {
    this.patchLength(start, reserved, this.pos - start);
  }

  /** Writes `length` into the `reserved` bytes before `start`, moving the content when the varint needs more room. */
  private patchLength(start: number, reserved: number, length: number): void {
    const size = varint32Size(length);
    if (size !== reserved) {
      this.ensure(size - reserved);
      this.buffer.copyWithin(start + size - reserved, start, start + length);
      start += size - reserved;
      this.pos = start + length;
    }
    let pos = start - size;
    const buffer = this.buffer;
    while (length > 127) {
      buffer[pos++] = (length & 127) | 128;
      length >>>= 7;
    }
    buffer[pos] = length;
  }
}

export function varint32Size(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

/** Halves of a 64-bit two's-complement integer given as a safe integer number. */
export function splitNumber(value: number, halves: { lo: number; hi: number }): void {
  const negative = value < 0;
  if (negative) value = -value;
  let lo = value >>> 0;
  let hi = ((value - lo) / TWO_32) >>> 0;
  if (negative) {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
    if (++lo > 0xffffffff) {
      lo = 0;
      if (++hi > 0xffffffff) hi = 0;
    }
  }
  halves.lo = lo;
  halves.hi = hi;
}

/** Halves of a 64-bit integer given as a bigint (wrapped to 64 bits). */
export function splitBigInt(value: bigint, halves: { lo: number; hi: number }): void {
  const unsigned = BigInt.asUintN(64, value);
  halves.lo = Number(unsigned & 0xffffffffn);
  halves.hi = Number(unsigned >> 32n);
}

/** Zig-zag encodes 64-bit halves in place (sint64). */
export function zigZag64(halves: { lo: number; hi: number }): void {
  const mask = halves.hi >> 31;
  halves.hi = (((halves.hi << 1) | (halves.lo >>> 31)) ^ mask) >>> 0;
  halves.lo = ((halves.lo << 1) ^ mask) >>> 0;
}
