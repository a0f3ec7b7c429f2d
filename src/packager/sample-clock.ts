import type { Track } from '../media/track.js';
import { AudioClock } from './audio-clock.js';

/**
 * `SampleClock` maps the ingest clock of one rendition to its media timescale (ISO/IEC 14496-12 §8.4.2.3
 * `mdhd` timescale; `tfdt` §8.8.12 and `trun` sample durations are in these ticks). Input times are the
 * `AccessUnit.dts` values, on the output axis of `StreamTimeline` (integer milliseconds for RTMP): strictly
 * increasing per track, continuous across reconnects. A discontinuity run is the stretch between two
 * discontinuities; `start` opens one, `next` continues it.
 */
export interface SampleClock {
  /** Ticks per second of the rendition (90000 for video, the sample rate for audio). */
  readonly timescale: number;
  /** Opens a discontinuity run at input time `dts`: the decode time of its first sample, in ticks. */
  start(dts: number): number;
  /** The decode time of the run's next sample at input time `dts`; always after the previous one. */
  next(dts: number): number;
  /** An input duration (composition offset, gap) in ticks. */
  ticks(inputDuration: number): number;
  /** Ticks of one frame when the codec fixes it (audio), else `undefined`. */
  readonly frameTicks: number | undefined;
}

/** `VIDEO_TIMESCALE` is 90 kHz: the MPEG clock, exact for ms (× 90) and for every common frame rate. */
export const VIDEO_TIMESCALE = 90_000;

/**
 * `VideoClock` is the exact video mapping: ticks = input × 90000 / input timescale, i.e. `ms × 90` for
 * RTMP. No rounding happens for millisecond input, so `tfdt` = dts(ms) × 90 and every sample duration is
 * the DTS step × 90; composition offsets are (pts − dts) × 90, signed.
 */
export class VideoClock implements SampleClock {
  readonly timescale = VIDEO_TIMESCALE;
  readonly frameTicks = undefined;
  readonly #scale: number;

  constructor(inputTimescale: number) {
    this.#scale = VIDEO_TIMESCALE / inputTimescale;
  }

  start(dts: number): number {
    return Math.round(dts * this.#scale);
  }

  next(dts: number): number {
    return Math.round(dts * this.#scale);
  }

  ticks(inputDuration: number): number {
    return Math.round(inputDuration * this.#scale);
  }
}

/** `sampleClockFor` is the clock of a track: `AudioClock` for audio, `VideoClock` for video. */
export function sampleClockFor(track: Track): SampleClock {
  const { config } = track;
  return config.kind === 'audio'
    ? new AudioClock({
        sampleRate: config.sampleRate,
        samplesPerFrame: config.samplesPerFrame,
        inputTimescale: track.timescale,
      })
    : new VideoClock(track.timescale);
}
