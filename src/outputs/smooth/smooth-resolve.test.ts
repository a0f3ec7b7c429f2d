import { describe, expect, it } from 'vitest';
import { smoothPresentation } from './smooth-presentation.js';
import { resolveSmoothFragment, type SmoothFragmentRequest } from './smooth-resolve.js';
import { slidingCodecs, slidingPresentation, smoothCases } from './test-support/smooth-cases.js';

function presentationOf(name: string) {
  const c = smoothCases.find((x) => x.name === name);
  if (c === undefined) {
    throw new Error(`no Smooth case ${name}`);
  }
  return smoothPresentation(c.presentation, c.codecs);
}

interface Row {
  readonly name: string;
  readonly request: SmoothFragmentRequest;
  /** [rendition, sequence, lookahead times] or undefined for a 404. */
  readonly want: readonly [string, number, readonly number[]] | undefined;
}

describe('resolveSmoothFragment (multi-bitrate)', () => {
  const p = presentationOf('multi-bitrate');
  const rows: Row[] = [
    {
      name: 'exact bitrate and time',
      request: { streamName: 'video', bitrate: 2_500_000, time: 0 },
      want: ['video_2500000', 10, [180_000, 360_000]],
    },
    {
      name: 'the other QualityLevel',
      request: { streamName: 'video', bitrate: 800_000, time: 180_000 },
      want: ['video_800000', 11, [360_000]],
    },
    {
      name: 'an old bitrate: the nearest one',
      request: { streamName: 'video', bitrate: 2_300_000, time: 0 },
      want: ['video_2500000', 10, [180_000, 360_000]],
    },
    {
      name: 'below every bitrate',
      request: { streamName: 'video', bitrate: 1, time: 360_000 },
      want: ['video_800000', 12, []],
    },
    {
      name: 'the stream name in another case',
      request: { streamName: 'VIDEO', bitrate: 800_000, time: 0 },
      want: ['video_800000', 10, [180_000, 360_000]],
    },
    // The high rendition already has its fourth segment; the StreamIndex lists it once both have it.
    {
      name: 'a segment not listed yet',
      request: { streamName: 'video', bitrate: 2_500_000, time: 540_000 },
      want: ['video_2500000', 13, []],
    },
    {
      name: 'a segment the low rendition lacks',
      request: { streamName: 'video', bitrate: 800_000, time: 540_000 },
      want: undefined,
    },
    {
      name: 'a time inside a fragment',
      request: { streamName: 'video', bitrate: 2_500_000, time: 90_000 },
      want: undefined,
    },
    {
      name: 'a time before the window',
      request: { streamName: 'video', bitrate: 2_500_000, time: -180_000 },
      want: undefined,
    },
    {
      name: 'audio',
      request: { streamName: 'audio', bitrate: 130_000, time: 288_000 },
      want: ['audio_128000', 13, []],
    },
    {
      name: 'an unknown stream',
      request: { streamName: 'audio_2', bitrate: 130_000, time: 0 },
      want: undefined,
    },
  ];
  it.each(rows)('$name', ({ request, want }) => {
    const t = resolveSmoothFragment(p, request);
    expect(t && [t.renditionId, t.segment.sequence, t.lookahead.map((c) => c.time)]).toEqual(want);
    if (t !== undefined) {
      expect(t.segment.startTime).toBe(request.time);
    }
  });
});

describe('resolveSmoothFragment across cases', () => {
  it('finds every listed fragment of every QualityLevel, with the next two as look-ahead', () => {
    for (const c of smoothCases) {
      const p = smoothPresentation(c.presentation, c.codecs);
      for (const s of p.streams) {
        for (const q of s.qualityLevels) {
          s.fragments.forEach((entry, i) => {
            const t = resolveSmoothFragment(p, { streamName: s.name, bitrate: q.bitrate, time: entry.time });
            expect(t?.renditionId, `${c.name} ${s.name} ${q.bitrate} ${entry.time}`).toBe(q.renditionId);
            expect(t?.segment.duration).toBe(entry.duration);
            expect(t?.lookahead).toEqual(s.fragments.slice(i + 1, i + 3));
          });
        }
      }
    }
  });

  it('answers the URLs of an older manifest after the window slid', () => {
    const before = smoothPresentation(slidingPresentation(0), slidingCodecs);
    const after = smoothPresentation(slidingPresentation(3), slidingCodecs);
    for (const s of before.streams) {
      for (const q of s.qualityLevels) {
        const last = s.fragments.at(-1);
        const t =
          last && resolveSmoothFragment(after, { streamName: s.name, bitrate: q.bitrate, time: last.time });
        expect(t?.renditionId).toBe(q.renditionId);
      }
    }
  });

  it('does not serve segments of an older init segment or of a run before a restart', () => {
    const change = presentationOf('codec-change');
    expect(
      resolveSmoothFragment(change, { streamName: 'video', bitrate: 2_000_000, time: 0 }),
    ).toBeUndefined();
    expect(
      resolveSmoothFragment(change, { streamName: 'video', bitrate: 2_000_000, time: 540_000 })?.segment
        .sequence,
    ).toBe(13);
    const restart = presentationOf('discontinuity-restart');
    const t = resolveSmoothFragment(restart, { streamName: 'video', bitrate: 2_000_000, time: 0 });
    expect(t?.segment.sequence).toBe(14);
    expect(t?.segment.discontinuity).toBe(true);
  });
});
