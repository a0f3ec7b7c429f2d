import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { beginBox, endBox } from './box.js';
import { type FileBrands, writeFtyp } from './boxes/ftyp.js';
import { writeMvex } from './boxes/mvex.js';
import { writeMvhd } from './boxes/mvhd.js';
import { writeTrak } from './boxes/trak.js';

/** `InitTrack` describes one track of an init segment. */
export interface InitTrack {
  /** 1 .. 2^32-1, unique in the segment; track fragments refer to the track by this ID. */
  readonly trackId: number;
  readonly kind: 'video' | 'audio';
  /** Ticks per second of the track's sample times (90000 for video, the sample rate for audio). */
  readonly timescale: number;
  /** The finished sample entry box from the codec layer, copied as is into `stsd`. */
  readonly sampleEntry: Uint8Array;
  /** Video presentation size in pixels for `tkhd`; 0 when unknown. Ignored for audio. */
  readonly width?: number;
  readonly height?: number;
  /** ISO 639-2/T code, lowercase; default `und`. */
  readonly language?: string;
}

/** `InitSegmentOptions` is the input of `writeInitSegment`. */
export interface InitSegmentOptions {
  /** One track per init segment is the CMAF norm; several are allowed. */
  readonly tracks: readonly InitTrack[];
  /** `ftyp` brands; default `CMAF_HEADER_BRANDS`. */
  readonly brands?: FileBrands;
}

/**
 * `CMAF_HEADER_BRANDS` is the default `ftyp` of an init segment. Major brand `iso6`: an ISO/IEC
 * 14496-12 Annex E brand whose readers handle `tfdt`, default-base-is-moof and the signed composition
 * offsets of version 1 `trun`, all of which `writeMovieFragment` uses. Compatible brands `iso6`, `cmfc`
 * (the CMAF structural brand a CMAF header carries, ISO/IEC 23000-19 §7.1) and `mp41` (for MP4 tools that
 * check brands). `cmf2` is not claimed: it also requires video presentation to start at the `tfdt`
 * through negative composition offsets, which depends on how the packager sets offsets. `cmfc` also
 * means one track per init segment and one `traf` per `moof`: pass other brands for a multi-track file.
 */
export const CMAF_HEADER_BRANDS: FileBrands = {
  major: 'iso6',
  minorVersion: 0,
  compatible: ['iso6', 'cmfc', 'mp41'],
};

/** `MOVIE_TIMESCALE` is the `mvhd` timescale: milliseconds, as no movie-level duration is written. */
export const MOVIE_TIMESCALE = 1000;

/** `DEFAULT_LANGUAGE` is ISO 639-2 "undetermined". */
const DEFAULT_LANGUAGE = 'und';

/** A rough size for everything but the sample entries, so the writer rarely grows its buffer. */
const INIT_BASE_CAPACITY = 256;
const TRACK_BASE_CAPACITY = 512;

/**
 * `writeInitSegment` writes a CMAF header (ISO/IEC 23000-19 §7.3.2.1): `ftyp` + `moov` with `mvhd`
 * (timescale 1000, duration 0), a `trak` per track and `mvex` with a `trex` per track (sample
 * description 1, other defaults 0: movie fragments from `writeMovieFragment` carry their own defaults in
 * `tfhd`).
 */
export function writeInitSegment(options: InitSegmentOptions): Uint8Array {
  const { tracks } = options;
  if (tracks.length === 0) {
    throw new RangeError('an init segment needs at least one track');
  }
  let capacity = INIT_BASE_CAPACITY;
  let maxTrackId = 0;
  const ids = new Set<number>();
  for (const t of tracks) {
    if (ids.has(t.trackId)) {
      throw new RangeError(`track ID ${t.trackId} is used twice; give each track its own ID`);
    }
    ids.add(t.trackId);
    maxTrackId = Math.max(maxTrackId, t.trackId);
    capacity += TRACK_BASE_CAPACITY + t.sampleEntry.byteLength;
  }
  if (maxTrackId >= 0xffff_ffff) {
    throw new RangeError(`track ID ${maxTrackId} leaves no next_track_ID; use IDs below 0xffffffff`);
  }
  const w = new ByteWriter(capacity);
  writeFtyp(w, options.brands ?? CMAF_HEADER_BRANDS);
  const moov = beginBox(w, 'moov');
  writeMvhd(w, { timescale: MOVIE_TIMESCALE, duration: 0, nextTrackId: maxTrackId + 1 });
  for (const t of tracks) {
    writeTrak(w, {
      trackId: t.trackId,
      kind: t.kind,
      timescale: t.timescale,
      sampleEntry: t.sampleEntry,
      width: t.width ?? 0,
      height: t.height ?? 0,
      language: t.language ?? DEFAULT_LANGUAGE,
    });
  }
  writeMvex(
    w,
    tracks.map((t) => ({
      trackId: t.trackId,
      defaultSampleDescriptionIndex: 1,
      defaultSampleDuration: 0,
      defaultSampleSize: 0,
      defaultSampleFlags: 0,
    })),
  );
  endBox(w, moov);
  return w.toBytes();
}
