import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MediaFormatError } from '../media-format-error.js';
import { BitReader } from './bit-reader.js';
import { BIT_READER_FUZZ, type BitReaderOp } from './test-support/fuzz-fixtures.js';
import { fuzzParameters } from './test-support/fuzz-replay.js';
import { hexBytes, hexOf } from './test-support/hex.js';

type Op = BitReaderOp;

/** Bit strings (written as '0'/'1' text) and the values their reads give. */
const cases: { name: string; bits: string; ops: Op[]; value: (number | boolean | undefined)[] }[] = [
  {
    name: 'u(3) u(5)',
    bits: '101 00011',
    ops: [
      ['u', 3],
      ['u', 5],
    ],
    value: [5, 3],
  },
  { name: 'u(12) across bytes', bits: '1111 0000 1010 0000', ops: [['u', 12]], value: [0xf0a] },
  {
    name: 'u(32) all ones stays unsigned',
    bits: '1'.repeat(32),
    ops: [['u', 32]],
    value: [0xffff_ffff],
  },
  {
    name: 'u(0) reads nothing',
    bits: '1000 0000',
    ops: [
      ['u', 0],
      ['u', 1],
    ],
    value: [0, 1],
  },
  // H.264 Table 9-2: codeNum 0..6 are 1, 010, 011, 00100, 00101, 00110, 00111.
  {
    name: 'ue codeNums 0..4',
    bits: '1 010 011 00100 00101 0000',
    ops: [['ue'], ['ue'], ['ue'], ['ue'], ['ue']],
    value: [0, 1, 2, 3, 4],
  },
  // H.264 Table 9-3: codeNum 1 → +1, 2 → −1, 3 → +2, 4 → −2.
  {
    name: 'se maps codeNums to signed values',
    bits: '1 010 011 00100 00101 0000',
    ops: [['se'], ['se'], ['se'], ['se'], ['se']],
    value: [0, 1, -1, 2, -2],
  },
  {
    name: 'flag and skip',
    bits: '1 0000 1 00',
    ops: [['flag'], ['skip', 4], ['flag']],
    value: [true, undefined, true],
  },
  {
    name: 'largest ue (31 leading zeros)',
    bits: '0'.repeat(31) + '1' + '1'.repeat(31) + '0',
    ops: [['ue']],
    value: [2 ** 32 - 2],
  },
];

function bytesOf(bits: string): Uint8Array {
  const clean = bits.replace(/\s+/g, '');
  const out = new Uint8Array(Math.ceil(clean.length / 8));
  for (let i = 0; i < clean.length; i++) {
    if (clean[i] === '1') {
      out[i >> 3]! |= 0x80 >> (i & 7);
    }
  }
  return out;
}

function run(r: BitReader, op: Op): number | boolean | undefined {
  switch (op[0]) {
    case 'u':
      return r.u(op[1]);
    case 'ue':
      return r.ue();
    case 'se':
      return r.se();
    case 'flag':
      return r.flag();
    case 'skip':
      r.skip(op[1]);
      return undefined;
  }
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof MediaFormatError ? e.code : `not a MediaFormatError: ${String(e)}`;
  }
  return undefined;
}

describe('BitReader', () => {
  for (const c of cases) {
    it(`reads ${c.name}`, () => {
      const r = new BitReader(bytesOf(c.bits));
      expect(c.ops.map((op) => run(r, op))).toEqual(c.value);
    });
  }

  it('starts at a byte offset and tracks position, alignment and bits left', () => {
    const r = new BitReader(Uint8Array.of(0xff, 0b1010_0000, 0x01), 1);
    expect(r.bitPosition).toBe(8);
    expect(r.u(3)).toBe(5);
    expect(r.byteAligned).toBe(false);
    expect(r.bitsLeft).toBe(13);
    r.byteAlign();
    expect(r.bitPosition).toBe(16);
    expect(r.u(8)).toBe(1);
    expect(r.bitsLeft).toBe(0);
  });

  it('throws truncated past the end, with the byte offset of the failing read', () => {
    const r = new BitReader(Uint8Array.of(0xff));
    r.u(6);
    let err: unknown;
    try {
      r.u(3, 'level_idc');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MediaFormatError);
    expect((err as MediaFormatError).code).toBe('truncated');
    expect((err as MediaFormatError).message).toContain('level_idc');
    expect((err as MediaFormatError).offset).toBe(0);
  });

  it('rejects an exp-golomb prefix longer than 31 zeros', () => {
    expect(codeOf(() => new BitReader(new Uint8Array(5)).ue())).toBe('bad-exp-golomb');
  });

  it('rejects an exp-golomb code cut off after its prefix', () => {
    expect(codeOf(() => new BitReader(Uint8Array.of(0x00, 0x01)).ue())).toBe('truncated');
  });

  it('rejects bit counts outside 0..32 as a programming error', () => {
    expect(() => new BitReader(new Uint8Array(8)).u(33)).toThrow(RangeError);
    expect(() => new BitReader(new Uint8Array(8)).skip(-1)).toThrow(RangeError);
  });

  it('reads back what a reference bit writer wrote (property)', () => {
    const field = fc.oneof(
      fc
        .integer({ min: 1, max: 32 })
        .chain((n) =>
          fc.tuple(fc.constant<'u'>('u'), fc.constant(n), fc.integer({ min: 0, max: 2 ** n - 1 })),
        ),
      fc.tuple(fc.constant<'ue'>('ue'), fc.constant(0), fc.integer({ min: 0, max: 2 ** 32 - 2 })),
      fc.tuple(fc.constant<'se'>('se'), fc.constant(0), fc.integer({ min: -(2 ** 30), max: 2 ** 30 })),
    );
    fc.assert(
      fc.property(fc.array(field, { maxLength: 20 }), (fields) => {
        let bits = '';
        for (const [kind, n, v] of fields) {
          if (kind === 'u') {
            bits += v.toString(2).padStart(n, '0');
          } else {
            const code = kind === 'ue' ? v : v > 0 ? 2 * v - 1 : -2 * v;
            const s = (code + 1).toString(2);
            bits += '0'.repeat(s.length - 1) + s;
          }
        }
        const r = new BitReader(bytesOf(bits));
        for (const [kind, n, v] of fields) {
          expect(kind === 'u' ? r.u(n) : kind === 'ue' ? r.ue() : r.se()).toBe(v);
        }
        expect(r.bitsLeft).toBeLessThan(8);
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it('never throws anything but MediaFormatError on random input (fuzz)', () => {
    const ops = fc.array(fc.constantFrom<Op>(['u', 7], ['u', 32], ['ue'], ['se'], ['flag'], ['skip', 5]), {
      maxLength: 40,
    });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), ops, (bytes, list) => {
        const r = new BitReader(bytes);
        try {
          for (const op of list) {
            run(r, op);
          }
        } catch (e) {
          if (!(e instanceof MediaFormatError)) {
            throw e;
          }
        }
      }),
      fuzzParameters(
        { numRuns: 2000, seed: 5 },
        {
          set: BIT_READER_FUZZ,
          args: (f): [Uint8Array<ArrayBuffer>, Op[]] => [hexBytes(f.hex), [...f.ops]],
          fields: ([bytes, ops]) => ({ hex: hexOf(bytes), ops }),
        },
      ),
    );
  });
});
