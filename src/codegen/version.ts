/**
 * The kontract version written into every generated file's header. Kept as a constant so the pure
 * generator needs no file reads; a test checks it against `package.json`.
 */
export const KONTRACT_VERSION = '0.1.0';
