import type { Track } from './track.js';

/**
 * `nominalFrameDuration` is the duration of one access unit of `track` in its timescale's ticks: for
 * audio `samplesPerFrame * timescale / sampleRate` (exact: an AAC frame holds a fixed number of samples,
 * ISO/IEC 14496-3 §1.6.2.1); for video `timescale / frameRate` when the encoder declared a frame rate
 * (`onMetaData.framerate`), else `undefined` (the `Timeline` then learns it). May be fractional (AAC-LC at
 * 44.1 kHz: 23.22 ms).
 */
export function nominalFrameDuration(track: Track, frameRate?: number): number | undefined {
  const { config } = track;
  if (config.kind === 'audio') {
    return config.sampleRate > 0 ? (config.samplesPerFrame * track.timescale) / config.sampleRate : undefined;
  }
  return frameRate !== undefined && Number.isFinite(frameRate) && frameRate > 0
    ? track.timescale / frameRate
    : undefined;
}
