import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesReplay, fuzzParameters } from '../../lib/bytes/test-support/fuzz-replay.js';
import { hexBytes, hexOf } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { FLV_VIDEO_TAG_FUZZ } from '../test-support/fuzz-fixtures.js';
import {
  encodeAvcVideoBody,
  encodeEnhancedVideoBody,
  encodeLegacyHevcVideoBody,
  type EnhancedVideoBodyInput,
} from './flv-video-body.js';
import { parseFlvVideoTag, type FlvVideoPacket } from './flv-video-tag.js';

const AVCC = hexBytes('01 64001f ff e1 0004 6764001f 01 0004 68ee3cb0');
const NALUS = hexBytes('00000002 0910 00000003 65888f');
const HVCC = hexBytes('01 01 60000000 b00000000000 5d f000 fc fd f8 f8 0000 0f 00');
const LONG_MODEX = '00'.repeat(257);

function coded(
  fourCc: 'avc1' | 'hvc1' | 'av01' | 'vp09',
  frameType: number,
  compositionTime: number,
  body: Uint8Array,
  extra: { trackId?: number; timestampOffsetNano?: number } = {},
): FlvVideoPacket {
  return {
    type: 'coded-frames',
    fourCc,
    trackId: extra.trackId ?? 0,
    frameType,
    keyframe: frameType === 1 || frameType === 4,
    compositionTime,
    timestampOffsetNano: extra.timestampOffsetNano ?? 0,
    body,
  };
}

