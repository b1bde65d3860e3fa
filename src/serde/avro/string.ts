/**
 * Avro `string` with faster reads and writes of the short strings events are full of (ids, codes, enum-like
 * values). avsc decodes every string with Node's UTF-8 decoder and asks Node for the UTF-8 length of every
 * string it writes, calls whose fixed cost exceeds the work on a short string; this subclass reads through
 * {@link utf8Text} and writes short ASCII strings in one pass. Validation, skipping, resolution and every
 * other string stay avsc's.
 *
 * Like FirstMatchUnionType it overrides avsc 5.7's internal read hook (`_read`) on the prototype (avsc
 * freezes primitive instances in their constructor), which is why avsc is pinned.
 */
import avro from 'avsc';
import { utf8Text } from '../text.js';

/** The parts of avsc's Tap (its cursor over a buffer) that reading and writing a string use. */
interface Tap {
  buf: Buffer;
  pos: number;
  readLong(): number;
}

export class TextType extends avro.types.StringType {}

type WriteHook = (this: unknown, tap: Tap, value: unknown) => void;

const prototype = TextType.prototype as unknown as { _read(tap: Tap): string | undefined; _write: WriteHook };
const avscWrite = (avro.types.StringType.prototype as unknown as { _write: WriteHook })._write;

// Mirrors avsc's Tap.readString: a negative length invalidates the tap, a length past the end leaves the
// position past the end (the decoder then reports the payload as truncated).
prototype._read = function (tap: Tap): string | undefined {
  const length = tap.readLong();
  const buffer = tap.buf;
  if (length < 0) {
    tap.pos = buffer.length + 1;
    return '';
  }
  const start = tap.pos;
  const end = start + length;
  tap.pos = end;
  if (end > buffer.length) return undefined;
  return utf8Text(buffer, start, end);
};

// ASCII text of fewer than 64 characters (its length prefix, zig-zag encoded, is then one byte) is written in one
// pass without asking Node for its UTF-8 length; anything else (other text, no room left, not a string) goes
// through avsc, which overwrites what this pass started.
prototype._write = function (this: unknown, tap: Tap, value: unknown): void {
  if (typeof value === 'string' && value.length < 64) {
    const buffer = tap.buf;
    const start = tap.pos;
    const length = value.length;
    if (start + 1 + length <= buffer.length) {
      let pos = start + 1;
      let i = 0;
      for (; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) break;
        buffer[pos++] = code;
      }
      if (i === length) {
        buffer[start] = length << 1;
        tap.pos = pos;
        return;
      }
    }
  }
  avscWrite.call(this, tap, value);
};
