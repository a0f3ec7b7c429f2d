import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesReplay, fuzzParameters } from '../../lib/bytes/test-support/fuzz-replay.js';
import { hexBytes, hexOf } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { FLV_AUDIO_TAG_FUZZ } from '../test-support/fuzz-fixtures.js';
import { encodeAacAudioBody, encodeEnhancedAacAudioBody } from './flv-audio-body.js';
import { parseFlvAudioTag, type FlvAudioPacket } from './flv-audio-tag.js';

/** AAC-LC, 48 kHz (index 3), stereo: 00010 0011 0010 000. */
const ASC = hexBytes('1190');
const FRAME = hexBytes('21 1b 94 00 07');

/** One table drives decoding, byte-exact encoding (where `encode` is given) and the fuzz seeds. */
const cases: { name: string; bytes: Uint8Array; value: FlvAudioPacket; encode?: () => Uint8Array }[] = [
  {
    name: 'legacy aac sequence header',
    bytes: hexBytes('af 00 1190'),
    value: { type: 'sequence-start', fourCc: 'mp4a', trackId: 0, body: ASC },
    encode: () => encodeAacAudioBody({ packetType: 'sequence-start', body: ASC }),
  },
  {
    name: 'legacy aac raw frame',
    bytes: hexBytes('af 01 211b940007'),
    value: { type: 'coded-frames', fourCc: 'mp4a', trackId: 0, timestampOffsetNano: 0, body: FRAME },
    encode: () => encodeAacAudioBody({ packetType: 'coded-frames', body: FRAME }),
  },
  {
    name: 'legacy aac raw frame flagged mono',
    bytes: hexBytes('ae 01 211b940007'),
    value: { type: 'coded-frames', fourCc: 'mp4a', trackId: 0, timestampOffsetNano: 0, body: FRAME },
    encode: () => encodeAacAudioBody({ packetType: 'coded-frames', body: FRAME, stereo: false }),
  },
  {
    name: 'legacy aac with other rate/size/type bits',
    bytes: hexBytes('a2 01 211b940007'),
    value: { type: 'coded-frames', fourCc: 'mp4a', trackId: 0, timestampOffsetNano: 0, body: FRAME },
  },
  { name: 'silence (empty message)', bytes: hexBytes(''), value: { type: 'ignored', reason: 'silence' } },
  { name: 'legacy mp3', bytes: hexBytes('2f fffb'), value: { type: 'unsupported', codec: 'mp3' } },
  { name: 'legacy speex', bytes: hexBytes('b2 00'), value: { type: 'unsupported', codec: 'speex' } },
  {
    name: 'legacy g.711 a-law',
    bytes: hexBytes('72 00'),
    value: { type: 'unsupported', codec: 'g.711 a-law' },
  },
  {
    name: 'legacy nellymoser',
    bytes: hexBytes('6e 00'),
    value: { type: 'unsupported', codec: 'nellymoser' },
  },
  {
    name: 'legacy reserved 12',
    bytes: hexBytes('c0'),
    value: { type: 'unsupported', codec: 'reserved sound format 12' },
  },
  {
    name: 'enhanced mp4a sequence start',
    bytes: hexBytes('90 6d703461 1190'),
    value: { type: 'sequence-start', fourCc: 'mp4a', trackId: 0, body: ASC },
    encode: () => encodeEnhancedAacAudioBody({ packetType: 'sequence-start', body: ASC }),
  },
  {
    name: 'enhanced mp4a coded frames',
    bytes: hexBytes('91 6d703461 211b940007'),
    value: { type: 'coded-frames', fourCc: 'mp4a', trackId: 0, timestampOffsetNano: 0, body: FRAME },
    encode: () => encodeEnhancedAacAudioBody({ packetType: 'coded-frames', body: FRAME }),
  },
  {
    name: 'enhanced mp4a sequence end',
    bytes: hexBytes('92 6d703461'),
    value: { type: 'sequence-end', fourCc: 'mp4a', trackId: 0 },
    encode: () => encodeEnhancedAacAudioBody({ packetType: 'sequence-end' }),
  },
  { name: 'enhanced Opus', bytes: hexBytes('90 4f707573 00'), value: { type: 'unsupported', codec: 'Opus' } },
  { name: 'enhanced fLaC', bytes: hexBytes('91 664c6143'), value: { type: 'unsupported', codec: 'fLaC' } },
  { name: 'enhanced ac-3', bytes: hexBytes('91 61632d33'), value: { type: 'unsupported', codec: 'ac-3' } },
  { name: 'enhanced ec-3', bytes: hexBytes('91 65632d33'), value: { type: 'unsupported', codec: 'ec-3' } },
  {
    name: 'enhanced .mp3',
    bytes: hexBytes('91 2e6d7033 fffb'),
    value: { type: 'unsupported', codec: '.mp3' },
  },
  {
    name: 'enhanced multichannel config is ignored',
    bytes: hexBytes('94 6d703461 01 02 00000003'),
    value: { type: 'ignored', reason: 'audio multichannel config' },
  },
  {
    name: 'enhanced modex timestamp offset nano',
    bytes: hexBytes('97 02 000001 01 6d703461 211b940007'),
    value: { type: 'coded-frames', fourCc: 'mp4a', trackId: 0, timestampOffsetNano: 1, body: FRAME },
  },
  {
    name: 'enhanced one-track multitrack',
    bytes: hexBytes('95 01 6d703461 03 211b940007'),
    value: { type: 'coded-frames', fourCc: 'mp4a', trackId: 3, timestampOffsetNano: 0, body: FRAME },
  },
  {
    name: 'enhanced many-track multitrack',
    bytes: hexBytes('95 11 6d703461 00 000001 00'),
    value: { type: 'unsupported', codec: 'multitrack' },
  },
];

