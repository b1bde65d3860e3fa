import { describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import { frame, frameSize, messageIndexesSize, readFrame, writeFrame } from '../../src/serde/wire.js';

function thrownCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof KontractError) return error.code;
    throw error;
  }
  throw new Error('expected a KontractError');
}

describe('Confluent wire format', () => {
  it('frames a payload: magic byte 0, the schema id big-endian, the payload', () => {
    const bytes = frame(0x01020304, Buffer.from('payload'));
    expect([...bytes.subarray(0, 5)]).toEqual([0, 1, 2, 3, 4]);
    expect(bytes.subarray(5).toString()).toBe('payload');
    expect(readFrame(bytes, { messageIndexes: false })).toEqual({ schemaId: 0x01020304, payloadOffset: 5 });
  });

  it('reads ids up to 2^31-1', () => {
    const bytes = frame(2 ** 31 - 1, Buffer.alloc(0));
    expect(readFrame(bytes, { messageIndexes: false }).schemaId).toBe(2 ** 31 - 1);
  });

  it('writes the message indexes [0] as the single byte 0, and reads it back as [0]', () => {
    const bytes = frame(7, Buffer.from([0x0a, 0x01, 0x61]), [0]);
    expect([...bytes]).toEqual([0, 0, 0, 0, 7, 0, 0x0a, 0x01, 0x61]);
    expect(readFrame(bytes, { messageIndexes: true })).toEqual({ schemaId: 7, messageIndexes: [0], payloadOffset: 6 });
    expect(messageIndexesSize([0])).toBe(1);
    expect(messageIndexesSize([])).toBe(1);
  });

  it('reads the full index form of [0] too: count 1, index 0', () => {
    const bytes = Buffer.from([0, 0, 0, 0, 7, 2, 0, 0x0a]);
    expect(readFrame(bytes, { messageIndexes: true })).toEqual({ schemaId: 7, messageIndexes: [0], payloadOffset: 7 });
  });

  it('writes other indexes as zig-zag varints: the count, then each index', () => {
    // [1, 0]: count 2 → 4, 1 → 2, 0 → 0
    expect([...frame(1, Buffer.alloc(0), [1, 0]).subarray(5)]).toEqual([4, 2, 0]);
    // [0, 2, 70]: count 3 → 6, 0 → 0, 2 → 4, 70 → 140 (two varint bytes: 0x8c 0x01)
    const bytes = frame(1, Buffer.from([9]), [0, 2, 70]);
    expect([...bytes.subarray(5)]).toEqual([6, 0, 4, 0x8c, 0x01, 9]);
    expect(readFrame(bytes, { messageIndexes: true })).toEqual({ schemaId: 1, messageIndexes: [0, 2, 70], payloadOffset: 10 });
    expect(frameSize([0, 2, 70])).toBe(10);
  });

  it('writes the frame in place, in front of a payload written into the same buffer', () => {
    const target = Buffer.alloc(frameSize([3]) + 2);
    const offset = writeFrame(target, 42, [3]);
    target.set([0xaa, 0xbb], offset);
    expect(readFrame(target, { messageIndexes: true })).toEqual({ schemaId: 42, messageIndexes: [3], payloadOffset: offset });
  });

  it('rejects data without the magic byte (UNKNOWN_MAGIC_BYTE), cut-short frames and index lists (PAYLOAD_INVALID)', () => {
    expect(thrownCode(() => readFrame(Buffer.from('{"a":1}'), { messageIndexes: false }))).toBe('UNKNOWN_MAGIC_BYTE');
    expect(thrownCode(() => readFrame(Buffer.from([0, 0, 0]), { messageIndexes: false }))).toBe('PAYLOAD_INVALID');
    expect(thrownCode(() => readFrame(Buffer.alloc(0), { messageIndexes: false }))).toBe('PAYLOAD_INVALID');
    expect(thrownCode(() => readFrame(Buffer.from([0, 0, 0, 0, 1]), { messageIndexes: true }))).toBe('PAYLOAD_INVALID');
    expect(thrownCode(() => readFrame(Buffer.from([0, 0, 0, 0, 1, 4, 2]), { messageIndexes: true }))).toBe('PAYLOAD_INVALID');
    // A negative count (an odd zig-zag value) is not a list.
    expect(thrownCode(() => readFrame(Buffer.from([0, 0, 0, 0, 1, 3, 0]), { messageIndexes: true }))).toBe('PAYLOAD_INVALID');
  });
});
