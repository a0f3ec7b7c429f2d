import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParameters } from '../../lib/bytes/test-support/fuzz-replay.js';
import { hexBytes, hexOf } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { ANNEXB_FUZZ } from '../test-support/fuzz-fixtures.js';
import { annexbToLengthPrefixed, splitAnnexb } from './annexb.js';
import {
  joinLengthPrefixed,
  lengthPrefixedToAnnexb,
  someNaluHeader,
  splitLengthPrefixed,
} from './length-prefixed.js';

/** Annex B bytes → NAL units (hex); `lengthPrefixed` is the same access unit with 4-byte lengths. */
const cases: { name: string; bytes: Uint8Array; value: string[]; lengthPrefixed?: Uint8Array }[] = [
  {
    name: '4-byte start codes',
    bytes: hexBytes('00000001 6742 00000001 68ce 00000001 6588'),
    value: ['6742', '68ce', '6588'],
    lengthPrefixed: hexBytes('00000002 6742 00000002 68ce 00000002 6588'),
  },
  {
    name: '3-byte start codes',
    bytes: hexBytes('000001 09f0 000001 658880'),
    value: ['09f0', '658880'],
    lengthPrefixed: hexBytes('00000002 09f0 00000003 658880'),
  },
  {
    name: 'trailing zero bytes belong to the next start code',
    bytes: hexBytes('000001 4001 0000 000001 4201'),
    value: ['4001', '4201'],
    lengthPrefixed: hexBytes('00000002 4001 00000002 4201'),
  },
  {
    name: 'bytes before the first start code are skipped',
    bytes: hexBytes('ff 000001 65'),
    value: ['65'],
    lengthPrefixed: hexBytes('00000001 65'),
  },
  { name: 'empty units are dropped', bytes: hexBytes('000001 000001 65'), value: ['65'] },
  { name: 'empty input', bytes: hexBytes(''), value: [], lengthPrefixed: hexBytes('') },
  {
    name: 'escaped 000003 inside a unit is not a start code',
    bytes: hexBytes('000001 65000003 01'),
    value: ['6500000301'],
  },
];

describe('Annex B and length-prefixed NAL units', () => {
  for (const c of cases) {
    it(`splits ${c.name}`, () => {
      expect(splitAnnexb(c.bytes).map(hexOf)).toEqual(c.value);
    });
    const lp = c.lengthPrefixed;
    if (lp !== undefined) {
      it(`converts ${c.name} to length-prefixed byte-exact and back`, () => {
        expect(hexOf(annexbToLengthPrefixed(c.bytes))).toBe(hexOf(lp));
        expect(splitLengthPrefixed(lp, 4).map(hexOf)).toEqual(c.value);
        expect(splitAnnexb(lengthPrefixedToAnnexb(lp, 4)).map(hexOf)).toEqual(c.value);
      });
    }
  }

  it('writes and reads 1- and 2-byte lengths', () => {
    const units = [hexBytes('65aa'), hexBytes('06')];
    expect(hexOf(joinLengthPrefixed(units, 1))).toBe('0265aa0106');
    expect(hexOf(joinLengthPrefixed(units, 2))).toBe('000265aa000106');
    expect(splitLengthPrefixed(hexBytes('000265aa000106'), 2).map(hexOf)).toEqual(['65aa', '06']);
    expect(() => joinLengthPrefixed([new Uint8Array(256)], 1)).toThrow(RangeError);
    expect(() => splitLengthPrefixed(hexBytes('00'), 3)).toThrow(RangeError);
  });

  it('returns views, not copies', () => {
    const bytes = hexBytes('00000001 6742');
    expect(splitAnnexb(bytes)[0]?.buffer).toBe(bytes.buffer);
    expect(splitLengthPrefixed(hexBytes('00000002 6742'), 4)[0]?.byteOffset).toBe(4);
  });

  it('rejects input without a start code and lengths past the end', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof MediaFormatError ? e.code : String(e);
      }
      return undefined;
    };
    expect(code(() => splitAnnexb(hexBytes('6742')))).toBe('annexb-no-start-code');
    expect(code(() => splitLengthPrefixed(hexBytes('00000009 6742'), 4))).toBe('nalu-length-overflow');
    expect(code(() => splitLengthPrefixed(hexBytes('00000002 6742 00'), 4))).toBe('truncated');
  });

  it('finds NAL header bytes without allocating, stopping at malformed lengths', () => {
    const idr = (b: number): boolean => (b & 0x1f) === 5;
    expect(someNaluHeader(hexBytes('00000002 0910 00000001 65'), 4, idr)).toBe(true);
    expect(someNaluHeader(hexBytes('00000002 0910 00000001 41'), 4, idr)).toBe(false);
    expect(someNaluHeader(hexBytes('00000000 00000001 65'), 4, idr)).toBe(true);
    expect(someNaluHeader(hexBytes('00000009 65'), 4, idr)).toBe(false);
    expect(someNaluHeader(hexBytes(''), 4, idr)).toBe(false);
  });

  it('round-trips random NAL units through both forms (property)', () => {
    // No 0x00 or 0x01 bytes: no start code inside a unit and no trailing zero, as in real NAL units.
    const unit = fc.uint8Array({ minLength: 1, maxLength: 24 }).map((b) => b.map((v) => (v < 2 ? v + 2 : v)));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 6 }), fc.constantFrom(1, 2, 4), (units, size) => {
        const lp = joinLengthPrefixed(units, size);
        expect(splitLengthPrefixed(lp, size).map(hexOf)).toEqual(units.map(hexOf));
        expect(splitAnnexb(lengthPrefixedToAnnexb(lp, size)).map(hexOf)).toEqual(units.map(hexOf));
      }),
      { numRuns: 500, seed: 23 },
    );
  });

  it('never throws anything but MediaFormatError on random input (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(1, 2, 4), (bytes, size) => {
        for (const f of [() => splitAnnexb(bytes), () => splitLengthPrefixed(bytes, size)]) {
          try {
            f();
          } catch (e) {
            if (!(e instanceof MediaFormatError)) {
              throw e;
            }
          }
        }
        someNaluHeader(bytes, size, () => false);
      }),
      fuzzParameters(
        { numRuns: 2000, seed: 29 },
        {
          set: ANNEXB_FUZZ,
          args: (f): [Uint8Array<ArrayBuffer>, 1 | 2 | 4] => [hexBytes(f.hex), f.nalLengthSize],
          fields: ([bytes, nalLengthSize]) => ({ hex: hexOf(bytes), nalLengthSize }),
        },
      ),
    );
  });
});
