import { describe, expect, it } from 'vitest';
import { parseAvcc } from '../../codecs/h264/avcc.js';
import { writeInitSegment } from '../../formats/fmp4/init-segment.js';
import { readInitSegment } from '../../formats/fmp4/reader/read-init-segment.js';
import { hexBytes, upperHexOf } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { readSmoothCodecData, type SmoothCodecData } from './smooth-codec-data.js';
import { aacInit, h264Init, h264Units, hevcInit } from './test-support/smooth-inits.js';

describe('readSmoothCodecData', () => {
  const { sps, pps } = h264Units();
  const cases: { name: string; init: () => Uint8Array; want: SmoothCodecData | undefined }[] = [
    {
      name: 'H.264 High 720p: every SPS and PPS behind a start code, upper-case',
      init: () => h264Init(),
      want: {
        kind: 'video',
        fourCc: 'H264',
        codecPrivateData: `00000001${upperHexOf(sps)}00000001${upperHexOf(pps)}`,
        width: 1280,
        height: 720,
      },
    },
    {
      name: 'H.264 Main 1080i',
      init: () => h264Init('h264-main-1920x1080i.h264'),
      want: {
        kind: 'video',
        fourCc: 'H264',
        codecPrivateData: (() => {
          const u = h264Units('h264-main-1920x1080i.h264');
          return `00000001${upperHexOf(u.sps)}00000001${upperHexOf(u.pps)}`;
        })(),
        width: 1920,
        height: 1080,
      },
    },
    {
      name: 'AAC-LC 48 kHz stereo',
      init: () => aacInit(hexBytes('1190')), // AOT 2, index 3 (48000), 2 channels
      want: {
        kind: 'audio',
        fourCc: 'AACL',
        codecPrivateData: '1190',
        samplingRate: 48_000,
        channels: 2,
        bitsPerSample: 16,
        packetSize: 4,
        audioTag: 255,
      },
    },
    {
      name: 'AAC-LC 44.1 kHz mono',
      init: () => aacInit(hexBytes('1208')), // AOT 2, index 4 (44100), 1 channel
      want: {
        kind: 'audio',
        fourCc: 'AACL',
        codecPrivateData: '1208',
        samplingRate: 44_100,
        channels: 1,
        bitsPerSample: 16,
        packetSize: 4,
        audioTag: 255,
      },
    },
    {
      name: 'HE-AAC signalled explicitly (AOT 5): AACH at the output rate',
      // AOT 5, core index 6 (24000), 2 channels, extension index 3 (48000), AOT 2, GASpecificConfig 000
      init: () => aacInit(hexBytes('2B118800')),
      want: {
        kind: 'audio',
        fourCc: 'AACH',
        codecPrivateData: '2B118800',
        samplingRate: 48_000,
        channels: 2,
        bitsPerSample: 16,
        packetSize: 4,
        audioTag: 255,
      },
    },
    { name: 'HEVC: no Smooth client plays it, so no codec data', init: hevcInit, want: undefined },
    {
      name: 'H.264 with 2-byte NAL lengths: Smooth clients assume 4',
      init: () => h264Init('h264-high-1280x720.h264', 2),
      want: undefined,
    },
  ];
  it.each(cases)('$name', ({ init, want }) => {
    expect(readSmoothCodecData(init())).toEqual(want);
  });

  it('CodecPrivateData splits back into the avcC parameter sets the way dash.js splits it', () => {
    const data = readSmoothCodecData(h264Init());
    expect(data?.kind).toBe('video');
    const units = (data?.codecPrivateData ?? '')
      .split('00000001')
      .slice(1)
      .map((h) => hexBytes(h));
    expect(units.map(upperHexOf)).toEqual([upperHexOf(sps), upperHexOf(pps)]);
    // dash.js takes the codec string from the three bytes after the SPS header byte.
    const avcoti = /00000001[0-9]7/.exec(data?.codecPrivateData ?? '');
    const rfc6381 = parseAvcc(
      Uint8Array.of(
        1,
        sps[1] ?? 0,
        sps[2] ?? 0,
        sps[3] ?? 0,
        0xff,
        0xe1,
        0,
        sps.length,
        ...sps,
        1,
        0,
        pps.length,
        ...pps,
      ),
    ).codecString;
    expect(`avc1.${(data?.codecPrivateData ?? '').substr((avcoti?.index ?? 0) + 10, 6)}`.toLowerCase()).toBe(
      rfc6381,
    );
  });

  it.each([
    ['bytes that are no init segment', () => Uint8Array.of(0, 0, 0, 8, 0x66, 0x72, 0x65, 0x65)],
    [
      'an init segment of two tracks',
      () => {
        const entry =
          readInitSegment(aacInit(hexBytes('1190'))).tracks[0]?.sampleEntries[0] ?? new Uint8Array();
        return writeInitSegment({
          tracks: [1, 2].map((trackId) => ({
            trackId,
            kind: 'audio' as const,
            timescale: 48_000,
            sampleEntry: entry,
          })),
        });
      },
    ],
  ])('rejects %s', (_name, init) => {
    expect(() => readSmoothCodecData(init())).toThrow(MediaFormatError);
  });
});