/** One table drives decoding, byte-exact encoding (where `encode` is given) and the fuzz seeds. */
const cases: { name: string; bytes: Uint8Array; value: FlvVideoPacket; encode?: () => Uint8Array }[] = [
  {
    name: 'legacy avc sequence header',
    bytes: concat(hexBytes('17 00 000000'), AVCC),
    value: { type: 'sequence-start', fourCc: 'avc1', trackId: 0, body: AVCC },
    encode: () => encodeAvcVideoBody({ packetType: 'sequence-start', body: AVCC }),
  },
  {
    name: 'legacy avc keyframe with composition time 80',
    bytes: concat(hexBytes('17 01 000050'), NALUS),
    value: coded('avc1', 1, 80, NALUS),
    encode: () =>
      encodeAvcVideoBody({ packetType: 'coded-frames', keyframe: true, compositionTime: 80, body: NALUS }),
  },
  {
    name: 'legacy avc inter frame with negative composition time -40',
    bytes: concat(hexBytes('27 01 ffffd8'), NALUS),
    value: coded('avc1', 2, -40, NALUS),
    encode: () => encodeAvcVideoBody({ packetType: 'coded-frames', compositionTime: -40, body: NALUS }),
  },
  {
    name: 'legacy avc smallest composition time -2^23',
    bytes: concat(hexBytes('27 01 800000'), NALUS),
    value: coded('avc1', 2, -0x80_0000, NALUS),
    encode: () =>
      encodeAvcVideoBody({ packetType: 'coded-frames', compositionTime: -0x80_0000, body: NALUS }),
  },
  {
    name: 'legacy avc end of sequence',
    bytes: hexBytes('17 02 000000'),
    value: { type: 'sequence-end', fourCc: 'avc1', trackId: 0 },
    encode: () => encodeAvcVideoBody({ packetType: 'sequence-end' }),
  },
  {
    name: 'legacy hevc (codec id 12) sequence header',
    bytes: concat(hexBytes('1c 00 000000'), HVCC),
    value: { type: 'sequence-start', fourCc: 'hvc1', trackId: 0, body: HVCC },
    encode: () => encodeLegacyHevcVideoBody({ packetType: 'sequence-start', body: HVCC }),
  },
  {
    name: 'legacy hevc (codec id 12) inter frame',
    bytes: concat(hexBytes('2c 01 000028'), NALUS),
    value: coded('hvc1', 2, 40, NALUS),
    encode: () => encodeLegacyHevcVideoBody({ packetType: 'coded-frames', compositionTime: 40, body: NALUS }),
  },
  {
    name: 'legacy command frame',
    bytes: hexBytes('57 01'),
    value: { type: 'ignored', reason: 'video command frame' },
  },
  {
    name: 'legacy sorenson h.263',
    bytes: hexBytes('22 0000'),
    value: { type: 'unsupported', codec: 'sorenson h.263' },
  },
  { name: 'legacy on2 vp6', bytes: hexBytes('14 00'), value: { type: 'unsupported', codec: 'on2 vp6' } },
  {
    name: 'legacy reserved codec 13',
    bytes: hexBytes('1d 00'),
    value: { type: 'unsupported', codec: 'reserved video codec id 13' },
  },
  {
    name: 'enhanced hvc1 sequence start',
    bytes: concat(hexBytes('90 68766331'), HVCC),
    value: { type: 'sequence-start', fourCc: 'hvc1', trackId: 0, body: HVCC },
    encode: () => encodeEnhancedVideoBody({ packetType: 'sequence-start', fourCc: 'hvc1', body: HVCC }),
  },
  {
    name: 'enhanced hvc1 coded frames (keyframe, cts 40)',
    bytes: concat(hexBytes('91 68766331 000028'), NALUS),
    value: coded('hvc1', 1, 40, NALUS),
    encode: () =>
      encodeEnhancedVideoBody({
        packetType: 'coded-frames',
        fourCc: 'hvc1',
        keyframe: true,
        compositionTime: 40,
        body: NALUS,
      }),
  },
  {
    name: 'enhanced hvc1 coded frames x (inter, no cts)',
    bytes: concat(hexBytes('a3 68766331'), NALUS),
    value: coded('hvc1', 2, 0, NALUS),
    encode: () => encodeEnhancedVideoBody({ packetType: 'coded-frames-x', fourCc: 'hvc1', body: NALUS }),
  },
  {
    name: 'enhanced avc1 coded frames with negative cts',
    bytes: concat(hexBytes('a1 61766331 fffff6'), NALUS),
    value: coded('avc1', 2, -10, NALUS),
    encode: () =>
      encodeEnhancedVideoBody({
        packetType: 'coded-frames',
        fourCc: 'avc1',
        compositionTime: -10,
        body: NALUS,
      }),
  },
  {
    name: 'enhanced hvc1 sequence end',
    bytes: hexBytes('92 68766331'),
    value: { type: 'sequence-end', fourCc: 'hvc1', trackId: 0 },
    encode: () => encodeEnhancedVideoBody({ packetType: 'sequence-end', fourCc: 'hvc1' }),
  },
  {
    name: 'enhanced av01 coded frames carry no composition time',
    bytes: hexBytes('91 61763031 12000a0b'),
    value: coded('av01', 1, 0, hexBytes('12000a0b')),
    encode: () =>
      encodeEnhancedVideoBody({
        packetType: 'coded-frames',
        fourCc: 'av01',
        keyframe: true,
        body: hexBytes('12000a0b'),
      }),
  },
  {
    name: 'enhanced vp09 sequence start',
    bytes: hexBytes('90 76703039 01000000'),
    value: { type: 'sequence-start', fourCc: 'vp09', trackId: 0, body: hexBytes('01000000') },
    encode: () =>
      encodeEnhancedVideoBody({ packetType: 'sequence-start', fourCc: 'vp09', body: hexBytes('01000000') }),
  },
  {
    name: 'enhanced metadata (colorInfo) is ignored',
    bytes: hexBytes('94 68766331 02 0009 636f6c6f72496e666f'),
    value: { type: 'ignored', reason: 'video metadata' },
  },
  {
    name: 'enhanced mpeg-2 ts sequence start is ignored',
    bytes: hexBytes('95 61763031 80'),
    value: { type: 'ignored', reason: 'mpeg-2 ts sequence start' },
  },
  {
    name: 'enhanced command frame',
    bytes: hexBytes('d1 00'),
    value: { type: 'ignored', reason: 'video command frame' },
  },
  {
    name: 'enhanced unknown fourcc vvc1',
    bytes: hexBytes('91 76766331 000000'),
    value: { type: 'unsupported', codec: 'vvc1' },
  },
  {
    name: 'enhanced unprintable fourcc',
    bytes: hexBytes('91 00000001'),
    value: { type: 'unsupported', codec: '0x00000001' },
  },
  {
    name: 'enhanced modex timestamp offset nano',
    bytes: concat(hexBytes('97 02 0f423f 01 68766331 000000'), NALUS),
    value: coded('hvc1', 1, 0, NALUS, { timestampOffsetNano: 999_999 }),
  },
  {
    name: 'enhanced modex with a 16-bit size and an unknown type, then two chained',
    bytes: concat(hexBytes(`97 ff 0100 ${LONG_MODEX} 17 00 aa 03 68766331`), NALUS),
    value: coded('hvc1', 1, 0, NALUS),
  },
  {
    name: 'enhanced one-track multitrack',
    bytes: concat(hexBytes('96 01 68766331 02 000014'), NALUS),
    value: coded('hvc1', 1, 20, NALUS, { trackId: 2 }),
  },
  {
    name: 'enhanced many-track multitrack',
    bytes: hexBytes('96 11 68766331 00 000004 00000000'),
    value: { type: 'unsupported', codec: 'multitrack' },
  },
  {
    name: 'enhanced many-track many-codec multitrack',
    bytes: hexBytes('96 21 68766331 00 000004 00000000'),
    value: { type: 'unsupported', codec: 'multitrack' },
  },
];

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}

