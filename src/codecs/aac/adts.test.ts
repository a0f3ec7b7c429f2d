import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesReplay, fuzzParameters } from '../../lib/bytes/test-support/fuzz-replay.js';
import { hexBytes, hexOf } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { ADTS_FUZZ } from '../test-support/fuzz-fixtures.js';
import { probePacketSizes, probeStream, readTestdata, testdataPath } from '../test-support/testdata.js';
import { audioSpecificConfigFromAdts, parseAdtsHeader, splitAdts, type AdtsHeader } from './adts.js';
import { parseAudioSpecificConfig } from './audio-specific-config.js';

/**
 * One table of ADTS headers (ISO/IEC 14496-3 §1.A.2.2, fields: syncword 12, ID 1, layer 2,
 * protection_absent 1, profile 2, sampling index 4, private 1, channels 3, original/home 2, copyright 2,
 * frame length 13, buffer fullness 11, raw blocks 2) and the AudioSpecificConfig each one maps to.
 */
const cases: { name: string; bytes: Uint8Array; value: AdtsHeader; asc: string }[] = [
  {
    // fff1 | 01 0111 0 0 | 01 0000 00 | frame length 199 | 7ff | 00 (first frame of aac-lc-22050-mono.adts)
    name: 'LC 22.05 kHz mono, no CRC',
    bytes: hexBytes('fff15c4018fffc'),
    value: {
      audioObjectType: 2,
      samplingFrequencyIndex: 7,
      sampleRate: 22050,
      channelConfiguration: 1,
      headerLength: 7,
      frameLength: 199,
      rawDataBlocks: 1,
    },
    asc: '1388',
  },
  {
    // fff1 | 01 0011 0 0 | 10 0000 00 | frame length 327 (0x147) ... (aac-lc-48000-stereo.adts)
    name: 'LC 48 kHz stereo, no CRC',
    bytes: hexBytes('fff14c8028fffc'),
    value: {
      audioObjectType: 2,
      samplingFrequencyIndex: 3,
      sampleRate: 48000,
      channelConfiguration: 2,
      headerLength: 7,
      frameLength: 327,
      rawDataBlocks: 1,
    },
    asc: '1190',
  },
  {
    // fff0: protection_absent 0 (CRC follows) | 00 0100 0 1 | 10 ...: Main, 44.1 kHz, 6 channels, length 9
    name: 'Main 44.1 kHz 5.1 with CRC',
    bytes: hexBytes('fff01180013ffc'),
    value: {
      audioObjectType: 1,
      samplingFrequencyIndex: 4,
      sampleRate: 44100,
      channelConfiguration: 6,
      headerLength: 9,
      frameLength: 9,
      rawDataBlocks: 1,
    },
    asc: '0a30',
  },
];

function errorCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof MediaFormatError ? e.code : `not a MediaFormatError: ${String(e)}`;
  }
  return undefined;
}

describe('ADTS', () => {
  for (const c of cases) {
    it(`decodes ${c.name}`, () => {
      expect(parseAdtsHeader(c.bytes)).toEqual(c.value);
    });
    it(`builds the AudioSpecificConfig of ${c.name} byte-exact`, () => {
      expect(hexOf(audioSpecificConfigFromAdts(c.value))).toBe(c.asc);
      const asc = parseAudioSpecificConfig(hexBytes(c.asc));
      expect([asc.audioObjectType, asc.sampleRate, asc.channelCount]).toEqual([
        c.value.audioObjectType,
        c.value.sampleRate,
        c.value.channelConfiguration,
      ]);
    });
  }

  for (const file of ['aac-lc-48000-stereo.adts', 'aac-lc-22050-mono.adts']) {
    it(`splits ${file} into the frames ffprobe reads, with views for payloads`, () => {
      const bytes = readTestdata(file);
      const frames = splitAdts(bytes);
      expect(frames.map((f) => f.header.frameLength)).toEqual(probePacketSizes(testdataPath(file)));
      expect(frames.every((f) => f.payload.buffer === bytes.buffer)).toBe(true);
      const probe = probeStream(testdataPath(file));
      const first = frames[0]!.header;
      expect([String(first.sampleRate), first.channelConfiguration]).toEqual([
        probe.sample_rate,
        probe.channels,
      ]);
      expect(parseAudioSpecificConfig(audioSpecificConfigFromAdts(first)).codecString).toBe(
        probe.profile === 'LC' ? 'mp4a.40.2' : 'unexpected profile',
      );
    });
  }

  const bad: { name: string; f: () => unknown; code: string }[] = [
    {
      name: 'no syncword',
      f: () => parseAdtsHeader(hexBytes('fef15c4018fffc')),
      code: 'adts-bad-sync',
    },
    { name: 'cut-off header', f: () => parseAdtsHeader(hexBytes('fff15c40')), code: 'truncated' },
    {
      name: 'reserved sampling index 13',
      f: () => parseAdtsHeader(hexBytes('fff17440 18fffc')),
      code: 'aac-bad-frequency-index',
    },
    {
      name: 'frame shorter than its header',
      f: () => parseAdtsHeader(hexBytes('fff15c4000bffc')),
      code: 'adts-bad-length',
    },
    { name: 'frame cut off', f: () => splitAdts(hexBytes('fff15c4018fffc 00')), code: 'truncated' },
    {
      name: 'several raw data blocks',
      f: () => splitAdts(hexBytes('fff15c4000fffd')),
      code: 'adts-multiple-blocks',
    },
    {
      name: 'channel configuration 0',
      f: () => audioSpecificConfigFromAdts({ ...cases[0]!.value, channelConfiguration: 0 }),
      code: 'adts-pce-unsupported',
    },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with MediaFormatError ${c.code}`, () => {
      expect(errorCode(c.f)).toBe(c.code);
    });
  }

  it('never throws anything but MediaFormatError on random or mutated streams (fuzz)', () => {
    const seed = readTestdata('aac-lc-22050-mono.adts');
    const mutated = fc
      .tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat())
      .map(([flips, cut]) => {
        const b = Uint8Array.from(seed);
        for (const [i, v] of flips) {
          b[i % b.length] = v;
        }
        return b.subarray(0, cut % (b.length + 1));
      });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 32 })), (bytes) => {
        try {
          for (const f of splitAdts(bytes)) {
            audioSpecificConfigFromAdts(f.header);
          }
        } catch (e) {
          if (!(e instanceof MediaFormatError)) {
            throw e;
          }
        }
      }),
      fuzzParameters({ numRuns: 2000, seed: 53 }, bytesReplay(ADTS_FUZZ)),
    );
  });
});