function errorCode(bytes: Uint8Array): string | undefined {
  try {
    parseFlvAudioTag(bytes);
  } catch (e) {
    return e instanceof MediaFormatError ? e.code : `not a MediaFormatError: ${String(e)}`;
  }
  return undefined;
}

describe('parseFlvAudioTag', () => {
  for (const c of cases) {
    it(`decodes ${c.name}`, () => {
      expect(parseFlvAudioTag(c.bytes)).toEqual(c.value);
    });
    const encode = c.encode;
    if (encode !== undefined) {
      it(`encodes ${c.name} byte-exact`, () => {
        expect(hexOf(encode())).toBe(hexOf(c.bytes));
      });
    }
  }

  it('returns bodies as views into the payload, not copies', () => {
    const payload = hexBytes('af 01 211b940007');
    const p = parseFlvAudioTag(payload);
    expect(p.type === 'coded-frames' && p.body.buffer === payload.buffer && p.body.byteOffset === 2).toBe(
      true,
    );
  });

  const bad: { name: string; bytes: Uint8Array; code: string }[] = [
    { name: 'aac without packet type', bytes: hexBytes('af'), code: 'truncated' },
    { name: 'aac packet type 2', bytes: hexBytes('af 02 00'), code: 'flv-bad-packet-type' },
    { name: 'enhanced reserved packet type 3', bytes: hexBytes('93 6d703461'), code: 'flv-bad-packet-type' },
    { name: 'enhanced cut inside the fourcc', bytes: hexBytes('90 6d70'), code: 'truncated' },
    { name: 'multitrack inside multitrack', bytes: hexBytes('95 05 6d703461'), code: 'flv-bad-packet-type' },
    { name: 'one-track multitrack without track id', bytes: hexBytes('95 01 6d703461'), code: 'truncated' },
    { name: 'modex data cut off', bytes: hexBytes('97 04 00'), code: 'truncated' },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with MediaFormatError ${c.code}`, () => {
      expect(errorCode(c.bytes)).toBe(c.code);
    });
  }

  it('decodes what the encoders write (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'sequence-start' | 'coded-frames'>('sequence-start', 'coded-frames'),
        fc.uint8Array({ maxLength: 32 }),
        fc.boolean(),
        (packetType, body, enhanced) => {
          const bytes = enhanced
            ? encodeEnhancedAacAudioBody({ packetType, body })
            : encodeAacAudioBody({ packetType, body });
          const p = parseFlvAudioTag(bytes);
          expect(p.type).toBe(packetType);
          expect(
            p.type !== 'ignored' && p.type !== 'unsupported' && p.type !== 'sequence-end' && p.body,
          ).toEqual(body);
        },
      ),
      { numRuns: 500, seed: 9 },
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
          parseFlvAudioTag(bytes);
        } catch (e) {
          if (!(e instanceof MediaFormatError)) {
            throw e;
          }
        }
      }),
      fuzzParameters({ numRuns: 5000, seed: 42 }, bytesReplay(FLV_AUDIO_TAG_FUZZ)),
    );
  });
});
