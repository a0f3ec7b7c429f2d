import { describe, expect, it } from 'vitest';
import { readMpd, type Mpd } from '../test-support/mpd-reader.js';
import { seconds, T0, testPresentation, testRendition } from '../test-support/test-window.js';
import { buildMpd } from './mpd.js';

/** Where a Representation puts segment `number` on the wall clock: AST + Period@start + (t - PTO) / timescale. */
function wallOf(mpd: Mpd, periodIndex: number, id: string, number: number): number | undefined {
  const period = mpd.periods[periodIndex];
  const rep = period?.representations.find((r) => r.id === id);
  const s = rep?.segments.find((x) => x.number === number);
  if (period === undefined || rep === undefined || s === undefined) {
    return undefined;
  }
  return T0 + period.startMs + ((s.t - rep.presentationTimeOffset) * 1000) / rep.timescale;
}

const videoSegments = (n: number) => Array.from({ length: n }, () => ({ duration: seconds(2) }));

describe('DASH Periods', () => {
  it('lists an audio segment that spans a video-only change in both Periods, connected', () => {
    const mpd = readMpd(
      buildMpd(
        testPresentation([
          testRendition({
            id: 'video',
            kind: 'video',
            segments: [...videoSegments(2), { duration: seconds(2), discontinuity: true, initVersion: 1 }],
          }),
          testRendition({
            id: 'audio',
            kind: 'audio',
            segments: Array.from({ length: 3 }, () => ({ duration: 72_000 })),
          }),
        ]),
      ),
    );
    expect(mpd.periods.map((p) => p.startMs)).toEqual([0, 4000]);
    const audio = mpd.periods.map((p) =>
      p.representations.find((r) => r.id === 'audio')?.segments.map((s) => s.number),
    );
    // Audio segments of 1.5 s: 0-1.5, 1.5-3, 3-4.5; the third spans the change at 4 s.
    expect(audio).toEqual([[0, 1, 2], [2]]);
    expect(wallOf(mpd, 1, 'audio', 2)).toBe(T0 + 3000);
    expect(mpd.periods[1]?.connectedTo).toEqual(['1<-p0']);
  });

  /**
   * Video and audio restart together after a 2 s outage, their timelines going on (the ingest rebases
   * them) or, with `fromZero`, restarting at 0; audio's first sample `audioLagMs` after video's.
   */
  const restartTogether = (
    audioLagMs: number,
    { compositionOffset, fromZero = false }: { compositionOffset?: number; fromZero?: boolean } = {},
  ) =>
    readMpd(
      buildMpd(
        testPresentation([
          testRendition({
            id: 'video',
            kind: 'video',
            segments: [
              ...videoSegments(2),
              {
                duration: seconds(2),
                discontinuity: true,
                gapMs: 2000,
                ...(fromZero ? { startTime: 0 } : {}),
                ...(compositionOffset === undefined ? {} : { compositionOffset }),
              },
            ],
          }),
          testRendition({
            id: 'audio',
            kind: 'audio',
            segments: [
              { duration: 96_000 },
              { duration: 96_000 },
              {
                duration: 96_000,
                discontinuity: true,
                gapMs: 2000 + audioLagMs,
                ...(fromZero ? { startTime: 0 } : {}),
              },
            ],
          }),
        ]),
      ),
    );

  it('shares one Period between renditions restarting together, at the video restart', () => {
    // Audio comes back 40 ms before video: its first 40 ms fall before the Period.
    const mpd = restartTogether(-40, { fromZero: true });
    expect(mpd.periods.map((p) => p.startMs)).toEqual([0, 6000]);
    const audio = mpd.periods[1]?.representations.find((r) => r.id === 'audio');
    expect(audio?.presentationTimeOffset).toBe(1920);
    expect(wallOf(mpd, 1, 'audio', 2)).toBe(T0 + 5960);
    expect(mpd.periods[1]?.connectedTo).toEqual([]);
  });

  /** Two video renditions; `low` restarts `earlierMs` before `main`, which restarts 1 s after its first 2 s. */
  const lowRestartingEarlier = (earlierMs: number) =>
    readMpd(
      buildMpd(
        testPresentation([
          testRendition({
            id: 'main',
            kind: 'video',
            segments: [...videoSegments(1), { duration: seconds(2), discontinuity: true, gapMs: 1000 }],
          }),
          testRendition({
            id: 'low',
            kind: 'video',
            segments: [
              ...videoSegments(1),
              { duration: seconds(2), discontinuity: true, gapMs: 1000 - earlierMs },
            ],
          }),
        ]),
      ),
    );

  it('keeps a video rendition that restarts just before the boundary on its own clock, within the append window', () => {
    const mpd = lowRestartingEarlier(30);
    expect(mpd.periods.map((p) => p.startMs)).toEqual([0, 3000]);
    // Its first picture is shown 30 ms before the Period start: players keep 100 ms before it.
    expect(wallOf(mpd, 1, 'low', 1)).toBe(T0 + 2970);
    expect(wallOf(mpd, 1, 'main', 1)).toBe(T0 + 3000);
  });

  it('never cuts a video key frame: a picture shown further before the Period start moves the PTO', () => {
    const mpd = lowRestartingEarlier(95);
    expect(mpd.periods.map((p) => p.startMs)).toEqual([0, 3000]);
    // Pulled to 80 ms before the Period start (a 15 ms lip-sync error instead of a lost GOP).
    expect(wallOf(mpd, 1, 'low', 1)).toBe(T0 + 2920);
  });

  it('starts a shared Period where audio that comes back after video begins, both on their clocks', () => {
    const mpd = restartTogether(40);
    expect(mpd.periods.map((p) => p.startMs)).toEqual([0, 6040]);
    expect(wallOf(mpd, 1, 'audio', 2)).toBe(T0 + 6040);
    // Video's first picture 40 ms before the Period start: inside the append window, in sync.
    expect(wallOf(mpd, 1, 'video', 2)).toBe(T0 + 6000);
  });

  it("starts a shared Period at video's first shown picture (B-frames), not at its decode time", () => {
    // The first picture is shown 67 ms (6030 ticks) after its decode time; audio starts 46 ms after it.
    const mpd = restartTogether(46, { compositionOffset: 6030 });
    expect(mpd.periods.map((p) => p.startMs)).toEqual([0, 6067]);
    const video = mpd.periods[1]?.representations.find((r) => r.id === 'video');
    expect(video?.presentationTimeOffset).toBe(seconds(4) + 6030);
    expect(wallOf(mpd, 1, 'audio', 2)).toBe(T0 + 6046);
  });

  it('moves a shared Period start at most 80 ms past the first video picture for late audio', () => {
    const mpd = restartTogether(300);
    expect(mpd.periods.map((p) => p.startMs)).toEqual([0, 6080]);
    expect(wallOf(mpd, 1, 'video', 2)).toBe(T0 + 6000);
    expect(wallOf(mpd, 1, 'audio', 2)).toBe(T0 + 6300);
  });

  it('opens a Period for a rendition that restarts alone, and the others go on through it', () => {
    const mpd = readMpd(
      buildMpd(
        testPresentation([
          testRendition({ id: 'main', kind: 'video', segments: videoSegments(4) }),
          testRendition({
            id: 'low',
            kind: 'video',
            segments: [
              ...videoSegments(2),
              { duration: seconds(2), discontinuity: true, gapMs: 1000, startTime: 0 },
            ],
          }),
        ]),
      ),
    );
    expect(mpd.periods.map((p) => p.startMs)).toEqual([0, 5000]);
    const main = mpd.periods.map((p) =>
      p.representations.find((r) => r.id === 'main')?.segments.map((s) => s.number),
    );
    expect(main).toEqual([
      [0, 1, 2],
      [2, 3],
    ]);
    expect(wallOf(mpd, 1, 'main', 3)).toBe(T0 + 6000);
  });

  it('keeps Period@start and presentationTimeOffset while the run start slides out of the window', () => {
    const history = (keepLast: number) =>
      testPresentation([
        testRendition({
          id: 'video',
          kind: 'video',
          startTime: 123_456,
          keepLast,
          segments: [
            ...videoSegments(3),
            { duration: seconds(2), discontinuity: true, gapMs: 777, startTime: 5 },
            ...videoSegments(4),
          ],
        }),
      ]);
    const periods = [6, 5, 4, 3, 2].map((keep) => readMpd(buildMpd(history(keep))).periods.at(-1));
    expect(
      new Set(periods.map((p) => `${p?.id} ${p?.startMs} ${p?.representations[0]?.presentationTimeOffset}`))
        .size,
    ).toBe(1);
    expect(periods[0]?.startMs).toBe(6777);
  });

  it('drops leading Periods that no longer hold the reference rendition', () => {
    const mpd = readMpd(
      buildMpd(
        testPresentation([
          testRendition({
            id: 'video',
            kind: 'video',
            keepLast: 1,
            segments: [...videoSegments(2), { duration: seconds(2), discontinuity: true, initVersion: 1 }],
          }),
          testRendition({
            id: 'audio',
            kind: 'audio',
            segments: Array.from({ length: 4 }, () => ({ duration: 72_000 })),
          }),
        ]),
      ),
    );
    expect(mpd.periods.map((p) => p.id)).toEqual(['p4000']);
    expect(
      mpd.periods[0]?.representations.find((r) => r.id === 'audio')?.segments.map((s) => s.number),
    ).toEqual([2, 3]);
  });

  it('gives every Period the codecs and size of its own init segment', () => {
    const mpd = readMpd(
      buildMpd(
        testPresentation([
          testRendition({
            id: 'video',
            kind: 'video',
            codecString: 'hvc1.1.6.L120.B0',
            width: 1920,
            height: 1080,
            previousConfigurations: [
              { initVersion: 0, codecString: 'avc1.64001f', width: 1280, height: 720 },
            ],
            segments: [...videoSegments(1), { duration: seconds(2), discontinuity: true, initVersion: 1 }],
          }),
        ]),
      ),
    );
    const reps = mpd.periods.map((p) => p.representations[0]);
    expect(reps.map((r) => [r?.attributes['codecs'], r?.attributes['width'], r?.initialization])).toEqual([
      ['avc1.64001f', '1280', 'video/init-0.mp4'],
      ['hvc1.1.6.L120.B0', '1920', 'video/init-1.mp4'],
    ]);
  });
});