function errorCode(bytes: Uint8Array): string | undefined {
  try {
    parseFlvVideoTag(bytes);
  } catch (e) {
    return e instanceof MediaFormatError ? e.code : `not a MediaFormatError: ${String(e)}`;
  }
  return undefined;
}

describe('parseFlvVideoTag', () => {
  for (const c of cases) {
    it(`decodes ${c.name}`, () => {
      expect(parseFlvVideoTag(c.bytes)).toEqual(c.value);
    });
    const encode = c.encode;
    if (encode !== undefined) {
      it(`encodes ${c.name} byte-exact`, () => {
        expect(hexOf(encode())).toBe(hexOf(c.bytes));
      });
    }
  }

  it('returns bodies as views into the payload, not copies', () => {
    const payload = concat(hexBytes('17 01 000000'), NALUS);
    const p = parseFlvVideoTag(payload);
    expect(p.type).toBe('coded-frames');
    if (p.type === 'coded-frames') {
      expect(p.body.buffer).toBe(payload.buffer);
      expect(p.body.byteOffset).toBe(5);
    }
  });

  const bad: { name: string; bytes: Uint8Array; code: string }[] = [
    { name: 'empty payload', bytes: hexBytes(''), code: 'truncated' },
    { name: 'legacy avc without packet type', bytes: hexBytes('17'), code: 'truncated' },
    { name: 'legacy avc cut inside the composition time', bytes: hexBytes('17 01 00'), code: 'truncated' },
    { name: 'legacy avc packet type 3', bytes: hexBytes('17 03 000000'), code: 'flv-bad-packet-type' },
    { name: 'enhanced reserved packet type 8', bytes: hexBytes('98 68766331'), code: 'flv-bad-packet-type' },
    { name: 'enhanced cut inside the fourcc', bytes: hexBytes('90 6876'), code: 'truncated' },
    {
      name: 'enhanced hvc1 coded frames cut inside the cts',
      bytes: hexBytes('91 68766331 00'),
      code: 'truncated',
    },
    { name: 'multitrack inside multitrack', bytes: hexBytes('96 06 68766331'), code: 'flv-bad-packet-type' },
    { name: 'modex inside multitrack', bytes: hexBytes('96 07 68766331'), code: 'flv-bad-packet-type' },
    { name: 'modex data cut off', bytes: hexBytes('97 05 0102'), code: 'truncated' },
    { name: 'modex without the next packet type', bytes: hexBytes('97 00 01'), code: 'truncated' },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with MediaFormatError ${c.code}`, () => {
      expect(errorCode(c.bytes)).toBe(c.code);
    });
  }

  it('rejects composition times outside SI24 and cts on packets that cannot carry it', () => {
    expect(() => encodeAvcVideoBody({ packetType: 'coded-frames', compositionTime: 0x80_0000 })).toThrow(
      RangeError,
    );
    expect(() => encodeAvcVideoBody({ packetType: 'coded-frames', compositionTime: 1.5 })).toThrow(
      RangeError,
    );
    expect(() =>
      encodeEnhancedVideoBody({ packetType: 'coded-frames-x', fourCc: 'hvc1', compositionTime: 40 }),
    ).toThrow(RangeError);
    expect(() =>
      encodeEnhancedVideoBody({ packetType: 'coded-frames', fourCc: 'av01', compositionTime: 40 }),
    ).toThrow(RangeError);
  });

  it('decodes what the encoders write (property)', () => {
    const input = fc.record({
      packetType: fc.constantFrom<EnhancedVideoBodyInput['packetType']>(
        'sequence-start',
        'coded-frames',
        'coded-frames-x',
        'sequence-end',
      ),
      fourCc: fc.constantFrom<EnhancedVideoBodyInput['fourCc']>('avc1', 'hvc1', 'av01', 'vp09'),
      keyframe: fc.boolean(),
      compositionTime: fc.integer({ min: -0x80_0000, max: 0x7f_ffff }),
      body: fc.uint8Array({ maxLength: 32 }),
      legacy: fc.boolean(),
    });
    fc.assert(
      fc.property(input, (i) => {
        const withCts = i.packetType === 'coded-frames' && (i.fourCc === 'avc1' || i.fourCc === 'hvc1');
        const cts = withCts ? i.compositionTime : 0;
        const legacy =
          i.legacy && (i.fourCc === 'avc1' || i.fourCc === 'hvc1') && i.packetType !== 'coded-frames-x';
        const bytes = legacy
          ? (i.fourCc === 'avc1' ? encodeAvcVideoBody : encodeLegacyHevcVideoBody)({
              packetType: i.packetType as 'sequence-start' | 'coded-frames' | 'sequence-end',
              keyframe: i.keyframe,
              compositionTime: cts,
              body: i.body,
            })
          : encodeEnhancedVideoBody({ ...i, compositionTime: cts });
        const p = parseFlvVideoTag(bytes);
        if (i.packetType === 'sequence-end') {
          expect(p).toEqual({ type: 'sequence-end', fourCc: i.fourCc, trackId: 0 });
        } else if (i.packetType === 'sequence-start') {
          expect(p).toEqual({ type: 'sequence-start', fourCc: i.fourCc, trackId: 0, body: i.body });
        } else {
          expect(p).toEqual(coded(i.fourCc, i.keyframe ? 1 : 2, cts, i.body));
        }
      }),
      { numRuns: 1000, seed: 3 },
    );
  });

  it('never throws anything but MediaFormatError on random or mutated input (fuzz)', () => {
    const seeds = [...cases.map((c) => c.bytes), ...bad.map((c) => c.bytes)];
    const mutated = fc
      .tuple(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(),
      )
      .map(([seed, flips, cut]) => {
        const b = Uint8Array.from(seed);
        for (const [i, v] of flips) {
          if (b.length > 0) {
            b[i % b.length] = v;
          }
        }
        return b.subarray(0, b.length === 0 ? 0 : cut % (b.length + 1));
      });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 64 })), (bytes) => {
        try {
          parseFlvVideoTag(bytes);
        } catch (e) {
          if (!(e instanceof MediaFormatError)) {
            throw e;
          }
        }
      }),
      fuzzParameters({ numRuns: 5000, seed: 42 }, bytesReplay(FLV_VIDEO_TAG_FUZZ)),
    );
  });
});
