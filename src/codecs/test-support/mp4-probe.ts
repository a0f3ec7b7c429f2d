import { createFile, type MP4BoxBuffer } from 'mp4box';
import { box, concatChunks, fullBox } from '../../formats/fmp4/box.js';

/** `Mp4TrackInfo` is what mp4box.js reports about the track of a file. */
export interface Mp4TrackInfo {
  readonly codec: string;
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly sampleRate: number | undefined;
  readonly channelCount: number | undefined;
}

/** `probeMp4` parses an MP4 (or init segment) with mp4box.js, an independent reader, and returns its tracks. */
export function probeMp4(bytes: Uint8Array): Mp4TrackInfo[] {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as MP4BoxBuffer;
  ab.fileStart = 0;
  const file = createFile();
  let tracks: Mp4TrackInfo[] | undefined;
  file.onReady = (info) => {
    tracks = info.tracks.map((t) => ({
      codec: t.codec,
      width: t.video?.width,
      height: t.video?.height,
      sampleRate: t.audio?.sample_rate,
      channelCount: t.audio?.channel_count,
    }));
  };
  file.appendBuffer(ab);
  file.flush();
  if (tracks === undefined) {
    throw new Error('mp4box.js did not find a complete moov');
  }
  return tracks;
}

const u32 = (...v: number[]): Uint8Array => {
  const b = new Uint8Array(4 * v.length);
  const view = new DataView(b.buffer);
  v.forEach((x, i) => view.setUint32(4 * i, x >>> 0));
  return b;
};

/**
 * `initSegmentWith` wraps one sample entry into a minimal fragmented-MP4 init segment (ISO/IEC 14496-12:
 * ftyp, moov with mvhd, one trak and mvex/trex), enough for mp4box.js to read the sample description.
 */
export function initSegmentWith(sampleEntry: Uint8Array, kind: 'video' | 'audio'): Uint8Array {
  const unity = u32(0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000);
  const mvhd = fullBox(
    'mvhd',
    0,
    0,
    u32(0, 0, 1000, 0, 0x0001_0000),
    Uint8Array.of(1, 0, 0, 0),
    u32(0, 0),
    unity,
    u32(0, 0, 0, 0, 0, 0, 2),
  );
  const tkhd = fullBox(
    'tkhd',
    0,
    3,
    u32(0, 0, 1, 0, 0, 0, 0, 0),
    Uint8Array.of(0, 0, 0, 0),
    unity,
    u32(0, 0),
  );
  const mdhd = fullBox('mdhd', 0, 0, u32(0, 0, 90000, 0), Uint8Array.of(0x55, 0xc4, 0, 0));
  const handler = kind === 'video' ? 'vide' : 'soun';
  const hdlr = fullBox(
    'hdlr',
    0,
    0,
    u32(0),
    new TextEncoder().encode(`${handler}`),
    u32(0, 0, 0),
    Uint8Array.of(0),
  );
  const mediaHeader = kind === 'video' ? fullBox('vmhd', 0, 1, u32(0, 0)) : fullBox('smhd', 0, 0, u32(0));
  const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
  const stbl = box(
    'stbl',
    fullBox('stsd', 0, 0, u32(1), sampleEntry),
    fullBox('stts', 0, 0, u32(0)),
    fullBox('stsc', 0, 0, u32(0)),
    fullBox('stsz', 0, 0, u32(0, 0)),
    fullBox('stco', 0, 0, u32(0)),
  );
  const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', mediaHeader, dinf, stbl)));
  const mvex = box('mvex', fullBox('trex', 0, 0, u32(1, 1, 0, 0, 0)));
  const ftyp = box('ftyp', new TextEncoder().encode('iso6'), u32(0), new TextEncoder().encode('iso6cmfc'));
  return concatChunks([...ftyp, ...box('moov', mvhd, trak, mvex)]);
}
