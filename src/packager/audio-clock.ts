import type { SampleClock } from './sample-clock.js';

/** `AudioClockOptions` configures an `AudioClock`. */
export interface AudioClockOptions {
  /** Hz: the rendition timescale. */
  readonly sampleRate: number;
  /** PCM samples per access unit (1024 for AAC-LC): the duration of every frame in ticks. */
  readonly samplesPerFrame: number;
  /** Ticks per second of the input `dts` (1000 for RTMP). */
  readonly inputTimescale: number;
}

/**
 * `AudioClock` maps the millisecond timestamps of audio frames to sample ticks. The ingest clock cannot
 * carry audio time exactly: an AAC frame lasts 1024 / 48000 s = 21.33 ms and encoders send it rounded to
 * the millisecond (21, 43, 64, ...), and some encoders also drift or drop frames. The mapping:
 *
 * - A discontinuity run starts at `tfdt = round(ms × rate / 1000)` (`start`).
 * - Each following frame advances by exactly `samplesPerFrame` ticks (`next`), so every sample duration
 *   is one frame (1024 ticks at the sample rate) and the timeline has no rounding noise.
 * - When the counted position differs from `ms × rate / 1000` by more than one frame (the encoder
 *   dropped or inserted frames, or its audio clock drifts against its timestamps), the run re-anchors:
 *   the frame gets `round(ms × rate / 1000)` (never before the previous frame + 1 tick), and only the
 *   previous sample's duration differs from one frame, covering the hole or overlap.
 *
 * Millisecond rounding moves timestamps by at most 0.5 ms (24 ticks at 48 kHz), far below the one-frame
 * threshold, so a well-behaved encoder never re-anchors. Invariant: every decode time is within one frame
 * of `ms × rate / 1000`, which keeps audio within one frame of video (video ticks are `ms × 90` exactly).
 */
export class AudioClock implements SampleClock {
  readonly timescale: number;
  readonly frameTicks: number;
  readonly #scale: number;
  #last = 0;
  #reanchors = 0;

  constructor(options: AudioClockOptions) {
    this.timescale = options.sampleRate;
    this.frameTicks = options.samplesPerFrame;
    this.#scale = options.sampleRate / options.inputTimescale;
  }

  /** Times the clock re-anchored inside a run (dropped, inserted or drifting frames). */
  get reanchorCount(): number {
    return this.#reanchors;
  }

  start(dts: number): number {
    this.#last = Math.round(dts * this.#scale);
    return this.#last;
  }

  next(dts: number): number {
    const exact = dts * this.#scale;
    const counted = this.#last + this.frameTicks;
    if (Math.abs(counted - exact) <= this.frameTicks) {
      this.#last = counted;
    } else {
      this.#reanchors++;
      this.#last = Math.max(Math.round(exact), this.#last + 1);
    }
    return this.#last;
  }

  ticks(inputDuration: number): number {
    return Math.round(inputDuration * this.#scale);
  }
}
