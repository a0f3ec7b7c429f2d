import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Segment } from '../../packager/rendition-window.js';
import {
  seconds,
  T0,
  testPresentation,
  testRendition,
  type TestRenditionSpec,
  type TestSegmentSpec,
} from '../test-support/test-window.js';
import { AUDIO_SEGMENT } from './test-support/ts-playlist-cases.js';
import { listTsSegments, type TsSegmentEntry } from './ts-listing.js';
import { planTsSegment } from './ts-plan.js';
import { buildTsMediaPlaylist } from './ts-playlists.js';

const video = (segments: readonly TestSegmentSpec[], extra: Partial<TestRenditionSpec> = {}) =>
  testRendition({ id: 'video', kind: 'video', segments, ...extra });
const audio = (segments: readonly TestSegmentSpec[], extra: Partial<TestRenditionSpec> = {}) =>
  testRendition({ id: 'audio', kind: 'audio', segments, ...extra });
const twoSeconds = (count: number): TestSegmentSpec[] =>
  Array.from({ length: count }, () => ({ duration: seconds(2) }));
const audioSegments = (count: number): TestSegmentSpec[] =>
  Array.from({ length: count }, () => ({ duration: AUDIO_SEGMENT }));
const listed = (v: ReturnType<typeof video>, a?: ReturnType<typeof audio>, n = 1): number[] =>
  listTsSegments(testPresentation(a === undefined ? [v] : [v, a]), 'video', {
    fragmentsPerSegment: n,
  })?.entries.map((e) => e.sequence) ?? [];

describe('listTsSegments: waiting for audio', () => {
  it('lists a segment once audio covers its end, and not before', () => {
    expect(listed(video(twoSeconds(5)), audio(audioSegments(3)))).toEqual([0, 1, 2]);
    // 3 s of audio cover the first segment only.
    expect(listed(video(twoSeconds(4)), audio([{ duration: 3 * 48_000 }]))).toEqual([0]);
  });

  it('stops waiting once the audio ended, started a new run after the segment, or fell three segments behind', () => {
    expect(listed(video(twoSeconds(5)), audio(audioSegments(3), { ended: true }))).toEqual([0, 1, 2, 3, 4]);
    const laterRun = audio([
      { duration: AUDIO_SEGMENT },
      { duration: AUDIO_SEGMENT, discontinuity: true, gapMs: 7000, startTime: 0 },
    ]);
    expect(listed(video(twoSeconds(5)), laterRun)).toEqual([0, 1, 2, 3, 4]);
    expect(listed(video(twoSeconds(5)), audio(audioSegments(1)))).toEqual([0, 1, 2, 3, 4]);
    expect(listed(video(twoSeconds(5)), audio(audioSegments(2)))).toEqual([0, 1]);
    // No audio at all yet: wait, until the video is three segments ahead.
    expect(listed(video(twoSeconds(2)), audio([]))).toEqual([]);
    expect(listed(video(twoSeconds(3)), audio([]))).toEqual([0, 1, 2]);
  });

  it('leaves out a first segment whose audio already slid out of the audio window', () => {
    // Audio holds the last 3 segments: it starts at 4.01 s, after the video segment at 4 s.
    expect(listed(video(twoSeconds(6), { keepLast: 4 }), audio(audioSegments(6), { keepLast: 3 }))).toEqual([
      3, 4, 5,
    ]);
    expect(listed(video(twoSeconds(6), { keepLast: 4 }), audio(audioSegments(6), { keepLast: 4 }))).toEqual([
      2, 3, 4, 5,
    ]);
  });

  it('is not ended while a segment of an ended video waits for audio', () => {
    const ended = (a: ReturnType<typeof audio>) =>
      buildTsMediaPlaylist(testPresentation([video(twoSeconds(3), { ended: true }), a]), 'video', {
        version: 4,
      });
    expect(ended(audio(audioSegments(2)))).not.toContain('EXT-X-ENDLIST');
    expect(ended(audio(audioSegments(3), { ended: true }))).toContain('#EXT-X-ENDLIST\n');
  });

  it('lists video-only and audio-only presentations without waiting', () => {
    expect(listed(video(twoSeconds(3)))).toEqual([0, 1, 2]);
    const audioOnly = testPresentation([audio(audioSegments(3))]);
    expect(listTsSegments(audioOnly, 'audio')?.entries.map((e) => e.sequence)).toEqual([0, 1, 2]);
    expect(listTsSegments(audioOnly, 'video')).toBeUndefined();
  });
});

