import { describe, expect, it } from 'vitest';
import { SHORT_TEXT_BYTES, utf8Text } from '../../src/serde/text.js';

describe('utf8Text', () => {
  it('reads ASCII of every length around the short-text limit exactly as Node does', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-_.:/ ~';
    for (let length = 0; length <= SHORT_TEXT_BYTES + 4; length++) {
      const text = alphabet.slice(0, length);
      // Inside a larger buffer, as a field of a message.
      const buffer = Buffer.from(`<<${text}>>`);
      expect(utf8Text(buffer, 2, 2 + length)).toBe(text);
    }
  });

  it('reads multi-byte characters, in short and long text, exactly as Node does', () => {
    for (const text of ['é', 'ça', 'ü€', '日本', '😀', 'a😀b', 'naïve', 'Zürich — Genève', '日本語のテキスト']) {
      const buffer = Buffer.from(`#${text}#`);
      expect(utf8Text(buffer, 1, buffer.length - 1), text).toBe(text);
    }
  });

  it('reads malformed UTF-8 as Node does (U+FFFD for what cannot be decoded)', () => {
    for (const bytes of [[0xff], [0x61, 0xe6, 0x97], [0xc3], [0x80, 0x61], [0xed, 0xa0, 0x80], [0x61, 0x62, 0xf0, 0x9f, 0x98]]) {
      const buffer = Buffer.from(bytes);
      expect(utf8Text(buffer, 0, buffer.length), JSON.stringify(bytes)).toBe(buffer.toString('utf8'));
    }
  });
});
