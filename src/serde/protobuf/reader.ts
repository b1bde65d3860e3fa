/**
 * A Protobuf wire reader over a Buffer. Malformed input (a varint or a length running past the end, an
 * unknown wire type) throws {@link ProtoWireError}; the decoder turns it into a `PAYLOAD_INVALID` error.
 */
import { utf8Text } from '../text.js';

const TWO_32 = 4294967296;

export class ProtoWireError extends Error {
  override name = 'ProtoWireError';
}

export class ProtoReader {
  pos: number;
  end: number;
  /** The halves of the last 64-bit value read with {@link varint64} or {@link fixed64}. */
  lo = 0;
  hi = 0;

  constructor(
    readonly buffer: Buffer,
    start: number,
    end: number,
  ) {
    this.pos = start;
    this.end = end;
  }

  private truncated(): never {
    throw new ProtoWireError(`the message ends in the middle of a value (at byte ${this.pos})`);
  }

  /** A varint as an unsigned 32-bit number (upper bits of longer varints are dropped, as protoc does for int32). */
  uint32(): number {
    const buffer = this.buffer;
    let pos = this.pos;
    if (pos >= this.end) this.truncated();
    let byte = buffer[pos++]!;
    let value = byte & 127;
    if (byte < 128) {
      this.pos = pos;
      return value;
    }
    for (let shift = 7; shift < 70; shift += 7) {
      if (pos >= this.end) this.truncated();
      byte = buffer[pos++]!;
      if (shift < 32) value |= (byte & 127) << shift;
      if (byte < 128) {
        this.pos = pos;
        return value >>> 0;
      }
    }
    throw new ProtoWireError(`a varint is longer than 10 bytes (at byte ${this.pos})`);
  }

  int32(): number {
    return this.uint32() | 0;
  }

  sint32(): number {
    const value = this.uint32();
    return ((value >>> 1) ^ -(value & 1)) | 0;
  }

  /** Reads a varint into {@link lo}/{@link hi}. */
  varint64(): void {
    const buffer = this.buffer;
    let lo = 0;
    let hi = 0;
    let pos = this.pos;
    let shift = 0;
    for (; shift < 28; shift += 7) {
      if (pos >= this.end) this.truncated();
      const byte = buffer[pos++]!;
      lo |= (byte & 127) << shift;
      if (byte < 128) {
        this.pos = pos;
        this.lo = lo >>> 0;
        this.hi = 0;
        return;
      }
    }
    if (pos >= this.end) this.truncated();
    let byte = buffer[pos++]!;
    lo |= (byte & 127) << 28;
    hi = (byte & 127) >> 4;
    if (byte >= 128) {
      for (shift = 3; shift < 32; shift += 7) {
        if (pos >= this.end) this.truncated();
        byte = buffer[pos++]!;
        hi |= (byte & 127) << shift;
        if (byte < 128) break;
      }
      if (byte >= 128) throw new ProtoWireError(`a varint is longer than 10 bytes (at byte ${this.pos})`);
    }
    this.pos = pos;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  fixed32(): number {
    if (this.pos + 4 > this.end) this.truncated();
    const value = this.buffer.readUInt32LE(this.pos);
    this.pos += 4;
    return value;
  }

  sfixed32(): number {
    return this.fixed32() | 0;
  }

  fixed64(): void {
    if (this.pos + 8 > this.end) this.truncated();
    this.lo = this.buffer.readUInt32LE(this.pos);
    this.hi = this.buffer.readUInt32LE(this.pos + 4);
    this.pos += 8;
  }

  float(): number {
    if (this.pos + 4 > this.end) this.truncated();
    const value = this.buffer.readFloatLE(this.pos);
    this.pos += 4;
    return value;
  }

  double(): number {
    if (this.pos + 8 > this.end) this.truncated();
    const value = this.buffer.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  bool(): boolean {
    return this.uint32() !== 0;
  }

  /** The end offset of a length-delimited value starting here (after its length prefix). */
  lengthDelimitedEnd(): number {
    const length = this.uint32();
    const end = this.pos + length;
    if (end > this.end) this.truncated();
    return end;
  }

  /** A copy of the bytes, so the value does not keep the whole consumed message alive. */
  bytes(): Buffer {
    const end = this.lengthDelimitedEnd();
    const value = Buffer.from(this.buffer.subarray(this.pos, end));
    this.pos = end;
    return value;
  }

  string(): string {
    const end = this.lengthDelimitedEnd();
    const start = this.pos;
    this.pos = end;
    return utf8Text(this.buffer, start, end);
  }

  /** Skips a value of `wireType` (unknown fields: protobuf's evolution rule is to ignore them). */
  skip(wireType: number, fieldNumber: number): void {
    switch (wireType) {
      case 0:
        this.varint64();
        return;
      case 1:
        if (this.pos + 8 > this.end) this.truncated();
        this.pos += 8;
        return;
      case 2:
        this.pos = this.lengthDelimitedEnd();
        return;
      case 3:
        for (;;) {
          const tag = this.uint32();
          const innerWireType = tag & 7;
          if (innerWireType === 4) {
            if (tag >>> 3 !== fieldNumber) throw new ProtoWireError(`a group of field ${fieldNumber} ends with the end tag of field ${tag >>> 3}`);
            return;
          }
          this.skip(innerWireType, tag >>> 3);
        }
      case 5:
        if (this.pos + 4 > this.end) this.truncated();
        this.pos += 4;
        return;
      default:
        throw new ProtoWireError(`unknown wire type ${wireType} for field ${fieldNumber} (at byte ${this.pos})`);
    }
  }
}

/** The value of 64-bit halves as a number: `undefined` when it is not a safe integer. */
export function halvesToNumber(lo: number, hi: number, signed: boolean): number | undefined {
  if (signed && hi >>> 31) {
    let negLo = (~lo + 1) >>> 0;
    let negHi = ~hi >>> 0;
    if (negLo === 0) negHi = (negHi + 1) >>> 0;
    const magnitude = negLo + negHi * TWO_32;
    return negHi >= 0x200000 ? undefined : -magnitude;
  }
  return hi >= 0x200000 ? undefined : lo + hi * TWO_32;
}

export function halvesToBigInt(lo: number, hi: number, signed: boolean): bigint {
  const unsigned = (BigInt(hi) << 32n) | BigInt(lo);
  return signed ? BigInt.asIntN(64, unsigned) : unsigned;
}

/** Undoes zig-zag encoding of 64-bit halves (sint64); returns the new halves in `out`. */
export function unZigZag64(lo: number, hi: number, out: { lo: number; hi: number }): void {
  const mask = -(lo & 1);
  out.lo = (((lo >>> 1) | (hi << 31)) ^ mask) >>> 0;
  out.hi = ((hi >>> 1) ^ mask) >>> 0;
}
