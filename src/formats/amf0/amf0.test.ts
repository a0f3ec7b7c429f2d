import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesReplay, fuzzParameters } from '../../lib/bytes/test-support/fuzz-replay.js';
import { hexBytes, hexOf } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { AMF0_FUZZ } from '../test-support/fuzz-fixtures.js';
import { decodeAmf0 } from './amf0-decoder.js';
import { encodeAmf0 } from './amf0-encoder.js';
import {
  Amf0Date,
  Amf0EcmaArray,
  Amf0Reference,
  Amf0TypedObject,
  Amf0Unsupported,
  Amf0Xml,
  amf0Properties,
  type Amf0Value,
} from './amf0-value.js';

/** One table drives decoding, byte-exact encoding and the fuzz seeds. */
const cases: { name: string; bytes: Uint8Array; value: Amf0Value[] }[] = [
  { name: 'number zero', bytes: hexBytes('00 0000000000000000'), value: [0] },
  { name: 'number 1.5', bytes: hexBytes('00 3ff8000000000000'), value: [1.5] },
  { name: 'boolean true', bytes: hexBytes('01 01'), value: [true] },
  { name: 'boolean false', bytes: hexBytes('01 00'), value: [false] },
  { name: 'string connect', bytes: hexBytes('02 0007 636f6e6e656374'), value: ['connect'] },
  { name: 'empty string', bytes: hexBytes('02 0000'), value: [''] },
  { name: 'utf-8 string', bytes: hexBytes('02 0002 c3a9'), value: ['é'] },
  { name: 'null', bytes: hexBytes('05'), value: [null] },
  { name: 'undefined', bytes: hexBytes('06'), value: [undefined] },
  {
    name: 'object',
    bytes: hexBytes('03 0003 617070 02 0004 6c697665 0000 09'),
    value: [{ app: 'live' }],
  },
  {
    name: 'ecma array (onMetaData)',
    bytes: hexBytes('08 00000001 0005 7769647468 00 4094000000000000 0000 09'),
    value: [new Amf0EcmaArray({ width: 1280 })],
  },
  { name: 'strict array', bytes: hexBytes('0a 00000002 00 3ff0000000000000 05'), value: [[1, null]] },
  { name: 'date', bytes: hexBytes('0b 4272d2a552820000 0000'), value: [new Amf0Date(1293495380000, 0)] },
  {
    name: 'typed object',
    bytes: hexBytes('10 0001 41 0001 78 01 01 0000 09'),
    value: [new Amf0TypedObject('A', { x: true })],
  },
  { name: 'xml document', bytes: hexBytes('0f 00000003 3c612f'), value: [new Amf0Xml('<a/')] },
  { name: 'reference', bytes: hexBytes('07 0002'), value: [new Amf0Reference(2)] },
  { name: 'unsupported', bytes: hexBytes('0d'), value: [new Amf0Unsupported()] },
  {
    name: 'command sequence',
    bytes: hexBytes('02 0007 5f726573756c74 00 3ff0000000000000 05'),
    value: ['_result', 1, null],
  },
];

describe('AMF0', () => {
  for (const c of cases) {
    it(`decodes ${c.name}`, () => {
      expect(decodeAmf0(c.bytes)).toEqual(c.value);
    });
    it(`encodes ${c.name} byte-exact`, () => {
      expect(hexOf(encodeAmf0(...c.value))).toBe(hexOf(c.bytes));
    });
  }

  it('encodes strings longer than 0xffff bytes as long strings and decodes them back', () => {
    const s = 'x'.repeat(70_000);
    const bytes = encodeAmf0(s);
    expect(bytes[0]).toBe(0x0c);
    expect(decodeAmf0(bytes)).toEqual([s]);
  });

  it('accepts an object whose end marker is cut off at the end of the message', () => {
    expect(decodeAmf0(hexBytes('03 0001 61 01 01 0000'))).toEqual([{ a: true }]);
  });

  it('does not let a __proto__ key change the prototype of decoded objects', () => {
    const [v] = decodeAmf0(hexBytes('03 0009 5f5f70726f746f5f5f 03 0001 78 01 01 0000 09 0000 09'));
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v as object)).toEqual(['__proto__']);
  });

  it('reads properties of objects and ECMA arrays alike', () => {
    expect(amf0Properties(new Amf0EcmaArray({ a: 1 }))).toEqual({ a: 1 });
    expect(amf0Properties({ b: 2 })).toEqual({ b: 2 });
    expect(amf0Properties('x')).toBeUndefined();
  });

  it('decodes the AMF3 switch (0x11) inside AMF0', () => {
    // 0x11 switch, AMF3 object: dynamic anonymous, members width=640 (int), codec="x"
    const bytes = hexBytes('11 0a 0b 01 0b 7769647468 04 8500 0b 636f646563 06 0378 01');
    expect(decodeAmf0(bytes)).toEqual([{ width: 640, codec: 'x' }]);
  });

  const bad: { name: string; bytes: Uint8Array; code: string }[] = [
    { name: 'unknown marker', bytes: hexBytes('42'), code: 'amf0-bad-marker' },
    { name: 'truncated number', bytes: hexBytes('00 3ff0'), code: 'truncated' },
    { name: 'truncated string', bytes: hexBytes('02 0010 61'), code: 'truncated' },
    { name: 'huge strict array count', bytes: hexBytes('0a ffffffff'), code: 'amf0-too-large' },
    { name: 'bad object end', bytes: hexBytes('03 0000 05'), code: 'amf0-bad-object-end' },
    { name: 'deep nesting', bytes: hexBytes('0a00000001'.repeat(100) + '05'), code: 'amf0-too-deep' },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with MediaFormatError ${c.code}`, () => {
      let err: unknown;
      try {
        decodeAmf0(c.bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MediaFormatError);
      expect((err as MediaFormatError).code).toBe(c.code);
    });
  }

  it('never throws anything but MediaFormatError on random or mutated input (fuzz)', () => {
    const seeds = cases.map((c) => c.bytes);
    const mutated = fc
      .tuple(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      )
      .map(([seed, flips]) => {
        const b = Uint8Array.from(seed);
        for (const [i, v] of flips) {
          if (b.length > 0) {
            b[i % b.length] = v;
          }
        }
        return b;
      });
    const random = fc.uint8Array({ maxLength: 256 });
    fc.assert(
      fc.property(fc.oneof(mutated, random), (bytes) => {
        try {
          decodeAmf0(bytes);
        } catch (e) {
          if (!(e instanceof MediaFormatError)) {
            throw e;
          }
        }
      }),
      fuzzParameters({ numRuns: 3000, seed: 42 }, bytesReplay(AMF0_FUZZ)),
    );
  });

  it('round-trips random values (property)', () => {
    const leaf = fc.oneof(
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.string(),
      fc.constant(null),
      fc.constant(undefined),
    );
    const value = fc.letrec<{ v: Amf0Value }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.string({ minLength: 1 }), tie('v'), { maxKeys: 4 }),
      ),
    })).v;
    fc.assert(
      fc.property(fc.array(value, { maxLength: 4 }), (vals) => {
        expect(decodeAmf0(encodeAmf0(...vals))).toEqual(vals);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
