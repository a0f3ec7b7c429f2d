import { expect } from 'vitest';
import { concatChunks } from '../../formats/fmp4/box.js';
import { readMediaSegment, type SampleInfo } from '../../formats/fmp4/reader/read-media-segment.js';
import { isSyncSampleFlags } from '../../formats/fmp4/sample-flags.js';
import type { PublishedSegment, ReleasedUnit } from './packager-pipeline.js';

/** `RenditionCheck` summarises what `checkRendition` verified. */
export interface RenditionCheck {
  readonly samples: number;
  /** Audio: samples whose duration is not one frame. */
  readonly oddDurations: number;
  /** Largest |decode time − ms × timescale / 1000| over all samples, ticks. */
  readonly maxClockError: number;
}

/**
 * `checkRendition` reads every published segment of a rendition with the fMP4 reader and checks it
 * against the units the fragmenter released, in order: `styp` brands, one sample per unit with its size,
 * `tfdt` of every chunk = the end of the previous one, sum of sample durations = segment duration, parts
 * = chunks, `mfhd` + 1 per chunk, sequences + 1 per segment, contiguous times within a discontinuity run.
 * Video: decode time = ms × 90 for every sample, composition offset = (pts − dts) × 90, sync flag = key
 * frame, the first sample of each segment a key frame, durations = DTS steps × 90. Audio: durations one
 * frame, decode times within one frame of ms × rate / 1000.
 */
export function checkRendition(
  kind: 'video' | 'audio',
  timescale: number,
  published: readonly PublishedSegment[],
  units: readonly ReleasedUnit[],
  frameTicks = 1024,
): RenditionCheck {
  let u = 0;
  let mfhd: number | undefined;
  let oddDurations = 0;
  let maxClockError = 0;
  published.forEach(({ segment, chunks }, index) => {
    const previous = published[index - 1]?.segment;
    if (previous !== undefined) {
      expect(segment.sequence).toBe(previous.sequence + 1);
      if (!segment.discontinuity) {
        expect(segment.startTime).toBe(previous.startTime + previous.duration);
        expect(segment.discontinuitySequence).toBe(previous.discontinuitySequence);
      } else {
        expect(segment.discontinuitySequence).toBe(previous.discontinuitySequence + 1);
      }
    }
    const bytes = concatChunks(chunks);
    expect(bytes.byteLength).toBe(segment.byteLength);
    const info = readMediaSegment(bytes);
    expect(info.brands?.major).toBe('msdh');
    expect(info.movieFragments.map((f) => f.tracks.length)).toEqual(info.movieFragments.map(() => 1));
    expect(segment.parts.map((p) => p.index)).toEqual(info.movieFragments.map((_f, i) => i));
    let tick = segment.startTime;
    const samples: SampleInfo[] = [];
    info.movieFragments.forEach((chunk, i) => {
      const track = chunk.tracks[0];
      const part = segment.parts[i];
      expect(mfhd === undefined || chunk.sequenceNumber === mfhd + 1).toBe(true);
      mfhd = chunk.sequenceNumber;
      expect(track?.baseMediaDecodeTime).toBe(tick);
      const duration = (track?.samples ?? []).reduce((n, s) => n + s.duration, 0);
      expect(part?.duration).toBe(duration);
      const end = info.movieFragments[i + 1]?.moof.start ?? bytes.byteLength;
      expect(part?.byteLength).toBe(end - chunk.moof.start);
      expect(part?.independent).toBe(isSyncSampleFlags(track?.samples[0]?.flags ?? 0));
      tick += duration;
      samples.push(...(track?.samples ?? []));
    });
    expect(tick - segment.startTime).toBe(segment.duration);
    if (kind === 'video') {
      expect(isSyncSampleFlags(samples[0]?.flags ?? 0)).toBe(true);
    }
    let t = segment.startTime;
    samples.forEach((sample, i) => {
      const unit = units[u++];
      expect(unit).toBeDefined();
      if (unit === undefined) {
        return;
      }
      expect(sample.size).toBe(unit.size);
      const exact = (unit.dts * timescale) / 1000;
      maxClockError = Math.max(maxClockError, Math.abs(t - exact));
      if (kind === 'video') {
        expect(t).toBe(unit.dts * 90);
        expect(sample.compositionOffset).toBe((unit.pts - unit.dts) * 90);
        expect(isSyncSampleFlags(sample.flags)).toBe(unit.keyframe);
        const next = units[u];
        const last = i === samples.length - 1;
        if (next !== undefined && !(last && next.discontinuity)) {
          expect(sample.duration).toBe((next.dts - unit.dts) * 90);
        }
      } else if (sample.duration !== frameTicks) {
        oddDurations++;
      }
      t += sample.duration;
    });
  });
  expect(u).toBe(units.length);
  return { samples: u, oddDurations, maxClockError };
}
