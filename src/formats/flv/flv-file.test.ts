import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ffmpegPath, ffprobePath } from '../../../test/support/media-tools.js';
import { bytesReplay, fuzzParameters } from '../../lib/bytes/test-support/fuzz-replay.js';
import { hexBytes, hexOf } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { decodeAmf0 } from '../amf0/amf0-decoder.js';
import { FLV_FILE_FUZZ } from '../test-support/fuzz-fixtures.js';
import { parseFlvAudioTag } from './flv-audio-tag.js';
import {
  FlvFileReader,
  FlvTagType,
  parseFlvFile,
  type FlvFileHeader,
  type FlvTag,
} from './flv-file-reader.js';
import { encodeFlvHeader, encodeFlvTag } from './flv-file-writer.js';
import { parseFlvVideoTag } from './flv-video-tag.js';
import { readStreamMetadata } from './stream-metadata.js';

interface FileValue {
  header: FlvFileHeader;
  tags: { type: FlvTag['type']; timestamp: number; streamId: number; body: string }[];
}

const HEADER_AV = '464c56 01 05 00000009 00000000';

/** One table drives decoding, byte-exact encoding and the fuzz seeds. */
const cases: { name: string; bytes: Uint8Array; value: FileValue }[] = [
  {
    name: 'header only',
    bytes: hexBytes(HEADER_AV),
    value: { header: { version: 1, hasAudio: true, hasVideo: true, dataOffset: 9 }, tags: [] },
  },
  {
    name: 'video-only header with one video tag',
    bytes: hexBytes('464c56 01 01 00000009 00000000  09 000005 000028 00 000000 1700000000 00000010'),
    value: {
      header: { version: 1, hasAudio: false, hasVideo: true, dataOffset: 9 },
      tags: [{ type: 9, timestamp: 40, streamId: 0, body: '1700000000' }],
    },
  },
  {
    name: 'script, audio and a video tag with an extended timestamp',
    bytes: hexBytes(
      `${HEADER_AV}` +
        ' 12 000003 000000 00 000000 050505 0000000e' +
        ' 08 000002 000015 00 000000 af01 0000000d' +
        ' 09 000001 345678 12 000000 57 0000000c',
    ),
    value: {
      header: { version: 1, hasAudio: true, hasVideo: true, dataOffset: 9 },
      tags: [
        { type: 18, timestamp: 0, streamId: 0, body: '050505' },
        { type: 8, timestamp: 21, streamId: 0, body: 'af01' },
        { type: 9, timestamp: 0x12345678, streamId: 0, body: '57' },
      ],
    },
  },
];

function decode(bytes: Uint8Array): FileValue {
  const { header, tags } = parseFlvFile(bytes);
  return {
    header,
    tags: tags.map((t) => ({
      type: t.type,
      timestamp: t.timestamp,
      streamId: t.streamId,
      body: hexOf(t.body),
    })),
  };
}

function encode(v: FileValue): Uint8Array {
  const parts = [
    encodeFlvHeader({ audio: v.header.hasAudio, video: v.header.hasVideo }),
    ...v.tags.map((t) => encodeFlvTag(t.type, t.timestamp, hexBytes(t.body))),
  ];
  return Buffer.concat(parts);
}

function errorCode(bytes: Uint8Array): string | undefined {
  try {
    parseFlvFile(bytes);
  } catch (e) {
    return e instanceof MediaFormatError ? e.code : `not a MediaFormatError: ${String(e)}`;
  }
  return undefined;
}

