import { describe, expect, it } from 'vitest';
import { hexOf } from '../../lib/bytes/test-support/hex.js';
import { CMAF_HEADER_BRANDS, type InitTrack, writeInitSegment } from './init-segment.js';
import { readBoxRanges } from './reader/box-range.js';
import { readInitSegment } from './reader/read-init-segment.js';

/** A stand-in sample entry: any complete box is copied into `stsd` unparsed. */
function fakeEntry(type: string, payloadLength: number): Uint8Array {
  const b = new Uint8Array(8 + payloadLength);
  new DataView(b.buffer).setUint32(0, b.length);
  b.set(Buffer.from(type, 'latin1'), 4);
  for (let i = 8; i < b.length; i++) {
    b[i] = i & 0xff;
  }
  return b;
}

const video: InitTrack = {
  trackId: 1,
  kind: 'video',
  timescale: 90000,
  sampleEntry: fakeEntry('avc1', 120),
  width: 1920,
  height: 1080,
};
const audio: InitTrack = {
  trackId: 2,
  kind: 'audio',
  timescale: 48000,
  sampleEntry: fakeEntry('mp4a', 70),
  language: 'eng',
};

const cases: { name: string; tracks: InitTrack[]; brands?: typeof CMAF_HEADER_BRANDS }[] = [
  { name: 'one video track', tracks: [video] },
  { name: 'one audio track', tracks: [audio] },
  { name: 'video and audio', tracks: [video, audio] },
  {
    name: 'large track ID and custom brands',
    tracks: [{ ...audio, trackId: 0xffff_fffe }],
    brands: { major: 'cmf2', minorVersion: 0, compatible: ['cmf2', 'cmfc', 'iso6'] },
  },
  {
    name: 'video without a known size',
    tracks: [{ trackId: 3, kind: 'video', timescale: 1000, sampleEntry: fakeEntry('hvc1', 30) }],
  },
];

describe('writeInitSegment round trip', () => {
  for (const c of cases) {
    it(c.name, () => {
      const bytes = writeInitSegment(
        c.brands ? { tracks: c.tracks, brands: c.brands } : { tracks: c.tracks },
      );
      expect(readBoxRanges(bytes).map((b) => b.type)).toEqual(['ftyp', 'moov']);
      const init = readInitSegment(bytes);
      expect(init.brands).toEqual(c.brands ?? CMAF_HEADER_BRANDS);
      expect(init.mvhd).toEqual({
        timescale: 1000,
        duration: 0,
        nextTrackId: Math.max(...c.tracks.map((t) => t.trackId)) + 1,
      });
      expect(init.tracks).toHaveLength(c.tracks.length);
      c.tracks.forEach((t, i) => {
        const got = init.tracks[i];
        const isVideo = t.kind === 'video';
        expect(got?.tkhd).toEqual({
          trackId: t.trackId,
          flags: 3,
          duration: 0,
          volume: isVideo ? 0 : 0x0100,
          width: isVideo ? (t.width ?? 0) : 0,
          height: isVideo ? (t.height ?? 0) : 0,
        });
        expect(got?.mdhd).toEqual({ timescale: t.timescale, duration: 0, language: t.language ?? 'und' });
        expect(got?.hdlr).toEqual(
          isVideo
            ? { handlerType: 'vide', name: 'VideoHandler' }
            : { handlerType: 'soun', name: 'SoundHandler' },
        );
        expect(got?.mediaHeader).toBe(isVideo ? 'vmhd' : 'smhd');
        expect(got?.dataReferenceFlags).toBe(1);
        expect(got?.sampleEntries.map(hexOf)).toEqual([hexOf(t.sampleEntry)]);
        expect(got?.sampleTableCounts).toEqual([0, 0, 0, 0]);
      });
      expect(init.trex).toEqual(
        c.tracks.map((t) => ({
          trackId: t.trackId,
          defaultSampleDescriptionIndex: 1,
          defaultSampleDuration: 0,
          defaultSampleSize: 0,
          defaultSampleFlags: 0,
        })),
      );
    });
  }

  it('is byte-identical for the same input (no wall-clock times)', () => {
    expect(writeInitSegment({ tracks: [video, audio] })).toEqual(
      writeInitSegment({ tracks: [video, audio] }),
    );
  });

  it('returns a buffer of exactly its own bytes', () => {
    const bytes = writeInitSegment({ tracks: [video] });
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
  });
});

describe('writeInitSegment rejects', () => {
  it('no tracks', () => {
    expect(() => writeInitSegment({ tracks: [] })).toThrow(/at least one track/);
  });
  it('a track ID used twice', () => {
    expect(() => writeInitSegment({ tracks: [video, { ...audio, trackId: 1 }] })).toThrow(
      /track ID 1 is used twice/,
    );
  });
  it('a sample entry that is not one complete box', () => {
    const entry = fakeEntry('avc1', 10).subarray(0, 12);
    expect(() => writeInitSegment({ tracks: [{ ...video, sampleEntry: entry }] })).toThrow(
      /one complete box/,
    );
  });
  it('a language that is not ISO 639-2/T', () => {
    expect(() => writeInitSegment({ tracks: [{ ...audio, language: 'en-US' }] })).toThrow(/ISO 639-2\/T/);
  });
  it('track ID 0xffffffff, which leaves no next_track_ID', () => {
    expect(() => writeInitSegment({ tracks: [{ ...audio, trackId: 0xffff_ffff }] })).toThrow(/next_track_ID/);
  });
});
