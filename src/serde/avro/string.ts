/**
 * Avro `string` read through {@link utf8Text}. avsc decodes every string with Node's UTF-8 decoder, whose
 * fixed cost per call dominates the short strings events are full of (ids, codes, enum-like values); this
 * subclass reads those from their bytes and leaves writing, validation, skipping and resolution to avsc.
 *
 * Like FirstMatchUnionType it overrides avsc 5.7's internal read hook (`_read`) on the prototype (avsc
 * freezes primitive instances in their constructor), which is why avsc is pinned.
 */
import avro from 'avsc';
import { utf8Text } from '../text.js';

/** The parts of avsc's Tap (its read cursor over a buffer) that reading a string uses. */
interface Tap {
  buf: Buffer;
  pos: number;
  readLong(): number;
}

export class TextType extends avro.types.StringType {}

const prototype = TextType.prototype as unknown as { _read(tap: Tap): string | undefined };

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
