import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesReplay, fuzzParameters } from '../../lib/bytes/test-support/fuzz-replay.js';
import { hexBytes } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import type { AacConfig } from '../codec-config.js';
import { AUDIO_SPECIFIC_CONFIG_FUZZ } from '../test-support/fuzz-fixtures.js';
import { parseAudioSpecificConfig } from './audio-specific-config.js';

type Value = Omit<AacConfig, 'codec' | 'kind' | 'asc'>;

const lc = (v: Partial<Value>): Value => ({
  codecString: 'mp4a.40.2',
  audioObjectType: 2,
  sampleRate: 48000,
  channelCount: 2,
  channelConfiguration: 2,
  sbrPresent: false,
  psPresent: false,
  samplesPerFrame: 1024,
  ...v,
});

/**
 * One table of AudioSpecificConfigs (ISO/IEC 14496-3 §1.6.2.1), bits written out per field:
 * audioObjectType(5) samplingFrequencyIndex(4) channelConfiguration(4) GASpecificConfig(3+)...
 */
const cases: { name: string; bytes: Uint8Array; value: Value }[] = [
  // 00010 0011 0010 000
  { name: 'AAC-LC 48 kHz stereo', bytes: hexBytes('1190'), value: lc({}) },
  // 00010 0111 0001 000
  {
    name: 'AAC-LC 22.05 kHz mono',
    bytes: hexBytes('1388'),
    value: lc({ sampleRate: 22050, channelCount: 1, channelConfiguration: 1 }),
  },
  // 00010 0100 0010 1(frameLengthFlag)00
  {
    name: 'AAC-LC 44.1 kHz with 960-sample frames',
    bytes: hexBytes('1214'),
    value: lc({ sampleRate: 44100, samplesPerFrame: 960 }),
  },
  // 00010 0011 0111 000: channelConfiguration 7 is 7.1 (8 channels)
  { name: 'AAC-LC 7.1', bytes: hexBytes('11b8'), value: lc({ channelCount: 8, channelConfiguration: 7 }) },
  // 00010 1111 <24-bit 44100> 0010 000
  {
    name: 'explicit 24-bit sampling frequency',
    bytes: hexBytes('1780562210'),
    value: lc({ sampleRate: 44100 }),
  },
  // 00101(SBR) 0110(24 kHz core) 0010 0011(48 kHz output) 00010(LC) 000
  {
    name: 'HE-AAC, explicit hierarchical signalling',
    bytes: hexBytes('2b118800'),
    value: lc({ codecString: 'mp4a.40.5', audioObjectType: 5, sbrPresent: true, samplesPerFrame: 2048 }),
  },
  // 11101(PS) 0110 0001(mono core) 0011 00010 000
  {
    name: 'HE-AAC v2, explicit hierarchical signalling (mono core, stereo output)',
    bytes: hexBytes('eb098800'),
    value: lc({
      codecString: 'mp4a.40.29',
      audioObjectType: 29,
      channelConfiguration: 1,
      sbrPresent: true,
      psPresent: true,
      samplesPerFrame: 2048,
    }),
  },
  // 00010 0110 0010 000, sync 0x2b7, 00101(SBR) 1 0011
  {
    name: 'HE-AAC, backward-compatible signalling',
    bytes: hexBytes('1310 56e598'),
    value: lc({ codecString: 'mp4a.40.5', audioObjectType: 5, sbrPresent: true, samplesPerFrame: 2048 }),
  },
  // 00010 0110 0001 000, sync 0x2b7, 00101 1 0011, sync 0x548, 1
  {
    name: 'HE-AAC v2, backward-compatible signalling',
    bytes: hexBytes('1308 56e59d4880'),
    value: lc({
      codecString: 'mp4a.40.29',
      audioObjectType: 29,
      channelConfiguration: 1,
      sbrPresent: true,
      psPresent: true,
      samplesPerFrame: 2048,
    }),
  },
  // 00010 0110 0010 000, sync 0x2b7, 00101, sbrPresentFlag 0: signalled absent
  { name: 'sync extension saying no SBR', bytes: hexBytes('1310 56e500'), value: lc({ sampleRate: 24000 }) },
  // 11111 001010 (escape: 32 + 10 = USAC) 0011 0010
  {
    name: 'escaped object type 42',
    bytes: hexBytes('f94640'),
    value: lc({ codecString: 'mp4a.40.42', audioObjectType: 42 }),
  },
  // 00010 0011 0000 000 + program_config_element: tag 0, object 1, sfi 3, 2 front (SCE, CPE), 0 side,
  // 1 back (CPE), 1 LFE, no assoc/cc/mixdowns; elements 0 0000, 1 0001, 1 0010, LFE 0000; align; 0 comment.
  {
    name: '5.1 from a program config element',
    bytes: hexBytes('118004c8050001190000'),
    value: lc({ channelCount: 6, channelConfiguration: 0 }),
  },
];

function errorCode(bytes: Uint8Array): string | undefined {
  try {
    parseAudioSpecificConfig(bytes);
  } catch (e) {
    return e instanceof MediaFormatError ? e.code : `not a MediaFormatError: ${String(e)}`;
  }
  return undefined;
}

describe('parseAudioSpecificConfig', () => {
  for (const c of cases) {
    it(`decodes ${c.name}`, () => {
      const { codec, kind, asc, ...rest } = parseAudioSpecificConfig(c.bytes);
      expect([codec, kind, Buffer.from(asc).equals(c.bytes)]).toEqual(['aac', 'audio', true]);
      expect(rest).toEqual(c.value);
    });
  }

  it('copies the config', () => {
    const bytes = hexBytes('1190');
    const config = parseAudioSpecificConfig(bytes);
    bytes[0] = 0;
    expect(config.asc[0]).toBe(0x11);
  });

  const bad: { name: string; bytes: Uint8Array; code: string }[] = [
    { name: 'empty', bytes: hexBytes(''), code: 'truncated' },
    { name: 'one byte', bytes: hexBytes('11'), code: 'truncated' },
    { name: 'reserved frequency index 13', bytes: hexBytes('1690'), code: 'aac-bad-frequency-index' },
    { name: 'explicit frequency of 0', bytes: hexBytes('1780000010'), code: 'aac-bad-frequency-index' },
    { name: 'program config element cut off', bytes: hexBytes('1180'), code: 'truncated' },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with MediaFormatError ${c.code}`, () => {
      expect(errorCode(c.bytes)).toBe(c.code);
    });
  }

  it('never throws anything but MediaFormatError on random or mutated configs (fuzz)', () => {
    const mutated = fc
      .tuple(
        fc.constantFrom(...cases.map((c) => c.bytes)),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
      )
      .map(([seed, flips]) => {
        const b = Uint8Array.from(seed);
        for (const [i, v] of flips) {
          b[i % b.length] = v;
        }
        return b;
      });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 12 })), (bytes) => {
        try {
          const c = parseAudioSpecificConfig(bytes);
          expect(c.sampleRate > 0 && c.samplesPerFrame > 0 && c.codecString.startsWith('mp4a.40.')).toBe(
            true,
          );
        } catch (e) {
          if (!(e instanceof MediaFormatError)) {
            throw e;
          }
        }
      }),
      fuzzParameters({ numRuns: 3000, seed: 47 }, bytesReplay(AUDIO_SPECIFIC_CONFIG_FUZZ)),
    );
  });
});
