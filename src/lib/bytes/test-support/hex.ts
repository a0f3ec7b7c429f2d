/**
 * Hex for tests. Byte-exact expectations are written as hex text with the fields spaced apart (often
 * one field a line, with a comment naming it), and bytes are compared as hex strings so that a failure
 * shows where they differ. Every layer's tests may import this (it is in `lib`, the lowest layer).
 */

const WHITESPACE = /\s+/g;
const WHOLE_BYTES = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * `hexText` joins hex parts and drops their whitespace (spaces, tabs, newlines): the form `hexOf`
 * returns, to compare with it. Letter case is kept. It throws on a character that is not a hex digit
 * or an odd number of digits, where `Buffer.from(s, 'hex')` would silently stop early.
 */
export function hexText(...parts: string[]): string {
  const text = parts.join('').replace(WHITESPACE, '');
  if (!WHOLE_BYTES.test(text)) {
    throw new Error(`hexText: not whole hex bytes: ${JSON.stringify(text)}`);
  }
  return text;
}

/** `hexBytes` decodes hex parts, whitespace ignored, into bytes: `hexBytes('00 01', 'ff')` is 00 01 ff. */
export function hexBytes(...parts: string[]): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(Buffer.from(hexText(...parts), 'hex'));
}

/** `hexOf` renders bytes as lowercase hex without separators. */
export function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** `upperHexOf` is `hexOf` in uppercase, the form Smooth Streaming manifests write (CodecPrivateData). */
export function upperHexOf(bytes: Uint8Array): string {
  return hexOf(bytes).toUpperCase();
}
