// Decimal conversions as a service using raw avsc writes them (BigInt, exact): the "same work" baselines of the
// serde and kafka-e2e entries convert kontract's decimal text to avsc's bytes and back with these.

/** The unscaled two's-complement bytes of decimal text at `scale` (minimal length). */
export function decimalBytes(text, scale) {
  const [whole, fraction = ''] = text.split('.');
  let unscaled = BigInt(`${whole}${fraction.padEnd(scale, '0')}`);
  let length = 1;
  while (unscaled < -(1n << BigInt(8 * length - 1)) || unscaled >= 1n << BigInt(8 * length - 1)) length++;
  if (unscaled < 0n) unscaled += 1n << BigInt(8 * length);
  const bytes = Buffer.alloc(length);
  for (let i = length - 1; i >= 0; i--, unscaled >>= 8n) bytes[i] = Number(unscaled & 0xffn);
  return bytes;
}

/** Decimal text of two's-complement unscaled bytes at `scale`, the other way round. */
export function decimalText(bytes, scale) {
  let unscaled = 0n;
  for (const byte of bytes) unscaled = (unscaled << 8n) | BigInt(byte);
  if (bytes.length > 0 && bytes[0] >= 128) unscaled -= 1n << BigInt(8 * bytes.length);
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
}
