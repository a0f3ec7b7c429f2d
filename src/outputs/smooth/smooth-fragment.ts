import { concatChunks } from '../../formats/fmp4/box.js';
import { mdatHeaderSize } from '../../formats/fmp4/boxes/mdat.js';
import { tfrfBox } from '../../formats/fmp4/boxes/tfrf.js';
import { tfxdBox } from '../../formats/fmp4/boxes/tfxd.js';
import type { TrackFragmentSample } from '../../formats/fmp4/track-fragment.js';
import { writeMovieFragment } from '../../formats/fmp4/movie-fragment.js';
import { readInitSegment } from '../../formats/fmp4/reader/read-init-segment.js';
import { readMediaSegment } from '../../formats/fmp4/reader/read-media-segment.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import type { TimelineFragment } from './smooth-timeline.js';

/** `SmoothFragmentInput` is one stored CMAF segment and what its Smooth fragment adds to it. */
export interface SmoothFragmentInput {
  /**
   * The CMAF segment (`styp` + `moof`/`mdat` pairs): one buffer as read from disk, or the chunks the
   * packager holds in memory, joined here once (the only copy of the sample data).
   */
  readonly segment: Uint8Array | readonly Uint8Array[];
  /** The rendition's init segment, needed only when the segment takes sample defaults from `trex`. */
  readonly init?: Uint8Array | undefined;
  /**
   * The fragments that follow, for a `tfrf` (`SmoothFragmentTarget.lookahead`; empty at the live edge).
   * Without it no `tfrf` is written.
   */
  readonly lookahead?: readonly TimelineFragment[] | undefined;
  /** The start time the fragment was resolved by; a segment that starts elsewhere is an error. */
  readonly startTime?: number | undefined;
  /** Only the `moof` (an IIS `FragmentInfo` answer), no `mdat`. */
  readonly headerOnly?: boolean | undefined;
}

/** `SmoothFragment` is a Smooth fragment as byte runs to send in order, with what it holds. */
export interface SmoothFragment {
  /** The `moof` + `mdat` header in one buffer, then views of the segment's sample bytes. */
  readonly chunks: readonly Uint8Array[];
  readonly byteLength: number;
  /** `tfdt` and `tfxd` time of the first sample, in the track's timescale. */
  readonly startTime: number;
  /** Sum of the sample durations (`tfxd` duration). */
  readonly duration: number;
  readonly sampleCount: number;
}

function bytesOf(segment: Uint8Array | readonly Uint8Array[]): Uint8Array {
  if (segment instanceof Uint8Array) {
    return segment;
  }
  return segment.length === 1 ? (segment[0] as Uint8Array) : concatChunks(segment);
}

/**
 * `buildSmoothFragment` turns a CMAF segment of one track into one Smooth Streaming fragment ([MS-SSTR]
 * §2.2.4): one `moof` with one `trun` (dash.js reads only that), `tfxd`, `tfrf` when `lookahead` is given,
 * then one `mdat` of sample views. Throws `MediaFormatError` for a segment it cannot carry; see
 * docs/design/smooth.md#fragments.
 */
export function buildSmoothFragment(input: SmoothFragmentInput): SmoothFragment {
  const bytes = bytesOf(input.segment);
  const trex = input.init === undefined ? [] : readInitSegment(input.init).trex;
  const { movieFragments } = readMediaSegment(bytes, { trex });
  const samples: TrackFragmentSample[] = [];
  let trackId: number | undefined;
  let startTime: number | undefined;
  let next = 0;
  for (const f of movieFragments) {
    const [traf, ...others] = f.tracks;
    if (traf === undefined || others.length > 0 || (trackId !== undefined && traf.tfhd.trackId !== trackId)) {
      throw new MediaFormatError(
        'smooth-not-one-track',
        `moof at offset ${f.moof.start} holds tracks ${f.tracks.map((t) => t.tfhd.trackId).join(', ') || 'none'}; a Smooth fragment carries one track${trackId === undefined ? '' : ` (${trackId})`}`,
        f.moof.start,
      );
    }
    const time = traf.baseMediaDecodeTime;
    if (time === undefined) {
      throw new MediaFormatError(
        'fmp4-missing-box',
        `traf in moof at offset ${f.moof.start} has no tfdt`,
        f.moof.start,
      );
    }
    if (startTime !== undefined && time !== next) {
      throw new MediaFormatError(
        'smooth-not-contiguous',
        `moof at offset ${f.moof.start} starts at ${time}, but the previous chunk ends at ${next}: one trun cannot hold the gap`,
        f.moof.start,
      );
    }
    trackId = traf.tfhd.trackId;
    startTime ??= time;
    next = time;
    for (const s of traf.samples) {
      samples.push(s);
      next += s.duration;
    }
  }
  if (trackId === undefined || startTime === undefined || samples.length === 0) {
    throw new MediaFormatError('smooth-empty-segment', 'the segment holds no samples', 0);
  }
  if (input.startTime !== undefined && input.startTime !== startTime) {
    throw new MediaFormatError(
      'smooth-wrong-segment',
      `the segment starts at ${startTime}, the fragment was requested at ${input.startTime}`,
      0,
    );
  }
  const duration = next - startTime;
  const trafBoxes = [tfxdBox({ fragmentAbsoluteTime: startTime, fragmentDuration: duration })];
  if (input.lookahead !== undefined) {
    trafBoxes.push(
      tfrfBox(input.lookahead.map((c) => ({ fragmentAbsoluteTime: c.time, fragmentDuration: c.duration }))),
    );
  }
  const chunks = writeMovieFragment({
    sequenceNumber: movieFragments[0]?.sequenceNumber ?? 1,
    tracks: [{ trackId, baseMediaDecodeTime: startTime, samples, trafBoxes }],
  });
  const header = chunks[0] as Uint8Array;
  let payload = 0;
  for (const s of samples) {
    payload += s.size;
  }
  const out =
    input.headerOnly === true ? [header.subarray(0, header.byteLength - mdatHeaderSize(payload))] : chunks;
  let byteLength = 0;
  for (const c of out) {
    byteLength += c.byteLength;
  }
  return { chunks: out, byteLength, startTime, duration, sampleCount: samples.length };
}
