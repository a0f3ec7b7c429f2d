import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { hexBytes, hexOf, hexText } from '../../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../../lib/media-format-error.js';
import { type BoxRange, readBoxRanges } from '../reader/box-range.js';
import { MAX_TFRF_ENTRIES, parseTfrf, tfrfBox, writeTfrf } from './tfrf.js';
import { type FragmentTime, parseTfxd, tfxdBox, writeTfxd } from './tfxd.js';
import { extendedType, hasExtendedType, uuidText } from './uuid-box.js';

const TFXD_UUID = '6d1d9b05 42d544e6 80e2141d aff757b2';
const TFRF_UUID = 'd4807ef2 ca394695 8e5426cb 9e46a79f';

interface UuidCase<T> {
  readonly name: string;
  readonly value: T;
  readonly bytes: string;
}

function firstBox(bytes: Uint8Array): BoxRange {
  const [box] = readBoxRanges(bytes);
  expect(box).toEqual({ type: 'uuid', start: 0, headerSize: 8, end: bytes.length });
  return box as BoxRange;
}

/** Byte-exact encode of version 1 boxes, decode of the same bytes back. */
function uuidTable<T>(
  name: string,
  write: (w: ByteWriter, value: T) => void,
  parse: (bytes: Uint8Array, box: BoxRange) => unknown,
  cases: readonly UuidCase<T>[],
): void {
  describe(name, () => {
    for (const c of cases) {
      it(`encodes ${c.name} byte-exact`, () => {
        const w = new ByteWriter();
        write(w, c.value);
        expect(hexOf(w.view())).toBe(c.bytes);
      });
      it(`decodes ${c.name}`, () => {
        const bytes = hexBytes(c.bytes);
        expect(parse(bytes, firstBox(bytes))).toEqual(c.value);
      });
    }
  });
}

uuidTable<FragmentTime>('tfxd', writeTfxd, parseTfxd, [
  {
    name: 'a 2 s video fragment at 10 s',
    value: { fragmentAbsoluteTime: 900_000, fragmentDuration: 180_000 },
    bytes: hexText(
      '0000002c 75756964', // size 44, 'uuid'
      TFXD_UUID, // extended type 6D1D9B05-42D5-44E6-80E2-141DAFF757B2
      '01 000000', // version 1 (64-bit times), flags 0
      '00000000 000dbba0', // fragment_absolute_time 900000
      '00000000 0002bf20', // fragment_duration 180000
    ),
  },
  {
    name: 'a time past 2^32 (13 h at 90 kHz)',
    value: { fragmentAbsoluteTime: 0x1_0000_0005, fragmentDuration: 1024 },
    bytes: hexText(
      '0000002c 75756964',
      TFXD_UUID,
      '01 000000',
      '00000001 00000005', // high word 1, low word 5
      '00000000 00000400', // 1024
    ),
  },
  {
    name: 'the largest safe integer',
    value: { fragmentAbsoluteTime: Number.MAX_SAFE_INTEGER, fragmentDuration: 0 },
    bytes: hexText('0000002c 75756964', TFXD_UUID, '01 000000', '001fffff ffffffff', '00000000 00000000'),
  },
]);

uuidTable<FragmentTime[]>('tfrf', (w, v) => writeTfrf(w, v), parseTfrf, [
  {
    name: 'no entries (the live edge)',
    value: [],
    bytes: hexText(
      '0000001d 75756964', // size 29, 'uuid'
      TFRF_UUID, // extended type D4807EF2-CA39-4695-8E54-26CB9E46A79F
      '01 000000', // version 1, flags 0
      '00', // fragment_count 0
    ),
  },
  {
    name: 'two look-ahead fragments',
    value: [
      { fragmentAbsoluteTime: 180_000, fragmentDuration: 180_000 },
      { fragmentAbsoluteTime: 360_000, fragmentDuration: 177_000 },
    ],
    bytes: hexText(
      '0000003d 75756964', // size 61 = 29 + 2 × 16
      TFRF_UUID,
      '01 000000',
      '02', // fragment_count 2
      '00000000 0002bf20 00000000 0002bf20', // 180000, 180000
      '00000000 00057e40 00000000 0002b368', // 360000, 177000
    ),
  },
]);

describe('version 0 boxes (32-bit times) as older servers wrote them', () => {
  it('reads a version 0 tfxd', () => {
    const bytes = hexBytes('00000024 75756964', TFXD_UUID, '00 000000', '000dbba0', '0002bf20');
    expect(parseTfxd(bytes, firstBox(bytes))).toEqual({
      fragmentAbsoluteTime: 900_000,
      fragmentDuration: 180_000,
    });
  });
  it('reads a version 0 tfrf', () => {
    const bytes = hexBytes('00000025 75756964', TFRF_UUID, '00 000000', '01', '0002bf20 0002bf20');
    expect(parseTfrf(bytes, firstBox(bytes))).toEqual([
      { fragmentAbsoluteTime: 180_000, fragmentDuration: 180_000 },
    ]);
  });
});

