import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { BOX_HEADER_SIZE, writeBoxHeader } from './box.js';
import { mdatHeaderSize, writeMdatHeader } from './boxes/mdat.js';
import { MFHD_SIZE, writeMfhd } from './boxes/mfhd.js';
import { type Prft, PRFT_SIZE, writePrft } from './boxes/prft.js';
import { TFDT_SIZE, writeTfdt } from './boxes/tfdt.js';
import { tfhdSize, writeTfhd } from './boxes/tfhd.js';
import { trunSize, writeTrun } from './boxes/trun.js';
import type { SampleDefaultsMode, TrackFragment } from './track-fragment.js';
import { planTrackRun, type TrackRunPlan } from './track-run-plan.js';

/** `MovieFragmentOptions` is the input of `writeMovieFragment`. */
export interface MovieFragmentOptions {
  /** `mfhd` sequence number: starts at 1 and increases by one per movie fragment of the rendition. */
  readonly sequenceNumber: number;
  /** One track per movie fragment is the CMAF norm; several make one `traf` each, in this order. */
  readonly tracks: readonly TrackFragment[];
  /** How sample fields are spread between `tfhd` and `trun`; default `compact`. */
  readonly sampleDefaults?: SampleDefaultsMode;
  /** When given, a `prft` box is written just before the `moof` (live latency signalling). */
  readonly producerReferenceTime?: Prft;
}

/** Tracks without `trafBoxes` share this list, so the packager's hot path allocates nothing for them. */
const NO_BOXES: readonly Uint8Array[] = [];

/** `trun` data_offset is a signed 32-bit field, so a movie fragment's payload must start below 2 GiB. */
const MAX_DATA_OFFSET = 0x7fff_ffff;

/**
 * `writeMovieFragment` writes one movie fragment (ISO/IEC 14496-12 §8.8.4; with one track, a CMAF chunk,
 * ISO/IEC 23000-19 §7.3.2): `moof` (`mfhd`; per track a `traf` with `tfhd` default-base-is-moof,
 * version 1 `tfdt`, version 1 `trun` with a data offset) and `mdat` with every track's samples in
 * order, optionally preceded by a `prft`. It returns the bytes as byte runs: the first holds `prft`,
 * `moof` and the `mdat` header in one buffer of exactly their size; the others are the samples' own
 * `data` views, never copied. A track fragment's `trafBoxes` close its `traf`. Rejects a movie fragment
 * without tracks and a track without samples.
 */
export function writeMovieFragment(options: MovieFragmentOptions): Uint8Array[] {
  const { tracks } = options;
  if (tracks.length === 0) {
    throw new RangeError('a fragment needs at least one track with samples');
  }
  const mode = options.sampleDefaults ?? 'compact';
  const plans: TrackRunPlan[] = [];
  let moofSize = BOX_HEADER_SIZE + MFHD_SIZE;
  let payloadSize = 0;
  for (const track of tracks) {
    for (const plan of plans) {
      if (plan.tfhd.trackId === track.trackId) {
        throw new RangeError(`track ${track.trackId} appears twice in one fragment; merge its samples`);
      }
    }
    const plan = planTrackRun(track, mode);
    plans.push(plan);
    moofSize += trafSize(plan, track);
    payloadSize += plan.payloadSize;
  }
  const prft = options.producerReferenceTime;
  const prftSize = prft === undefined ? 0 : PRFT_SIZE;
  const headerSize = prftSize + moofSize + mdatHeaderSize(payloadSize);
  const w = new ByteWriter(headerSize);
  if (prft !== undefined) {
    writePrft(w, prft);
  }
  writeBoxHeader(w, 'moof', moofSize);
  writeMfhd(w, options.sequenceNumber);
  let dataOffset = headerSize - prftSize; // relative to the moof start (default-base-is-moof)
  for (let i = 0; i < plans.length; i++) {
    const plan = plans[i] as TrackRunPlan;
    if (dataOffset > MAX_DATA_OFFSET) {
      throw new RangeError(
        `fragment payload too large: track ${plan.tfhd.trackId} would start at ${dataOffset}`,
      );
    }
    const track = tracks[i] as TrackFragment;
    writeBoxHeader(w, 'traf', trafSize(plan, track));
    writeTfhd(w, plan.tfhd);
    writeTfdt(w, track.baseMediaDecodeTime);
    writeTrun(w, { ...plan.trun, dataOffset });
    for (const extra of track.trafBoxes ?? NO_BOXES) {
      w.bytes(extra);
    }
    dataOffset += plan.payloadSize;
  }
  writeMdatHeader(w, payloadSize);
  if (w.length !== headerSize) {
    throw new Error(`fragment header is ${w.length} bytes, planned ${headerSize}: box sizes disagree`);
  }
  const chunks: Uint8Array[] = [w.view()];
  for (const track of tracks) {
    for (const s of track.samples) {
      chunks.push(s.data);
    }
  }
  return chunks;
}

function trafSize(plan: TrackRunPlan, track: TrackFragment): number {
  let extra = 0;
  for (const b of track.trafBoxes ?? NO_BOXES) {
    extra += b.byteLength;
  }
  return BOX_HEADER_SIZE + tfhdSize(plan.tfhd) + TFDT_SIZE + trunSize(plan.trun) + extra;
}