describe('FLV file reader and writer', () => {
  for (const c of cases) {
    it(`decodes ${c.name}`, () => {
      expect(decode(c.bytes)).toEqual(c.value);
    });
    it(`encodes ${c.name} byte-exact`, () => {
      expect(hexOf(encode(c.value))).toBe(hexOf(c.bytes));
    });
  }

  it('accepts a file whose last PreviousTagSize is missing, and a larger data offset', () => {
    const bytes = hexBytes('464c56 01 04 0000000c aabbcc 00000000 08 000001 000000 00 000000 af');
    const { header, tags } = parseFlvFile(bytes);
    expect(header.dataOffset).toBe(12);
    expect(tags.map((t) => [t.type, hexOf(t.body), t.offset])).toEqual([[8, 'af', 16]]);
  });

  it('iterates lazily with next() and returns views into the file', () => {
    const bytes = cases[2]!.bytes;
    const reader = new FlvFileReader({ bytes });
    const first = reader.next();
    expect(first?.type).toBe(FlvTagType.scriptData);
    expect(first?.body.buffer).toBe(bytes.buffer);
    expect([...reader].map((t) => t.type)).toEqual([8, 9]);
    expect(reader.next()).toBeUndefined();
  });

  const bad: { name: string; bytes: Uint8Array; code: string }[] = [
    { name: 'wrong signature', bytes: hexBytes('464c57 01 05 00000009 00000000'), code: 'flv-bad-signature' },
    {
      name: 'data offset below 9',
      bytes: hexBytes('464c56 01 05 00000008 00000000'),
      code: 'flv-bad-header',
    },
    { name: 'header cut off', bytes: hexBytes('464c56 01 05 0000'), code: 'truncated' },
    { name: 'partial tag header', bytes: hexBytes(`${HEADER_AV} 09 0000`), code: 'truncated' },
    {
      name: 'tag data cut off',
      bytes: hexBytes(`${HEADER_AV} 09 000010 000000 00 000000 17`),
      code: 'truncated',
    },
    {
      name: 'partial previous tag size',
      bytes: hexBytes(`${HEADER_AV} 08 000001 000000 00 000000 af 0000`),
      code: 'truncated',
    },
    {
      name: 'unknown tag type',
      bytes: hexBytes(`${HEADER_AV} 07 000000 000000 00 000000`),
      code: 'flv-bad-tag-type',
    },
    {
      name: 'encrypted tag',
      bytes: hexBytes(`${HEADER_AV} 29 000000 000000 00 000000`),
      code: 'flv-encrypted',
    },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with MediaFormatError ${c.code}`, () => {
      expect(errorCode(c.bytes)).toBe(c.code);
    });
  }

  it('rejects timestamps and bodies that do not fit the tag header', () => {
    expect(() => encodeFlvTag(9, -1, new Uint8Array(0))).toThrow(RangeError);
    expect(() => encodeFlvTag(9, 2 ** 32, new Uint8Array(0))).toThrow(RangeError);
    expect(() => encodeFlvTag(9, 0, new Uint8Array(0x100_0000))).toThrow(RangeError);
  });

  it('round-trips random tags (property)', () => {
    const tag = fc.record({
      type: fc.constantFrom<FlvTag['type']>(8, 9, 18),
      timestamp: fc.integer({ min: 0, max: 0xffff_ffff }),
      streamId: fc.constant(0),
      body: fc.uint8Array({ maxLength: 16 }).map(hexOf),
    });
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.array(tag, { maxLength: 5 }), (audio, video, tags) => {
        const value: FileValue = {
          header: { version: 1, hasAudio: audio, hasVideo: video, dataOffset: 9 },
          tags,
        };
        expect(decode(encode(value))).toEqual(value);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it('never throws anything but MediaFormatError on random or mutated input (fuzz)', () => {
    const seeds = cases.map((c) => c.bytes);
    const mutated = fc
      .tuple(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(),
      )
      .map(([seed, flips, cut]) => {
        const b = Uint8Array.from(seed);
        for (const [i, v] of flips) {
          b[i % b.length] = v;
        }
        return b.subarray(0, cut % (b.length + 1));
      });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 64 })), (bytes) => {
        try {
          parseFlvFile(bytes);
        } catch (e) {
          if (!(e instanceof MediaFormatError)) {
            throw e;
          }
        }
      }),
      fuzzParameters({ numRuns: 3000, seed: 42 }, bytesReplay(FLV_FILE_FUZZ)),
    );
  });

  it('reads an FLV file written by ffmpeg and writes it back byte-exact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inlet-flv-'));
    try {
      const file = join(dir, 'av.flv');
      execFileSync(ffmpegPath(), [
        ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25'],
        ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-t', '1'],
        ...['-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '2', '-g', '25', '-c:a', 'aac', '-ac', '2'],
        ...['-f', 'flv', file],
      ]);
      const bytes = new Uint8Array(readFileSync(file));
      const probe = JSON.parse(
        execFileSync(ffprobePath(), ['-v', 'error', '-show_packets', '-show_streams', '-of', 'json', file], {
          encoding: 'utf8',
        }),
      ) as { packets: { codec_type: string; pts: number; dts: number }[] };

      const { header, tags } = parseFlvFile(bytes);
      expect(header).toEqual({ version: 1, hasAudio: true, hasVideo: true, dataOffset: 9 });
      const script = tags.find((t) => t.type === FlvTagType.scriptData);
      const meta = readStreamMetadata(decodeAmf0(script?.body ?? new Uint8Array(0)));
      expect(meta).toMatchObject({
        width: 320,
        height: 240,
        frameRate: 25,
        videoCodecId: 7,
        audioCodecId: 10,
      });
      expect(meta?.audioSampleRate).toBe(44100);
      expect(meta?.stereo).toBe(true);

      const video = tags
        .filter((t) => t.type === FlvTagType.video)
        .map((t) => [t, parseFlvVideoTag(t.body)] as const);
      expect(video[0]?.[1].type).toBe('sequence-start');
      const frames = video.flatMap(([t, p]) => (p.type === 'coded-frames' ? [{ dts: t.timestamp, p }] : []));
      const probed = probe.packets.filter((p) => p.codec_type === 'video');
      expect(frames.map((f) => [f.dts, f.dts + f.p.compositionTime])).toEqual(
        probed.map((p) => [p.dts, p.pts]),
      );
      expect(frames.some((f) => f.p.compositionTime > 0)).toBe(true);
      expect(frames.filter((f) => f.p.keyframe).map((f) => f.dts)).toEqual([0]);

      const audio = tags.filter((t) => t.type === FlvTagType.audio).map((t) => parseFlvAudioTag(t.body));
      expect(audio[0]?.type).toBe('sequence-start');
      expect(audio.filter((a) => a.type === 'coded-frames').length).toBe(
        probe.packets.filter((p) => p.codec_type === 'audio').length,
      );

      const rewritten = Buffer.concat([
        encodeFlvHeader({ audio: header.hasAudio, video: header.hasVideo }),
        ...tags.map((t) => encodeFlvTag(t.type, t.timestamp, t.body)),
      ]);
      expect(rewritten.equals(bytes)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
