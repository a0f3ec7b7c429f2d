import { expect } from 'vitest';
import type { SentUnit } from '../../src/packager/test-support/synthetic-encoder.js';
import type { TrackSamples } from './preview-media.js';

/** `SentFrame` is one coded frame as the encoder sent it: FLV times in milliseconds, payload size. */
export interface SentFrame {
  /** Decode time (the FLV tag timestamp), ms. */
  readonly dts: number;
  /** Composition time offset, ms (0 for audio). */
  readonly cts: number;
  readonly keyframe: boolean;
  readonly size: number;
}

/** `sentFrames` turns the units of an FLV file (`readFlvMedia`) into `SentFrame`s. */
export function sentFrames(units: readonly SentUnit[]): SentFrame[] {
  return units.map((u) => ({ dts: u.e, cts: u.cts, keyframe: u.keyframe, size: u.data.byteLength }));
}

/** AAC-LC: 1024 samples per frame (ISO/IEC 14496-3 §4.5.1.1, frameLengthFlag 0). */
const AAC_FRAME_SAMPLES = 1024;
/**
 * FLV timestamps are whole milliseconds: each sent audio time is off by up to half of one, so the
 * distance between two of them by up to one.
 */
const MS_ROUNDING = 1;

/**
 * `expectSentSamples` checks that `read` (mp4box.js) holds exactly the `sent` frames in order: same
 * count and sizes; video with the sent decode-time steps, composition offsets and sync flags (the 90 kHz
 * clock is exact for milliseconds); audio as back-to-back 1024-sample frames whose times stay within the
 * millisecond rounding of the sent timestamps.
 */
export function expectSentSamples(
  read: TrackSamples,
  sent: readonly SentFrame[],
  kind: 'video' | 'audio',
): void {
  const { samples, timescale } = read;
  const perMs = timescale / 1000;
  expect(samples.length).toBe(sent.length);
  expect(samples.map((s) => s.size)).toEqual(sent.map((f) => f.size));
  const s0 = samples[0]?.dts ?? 0;
  const f0 = sent[0]?.dts ?? 0;
  if (kind === 'video') {
    expect(samples.map((s) => [s.dts - s0, s.cts - s.dts, s.is_sync])).toEqual(
      sent.map((f) => [(f.dts - f0) * perMs, f.cts * perMs, f.keyframe]),
    );
    // Every duration but the last is the step to the next decode time (the last one is nominal).
    expect(samples.slice(0, -1).map((s) => s.duration)).toEqual(
      sent.slice(1).map((f, i) => (f.dts - (sent[i]?.dts ?? 0)) * perMs),
    );
  } else {
    expect(new Set(samples.map((s) => s.duration))).toEqual(new Set([AAC_FRAME_SAMPLES]));
    expect(samples.map((s) => s.dts - s0)).toEqual(samples.map((_, i) => i * AAC_FRAME_SAMPLES));
    const drift = samples.map((s, i) => Math.abs((s.dts - s0) / perMs - ((sent[i]?.dts ?? 0) - f0)));
    expect(Math.max(...drift)).toBeLessThanOrEqual(MS_ROUNDING + 1000 / timescale);
  }
}

/**
 * `sentCountsPerSegment` counts, for each segment (parsed alone), the sent frames whose time falls in the
 * segment's span: from its first sample to the next segment's first sample. Times are compared in
 * seconds relative to a common origin (`originSeconds` on the media clock ↔ `originMs` of the FLV);
 * `toleranceMs` absorbs the millisecond rounding of FLV timestamps.
 */
export function sentCountsPerSegment(
  segments: readonly TrackSamples[],
  sent: readonly SentFrame[],
  origin: { readonly seconds: number; readonly ms: number },
  toleranceMs = 2,
): number[] {
  const starts = segments.map((s) => (s.samples[0]?.dts ?? NaN) / s.timescale - origin.seconds);
  return starts.map((start, i) => {
    const end = starts[i + 1] ?? Infinity;
    const tolerance = toleranceMs / 1000;
    return sent.filter((f) => {
      const t = (f.dts - origin.ms) / 1000;
      return t >= start - tolerance && t < end - tolerance;
    }).length;
  });
}
