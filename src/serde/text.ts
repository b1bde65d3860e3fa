/**
 * UTF-8 text out of a consumed buffer. Node's decoder (`utf8Slice`, what `toString('utf8')` ends in) costs
 * about 60 ns per call whatever the length, which dominates the short strings events are full of (ids, codes,
 * enum-like values, map keys); those are built here from their bytes instead, in a fraction of that.
 */

/** Node's Buffer decodes UTF-8 fastest through `utf8Slice` (what `toString('utf8')` calls after checking its arguments). */
interface Utf8SliceBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
}

const fromCharCodes = String.fromCharCode;

/** Longest text built without Node's decoder. */
export const SHORT_TEXT_BYTES = 16;

/** The UTF-8 text of bytes `start` to `end` of `buffer` (malformed sequences read as U+FFFD, as Node reads them). */
export function utf8Text(buffer: Buffer, start: number, end: number): string {
  return end - start <= SHORT_TEXT_BYTES ? shortText(buffer, start, end) : (buffer as Utf8SliceBuffer).utf8Slice(start, end);
}

/** Text of at most {@link SHORT_TEXT_BYTES} bytes: ASCII directly, anything else through Node's decoder. */
function shortText(buffer: Buffer, start: number, end: number): string {
  for (let i = start; i < end; i++) if (buffer[i]! >= 0x80) return (buffer as Utf8SliceBuffer).utf8Slice(start, end);
  const b = buffer;
  const i = start;
  // One call with the character codes as arguments builds the string in one step (no concatenation).
  switch (end - start) {
    case 0:
      return '';
    case 1:
      return fromCharCodes(b[i]!);
    case 2:
      return fromCharCodes(b[i]!, b[i + 1]!);
    case 3:
      return fromCharCodes(b[i]!, b[i + 1]!, b[i + 2]!);
    case 4:
      return fromCharCodes(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!);
    case 5:
      return fromCharCodes(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!);
    case 6:
      return fromCharCodes(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!);
    case 7:
      return fromCharCodes(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!);
    case 8:
      return fromCharCodes(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    case 9:
      return fromCharCodes(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!, b[i + 8]!);
    case 10:
      return fromCharCodes(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!, b[i + 8]!, b[i + 9]!);
    case 11:
      return fromCharCodes(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!, b[i + 8]!, b[i + 9]!, b[i + 10]!);
    case 12:
      return fromCharCodes(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!, b[i + 8]!, b[i + 9]!, b[i + 10]!, b[i + 11]!);
    case 13:
      return fromCharCodes(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!, b[i + 8]!, b[i + 9]!, b[i + 10]!, b[i + 11]!, b[i + 12]!);
    case 14:
      return fromCharCodes(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!, b[i + 8]!, b[i + 9]!, b[i + 10]!, b[i + 11]!, b[i + 12]!, b[i + 13]!);
    case 15:
      return fromCharCodes(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!, b[i + 8]!, b[i + 9]!, b[i + 10]!, b[i + 11]!, b[i + 12]!, b[i + 13]!, b[i + 14]!);
    default:
      return fromCharCodes(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!, b[i + 8]!, b[i + 9]!, b[i + 10]!, b[i + 11]!, b[i + 12]!, b[i + 13]!, b[i + 14]!, b[i + 15]!);
  }
}
