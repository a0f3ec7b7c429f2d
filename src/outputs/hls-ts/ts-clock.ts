import type { WallClockAnchor } from '../../packager/rendition-window.js';

/** The MPEG-TS system clock for PTS and DTS (ISO/IEC 13818-1 §2.4.3.7). */
export const TS_CLOCK = 90_000;

/** `to90kHz` converts `ticks` of `timescale` to the 90 kHz clock, rounded to the nearest tick. */
export function to90kHz(ticks: number, timescale: number): number {
  return timescale === TS_CLOCK ? ticks : Math.round((ticks * TS_CLOCK) / timescale);
}

/**
 * `wallToTicks` is the media time (ticks of `timescale`) of a run whose anchor is `anchor` at wall-clock
 * `wallMs`: the inverse of `wallClockMs`, so audio lands on the video clock at the instant both renditions'
 * anchors give it (`t = anchor.startTime + (wallMs − anchor.programDateTime) × timescale / 1000`).
 */
export function wallToTicks(anchor: WallClockAnchor, wallMs: number, timescale: number): number {
  return anchor.startTime + ((wallMs - anchor.programDateTime) * timescale) / 1000;
}