describe('planTsSegment', () => {
  const presentation = testPresentation([video(twoSeconds(4)), audio(audioSegments(4))]);

  it('names the CMAF segments of the group and the audio segments overlapping its span', () => {
    const plan = planTsSegment(presentation, 'video', 1, { fragmentsPerSegment: 2 });
    expect(plan?.video?.segments.map((s) => s.sequence)).toEqual([2, 3]);
    expect(plan?.video?.initVersions).toEqual([0]);
    // Audio 1 ends at 4.01 s, inside the span [4 s, 8 s): its last frame may start there.
    expect(plan?.audio?.segments.map((s) => s.sequence)).toEqual([1, 2, 3]);
    expect(plan?.audio?.alignment).toEqual({
      from: T0 + 4000,
      until: T0 + 8000,
      videoAnchor: { programDateTime: T0, startTime: 0 },
      videoTimescale: 90_000,
    });
  });

  it('is undefined for a sequence that is not listed', () => {
    expect(planTsSegment(presentation, 'video', 2, { fragmentsPerSegment: 2 })).toBeUndefined();
    expect(planTsSegment(presentation, 'video', 4)).toBeUndefined();
    expect(planTsSegment(presentation, 'nope', 0)).toBeUndefined();
  });

  it('plans an audio-only segment from the audio alone, on its own clock', () => {
    const plan = planTsSegment(testPresentation([audio(audioSegments(3))]), 'audio', 2);
    expect(plan?.video).toBeUndefined();
    expect(plan?.audio?.segments.map((s) => s.sequence)).toEqual([2]);
    expect(plan?.audio?.alignment).toBeUndefined();
    expect(plan?.audio?.anchors).toEqual([{ programDateTime: T0, startTime: 0 }]);
  });
});

/** A random history of video segments with reconnects, and the audio cut beside it (1 frame longer). */
const historyArbitrary = fc.array(
  fc.record({
    seconds: fc.integer({ min: 1, max: 8 }),
    reconnect: fc.integer({ min: 0, max: 4 }).map((x) => x === 0),
    gapMs: fc.integer({ min: 0, max: 4000 }),
  }),
  { minLength: 1, maxLength: 16 },
);

interface HistoryEntry {
  readonly seconds: number;
  readonly reconnect: boolean;
  readonly gapMs: number;
}

function windowsOf(history: readonly HistoryEntry[], length: number, keep: number, ended: boolean) {
  const take = history.slice(0, length);
  const head = (i: number, r: HistoryEntry) =>
    r.reconnect && i > 0 ? { discontinuity: true, gapMs: r.gapMs, startTime: 0 } : {};
  return testPresentation([
    video(
      take.map((r, i) => ({ duration: seconds(r.seconds), ...head(i, r) })),
      { keepLast: keep, ended },
    ),
    audio(
      take.map((r, i) => ({ duration: (Math.ceil((r.seconds * 48_000) / 1024) + 1) * 1024, ...head(i, r) })),
      { keepLast: keep, ended },
    ),
  ]);
}

const facts = (e: TsSegmentEntry) => ({
  segments: e.segments.map((s: Segment) => s.sequence),
  discontinuity: e.discontinuity,
  discontinuitySequence: e.discontinuitySequence,
  duration: e.duration,
  startWall: e.startWall,
  endWall: e.endWall,
});

describe('TS playlists as the window slides (property)', () => {
  it('names every TS segment the same in every window, with stable sequence numbers and target durations', () => {
    fc.assert(
      fc.property(
        historyArbitrary,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 8 }),
        (history, n, keep) => {
          const full = listTsSegments(windowsOf(history, history.length, history.length, true), 'video', {
            fragmentsPerSegment: n,
          });
          const truth = new Map((full?.entries ?? []).map((e) => [e.sequence, facts(e)]));
          let previous: { mediaSequence: number; discontinuitySequence: number } | undefined;
          for (let length = 1; length <= history.length; length++) {
            const presentation = windowsOf(history, length, keep, false);
            const listing = listTsSegments(presentation, 'video', { fragmentsPerSegment: n });
            const entries = listing?.entries ?? [];
            entries.forEach((e, i) => {
              expect(facts(e)).toEqual(truth.get(e.sequence));
              if (i > 0) {
                expect(e.sequence).toBe((entries[i - 1]?.sequence ?? 0) + 1);
              }
              expect(Math.round(e.duration / 90_000)).toBeLessThanOrEqual(listing?.targetDuration ?? 0);
            });
            const text =
              buildTsMediaPlaylist(presentation, 'video', { version: 4, fragmentsPerSegment: n }) ?? '';
            const value = (tag: string): number =>
              Number(
                text
                  .split('\n')
                  .find((l) => l.startsWith(tag))
                  ?.slice(tag.length),
              );
            const current = {
              mediaSequence: value('#EXT-X-MEDIA-SEQUENCE:'),
              discontinuitySequence: value('#EXT-X-DISCONTINUITY-SEQUENCE:'),
            };
            if (previous !== undefined && entries.length > 0) {
              expect(current.mediaSequence).toBeGreaterThanOrEqual(previous.mediaSequence);
              expect(current.discontinuitySequence).toBeGreaterThanOrEqual(previous.discontinuitySequence);
            }
            if (entries.length > 0) {
              previous = current;
            }
            const tags = text.split('\n').filter((l) => l === '#EXT-X-DISCONTINUITY').length;
            expect(tags).toBe(entries.slice(1).filter((e) => e.discontinuity).length);
          }
        },
      ),
      { numRuns: 200, seed: 4443 },
    );
  });
});
