import type { Segment } from './rendition-window.js';

/** `WindowBandwidth` is the bitrate of a window of segments, bits per second. */
export interface WindowBandwidth {
  /** RFC 8216bis §4.4.6.2 BANDWIDTH: the peak segment bit rate. */
  readonly peak: number;
  /** RFC 8216bis §4.4.6.2 AVERAGE-BANDWIDTH: all bytes over all time. */
  readonly average: number;
}

/** RFC 8216bis §4.4.6.2: the peak is measured over sets of segments lasting 0.5 to 1.5 target durations. */
const MIN_SET_TARGET_DURATIONS = 0.5;
const MAX_SET_TARGET_DURATIONS = 1.5;

/**
 * `windowBandwidth` measures `segments` from their real byte counts (`styp`, `moof` and `mdat` included,
 * as a player downloads them). Peak (RFC 8216bis §4.4.6.2): "the largest bit rate of any contiguous set of
 * segments whose total duration is between 0.5 and 1.5 times the target duration"; a single segment longer
 * than that counts alone, and a window too short for any set uses the average. O(window) per call.
 */
export function windowBandwidth(
  segments: readonly Segment[],
  timescale: number,
  targetDuration: number,
): WindowBandwidth {
  let bytes = 0;
  let ticks = 0;
  for (const s of segments) {
    bytes += s.byteLength;
    ticks += s.duration;
  }
  const average = ticks > 0 ? (bytes * 8 * timescale) / ticks : 0;
  const minTicks = MIN_SET_TARGET_DURATIONS * targetDuration * timescale;
  const maxTicks = MAX_SET_TARGET_DURATIONS * targetDuration * timescale;
  let peak = 0;
  for (let i = 0; i < segments.length; i++) {
    let setBytes = 0;
    let setTicks = 0;
    for (let j = i; j < segments.length && setTicks < minTicks; j++) {
      const s = segments[j] as Segment;
      setBytes += s.byteLength;
      setTicks += s.duration;
    }
    const single = setTicks > maxTicks && (segments[i]?.duration ?? 0) >= setTicks;
    if (setTicks >= minTicks && (setTicks <= maxTicks || single)) {
      peak = Math.max(peak, (setBytes * 8 * timescale) / setTicks);
    }
  }
  return { peak: peak > 0 ? peak : average, average };
}
