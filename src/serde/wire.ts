/**
 * Confluent's wire format: a magic byte 0, the schema id as a 4-byte big-endian integer, then — for
 * Protobuf only — the message indexes naming the message inside the schema, then the payload.
 *
 * Message indexes are zig-zag varints: the count, then each index. The overwhelmingly common `[0]` (the
 * first top-level message) is written as the single byte 0 (a count of zero); readers accept both that
 * shortcut and the full form `[1, 0]`.
 *
 * Writers here put the header into a buffer the caller allocated for header and payload together, so a
 * serialized message is one allocation (no concatenation of small buffers on the hot path).
 */
import { KontractError } from '../errors.js';

/** The first byte of every framed message. */
export const MAGIC_BYTE = 0;
/** Magic byte plus schema id. */
export const HEADER_BYTES = 5;

/** What the frame of a message says. */
export interface WireFrame {
  schemaId: number;
  /** Protobuf only: the message indexes (the `[0]` shortcut already expanded). */
  messageIndexes?: number[];
  /** Where the payload starts. */
  payloadOffset: number;
}

function zigZag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

function unZigZag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}

function writeVarint(target: Buffer, offset: number, value: number): number {
  while (value >= 0x80) {
    target[offset++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 0x80);
  }
  target[offset++] = value;
  return offset;
}

/** True for `[0]`, which is written as the single byte 0. */
function isFirstMessage(indexes: readonly number[]): boolean {
  return indexes.length === 1 && indexes[0] === 0;
}

/** Bytes the message-index list takes on the wire. */
export function messageIndexesSize(indexes: readonly number[]): number {
  if (indexes.length === 0 || isFirstMessage(indexes)) return 1;
  let size = varintSize(zigZag(indexes.length));
  for (const index of indexes) size += varintSize(zigZag(index));
  return size;
}

/** Bytes of the frame before the payload. `messageIndexes` only for Protobuf. */
export function frameSize(messageIndexes?: readonly number[]): number {
  return messageIndexes === undefined ? HEADER_BYTES : HEADER_BYTES + messageIndexesSize(messageIndexes);
}

/**
 * Writes the frame (magic byte, schema id, message indexes when given) at `at` (default: the start of
 * `target`); returns where the payload goes.
 */
export function writeFrame(target: Buffer, schemaId: number, messageIndexes?: readonly number[], at = 0): number {
  target[at] = MAGIC_BYTE;
  target.writeInt32BE(schemaId, at + 1);
  if (messageIndexes === undefined) return at + HEADER_BYTES;
  if (messageIndexes.length === 0 || isFirstMessage(messageIndexes)) {
    target[at + HEADER_BYTES] = 0;
    return at + HEADER_BYTES + 1;
  }
  let offset = writeVarint(target, at + HEADER_BYTES, zigZag(messageIndexes.length));
  for (const index of messageIndexes) offset = writeVarint(target, offset, zigZag(index));
  return offset;
}

/** A framed message: the frame followed by `payload`, in one new buffer. Convenience for tests and tools. */
export function frame(schemaId: number, payload: Uint8Array, messageIndexes?: readonly number[]): Buffer {
  const size = frameSize(messageIndexes);
  const target = Buffer.allocUnsafe(size + payload.length);
  writeFrame(target, schemaId, messageIndexes);
  target.set(payload, size);
  return target;
}

/** What a reader of the frame needs besides the bytes. */
export interface ReadFrameOptions {
  /** Read the Protobuf message-index list after the schema id. */
  messageIndexes: boolean;
  /** For error context. */
  topic?: string;
}

/**
 * Reads the frame of a message. Throws `UNKNOWN_MAGIC_BYTE` when the first byte is not 0 (the data was
 * not written by a schema-registry serializer) and `PAYLOAD_INVALID` when the frame is cut short.
 */
export function readFrame(data: Uint8Array, options: ReadFrameOptions): WireFrame {
  if (data.length < HEADER_BYTES || data[0] !== MAGIC_BYTE) {
    if (data.length > 0 && data[0] !== MAGIC_BYTE) {
      throw new KontractError('UNKNOWN_MAGIC_BYTE', `The message starts with byte ${data[0]}, not the schema registry's magic byte 0.`, {
        hint: 'The producer did not use a schema-registry serializer (plain JSON or string?); read this topic with a codec that matches what is written to it.',
        context: { topic: options.topic, magicByte: data[0] },
      });
    }
    throw new KontractError('PAYLOAD_INVALID', `The message is ${data.length} byte(s) long; a schema-registry frame needs at least ${HEADER_BYTES}.`, {
      hint: 'The message is empty or cut short; it was not written by a schema-registry serializer.',
      context: { topic: options.topic, size: data.length },
    });
  }
  const schemaId = ((data[1]! << 24) | (data[2]! << 16) | (data[3]! << 8) | data[4]!) >>> 0;
  if (!options.messageIndexes) return { schemaId, payloadOffset: HEADER_BYTES };
  let offset = HEADER_BYTES;
  const readIndex = (): number => {
    let value = 0;
    let scale = 1;
    for (let shift = 0; shift < 35; shift += 7) {
      if (offset >= data.length) break;
      const byte = data[offset++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return unZigZag(value);
      scale *= 0x80;
    }
    throw new KontractError('PAYLOAD_INVALID', 'The Protobuf message-index list after the schema id is cut short or malformed.', {
      hint: 'Confluent Protobuf framing puts the message indexes after the schema id; this message was written without them or is corrupt.',
      context: { topic: options.topic, schemaId },
    });
  };
  const count = readIndex();
  if (count === 0) return { schemaId, messageIndexes: [0], payloadOffset: offset };
  if (count < 0 || count > 64) {
    throw new KontractError('PAYLOAD_INVALID', `The Protobuf message-index list claims ${count} indexes.`, {
      hint: 'Confluent Protobuf framing puts the message indexes after the schema id; this message was written without them (e.g. by @kafkajs/confluent-schema-registry) or is corrupt.',
      context: { topic: options.topic, schemaId },
    });
  }
  const messageIndexes: number[] = [];
  for (let i = 0; i < count; i++) messageIndexes.push(readIndex());
  return { schemaId, messageIndexes, payloadOffset: offset };
}
