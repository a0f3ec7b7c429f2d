import { describe, expect, it } from 'vitest';
import { hexBytes, hexOf, hexText, upperHexOf } from './hex.js';

describe('hexText', () => {
  it('joins parts and drops spaces, tabs and newlines, keeping letter case', () => {
    expect(hexText('00 01', '\n\tFF ', 'ab')).toBe('0001FFab');
    expect(hexText()).toBe('');
  });

  it.each([
    ['an odd number of digits', '0'],
    ['a character that is not a hex digit', '00 0g'],
    ['a comment left in the text', '00 // size'],
  ])('throws on %s', (_name, text) => {
    expect(() => hexText(text)).toThrow(/not whole hex bytes/);
  });
});

describe('hexBytes', () => {
  it('decodes hex text into bytes', () => {
    expect(Array.from(hexBytes('00 01 ff'))).toEqual([0x00, 0x01, 0xff]);
    expect(Array.from(hexBytes('0001', '\nFf'))).toEqual([0x00, 0x01, 0xff]);
    expect(hexBytes('')).toEqual(new Uint8Array());
  });

  it('returns a plain Uint8Array of its own', () => {
    const bytes = hexBytes('aabb');
    expect(bytes.constructor).toBe(Uint8Array);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(2);
  });
});

describe('hexOf', () => {
  it('renders bytes as lowercase hex', () => {
    expect(hexOf(Uint8Array.of(0x00, 0x0a, 0xff))).toBe('000aff');
    expect(hexOf(new Uint8Array())).toBe('');
  });

  it('renders only the bytes of a view, not the whole buffer', () => {
    const whole = Uint8Array.of(1, 2, 3, 4, 5);
    expect(hexOf(whole.subarray(1, 3))).toBe('0203');
    expect(hexOf(Buffer.from([0xab]))).toBe('ab');
  });

  it('round-trips hexBytes', () => {
    expect(hexOf(hexBytes('DE AD be ef'))).toBe('deadbeef');
  });

  it('upperHexOf renders uppercase', () => {
    expect(upperHexOf(Uint8Array.of(0xab, 0x01))).toBe('AB01');
  });
});
