import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexBytes, hexOf } from '../../lib/bytes/test-support/hex.js';
import { removeEmulationPrevention } from './emulation-prevention.js';

/** NAL unit bytes → RBSP (ITU-T H.264 §7.4.1: each 0x000003 loses its 0x03). */
const cases: { name: string; bytes: Uint8Array; value: Uint8Array }[] = [
  { name: 'no emulation prevention', bytes: hexBytes('6764001f acd9'), value: hexBytes('6764001f acd9') },
  { name: 'one three byte', bytes: hexBytes('67 000003 01'), value: hexBytes('67 0000 01') },
  { name: 'three byte at the end', bytes: hexBytes('67 000003'), value: hexBytes('67 0000') },
  { name: 'consecutive sequences', bytes: hexBytes('00000300000300'), value: hexBytes('0000000000') },
  { name: '0x03 after a single zero is kept', bytes: hexBytes('67 0003 00'), value: hexBytes('67 0003 00') },
  {
    name: 'a kept 0x03 does not start a new count',
    bytes: hexBytes('000003 03 0000 03 02'),
    value: hexBytes('0000 03 0000 02'),
  },
  { name: 'empty', bytes: hexBytes(''), value: hexBytes('') },
];

/** Reference encoder: insert 0x03 after two zeros when the next byte is 0..3 (H.264 §7.4.1). */
function addEmulationPrevention(rbsp: Uint8Array): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (const b of rbsp) {
    if (zeros >= 2 && b <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}

describe('removeEmulationPrevention', () => {
  for (const c of cases) {
    it(`unescapes ${c.name}`, () => {
      expect(hexOf(removeEmulationPrevention(c.bytes))).toBe(hexOf(c.value));
    });
  }

  it('returns the input itself when nothing is escaped', () => {
    const nal = hexBytes('6764001f');
    expect(removeEmulationPrevention(nal)).toBe(nal);
  });

  it('inverts the reference escaping of random payloads (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }).map((b) => b.map((v) => (v < 8 ? 0 : v))),
        (rbsp) => {
          expect(hexOf(removeEmulationPrevention(addEmulationPrevention(rbsp)))).toBe(hexOf(rbsp));
        },
      ),
      { numRuns: 1000, seed: 17 },
    );
  });
});