describe('uuid box helpers', () => {
  it('turns the text form of a UUID into its bytes and back', () => {
    const type = extendedType('6D1D9B05-42D5-44E6-80E2-141DAFF757B2');
    expect(hexOf(type)).toBe(hexText(TFXD_UUID));
    expect(uuidText(type)).toBe('6D1D9B05-42D5-44E6-80E2-141DAFF757B2');
  });
  it('rejects a UUID that is not 32 hex digits', () => {
    expect(() => extendedType('6D1D9B05-42D5')).toThrow(/32 hex digits/);
  });
  it('tells a tfxd from a tfrf by its extended type', () => {
    const bytes = tfxdBox({ fragmentAbsoluteTime: 1, fragmentDuration: 2 });
    const box = firstBox(bytes);
    expect(hasExtendedType(bytes, box, extendedType('6D1D9B05-42D5-44E6-80E2-141DAFF757B2'))).toBe(true);
    expect(hasExtendedType(bytes, box, extendedType('D4807EF2-CA39-4695-8E54-26CB9E46A79F'))).toBe(false);
  });
});

describe('Smooth boxes reject', () => {
  it.each([
    [
      'a negative tfxd time',
      () => writeTfxd(new ByteWriter(), { fragmentAbsoluteTime: -1, fragmentDuration: 1 }),
    ],
    ['a tfxd duration past 2^53', () => tfxdBox({ fragmentAbsoluteTime: 0, fragmentDuration: 2 ** 53 })],
    ['a fractional tfrf time', () => tfrfBox([{ fragmentAbsoluteTime: 0.5, fragmentDuration: 1 }])],
  ])('%s', (_name, run) => {
    expect(run).toThrow(RangeError);
  });

  it(`a tfrf with more than ${MAX_TFRF_ENTRIES} entries (FragmentCount is one byte)`, () => {
    const entries = Array.from({ length: 256 }, (_, i) => ({ fragmentAbsoluteTime: i, fragmentDuration: 1 }));
    expect(() => tfrfBox(entries)).toThrow(/at most 255 entries, got 256/);
  });

  const malformed: [string, string, (b: Uint8Array, box: BoxRange) => unknown, string][] = [
    [
      'a tfrf read as a tfxd',
      hexText('0000001d 75756964', TFRF_UUID, '01000000 00'),
      parseTfxd,
      'fmp4-bad-uuid',
    ],
    [
      'a tfxd read as a tfrf',
      hexText('00000024 75756964', TFXD_UUID, '00000000 00000001 00000002'),
      parseTfrf,
      'fmp4-bad-uuid',
    ],
    [
      'a tfxd of version 2',
      hexText('0000002c 75756964', TFXD_UUID, '02000000', '00'.repeat(16)),
      parseTfxd,
      'fmp4-bad-version',
    ],
    ['a cut tfxd', hexText('00000020 75756964', TFXD_UUID, '01000000 00000000'), parseTfxd, 'truncated'],
    [
      'a tfrf claiming more entries than it holds',
      hexText('0000002d 75756964', TFRF_UUID, '01000000 02', '00'.repeat(16)),
      parseTfrf,
      'fmp4-bad-count',
    ],
  ];
  it.each(malformed)('%s', (_name, text, parse, code) => {
    const bytes = hexBytes(text);
    expect(() => parse(bytes, firstBox(bytes))).toThrow(expect.objectContaining({ code }));
  });
});

describe('Smooth boxes property', () => {
  const time = fc.record({ fragmentAbsoluteTime: fc.maxSafeNat(), fragmentDuration: fc.maxSafeNat() });

  it('give back every time and duration', () => {
    fc.assert(
      fc.property(time, fc.array(time, { maxLength: MAX_TFRF_ENTRIES }), (tfxd, entries) => {
        const x = tfxdBox(tfxd);
        expect(parseTfxd(x, firstBox(x))).toEqual(tfxd);
        const r = tfrfBox(entries);
        expect(parseTfrf(r, firstBox(r))).toEqual(entries);
      }),
      { numRuns: 300, seed: 1201 },
    );
  });

  it('fail only with MediaFormatError on random payloads', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ maxLength: 80 }), (isTfxd, payload) => {
        const w = new ByteWriter();
        w.u32(8 + 16 + payload.length).ascii('uuid');
        w.bytes(
          extendedType(
            isTfxd ? '6D1D9B05-42D5-44E6-80E2-141DAFF757B2' : 'D4807EF2-CA39-4695-8E54-26CB9E46A79F',
          ),
        );
        w.bytes(payload);
        const bytes = w.view();
        try {
          (isTfxd ? parseTfxd : parseTfrf)(bytes, firstBox(bytes));
        } catch (e) {
          expect(e).toBeInstanceOf(MediaFormatError);
        }
      }),
      { numRuns: 500, seed: 1202 },
    );
  });
});
