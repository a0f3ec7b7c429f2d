import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PresentationWindow, RenditionWindow } from '../../packager/rendition-window.js';
import { buildMediaPlaylist } from '../hls/media-playlist.js';
import { readMpd } from '../test-support/mpd-reader.js';
import { renditionSpecArbitrary } from '../test-support/random-window.js';
import {
  seconds,
  testPresentation,
  testRendition,
  type TestRenditionSpec,
} from '../test-support/test-window.js';
import { parseXmlTree } from '../test-support/xml-tree.js';
import { runAnchors, wallClockMs } from '../wall-clock.js';
import { buildMpd } from './mpd.js';

/** Every S of every Representation must be a real segment of its rendition: same number, `t` and `d`. */
function expectTimelinesMatch(
  presentation: PresentationWindow,
  text: string,
): Map<RenditionWindow, number[]> {
  const mpd = readMpd(text);
  const listed = new Map<RenditionWindow, number[]>();
  let previousStart = Number.NEGATIVE_INFINITY;
  for (const period of mpd.periods) {
    expect(period.startMs).toBeGreaterThan(previousStart);
    previousStart = period.startMs;
    for (const rep of period.representations) {
      const window = presentation.renditions.find((r) => r.id === rep.id);
      if (window === undefined) {
        throw new Error(`unknown representation ${rep.id}`);
      }
      expect(rep.segments.length).toBeGreaterThan(0);
      for (const s of rep.segments) {
        const segment = window.segments.find((x) => x.sequence === s.number);
        expect([s.number, s.t, s.d]).toEqual([segment?.sequence, segment?.startTime, segment?.duration]);
        expect(rep.initialization).toBe(`${window.id}/init-${segment?.initVersion}.mp4`);
      }
      listed.set(window, [...(listed.get(window) ?? []), ...rep.segments.map((s) => s.number)]);
    }
  }
  return listed;
}

const history = fc.tuple(renditionSpecArbitrary('video', 'video'), fc.integer({ min: 1, max: 20 }));

describe('buildMpd', () => {
  it('lists every segment of a single rendition once, with SegmentTimeline t continuity (property)', () => {
    fc.assert(
      fc.property(renditionSpecArbitrary('video', 'video'), (spec) => {
        const window = testRendition(spec);
        const presentation = testPresentation([window]);
        const listed = expectTimelinesMatch(presentation, buildMpd(presentation));
        expect(listed.get(window) ?? []).toEqual(window.segments.map((s) => s.sequence));
      }),
      { numRuns: 300, seed: 23009 },
    );
  });

  it('maps every segment to the wall clock of its EXT-X-PROGRAM-DATE-TIME (property)', () => {
    fc.assert(
      fc.property(renditionSpecArbitrary('video', 'video'), (spec) => {
        const window = testRendition(spec);
        const presentation = testPresentation([window]);
        const mpd = readMpd(buildMpd(presentation));
        const anchors = runAnchors(window.segments);
        const pdt = new Map<number, number>();
        const lines = buildMediaPlaylist(window).split('\n');
        lines.forEach((line, i) => {
          if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) {
            const uri = lines.slice(i).find((l) => !l.startsWith('#'));
            pdt.set(Number(uri?.split('.')[0]), Date.parse(line.slice(25)));
          }
        });
        for (const period of mpd.periods) {
          for (const rep of period.representations) {
            for (const s of rep.segments) {
              const wall =
                presentation.availabilityStartTime +
                period.startMs +
                ((s.t - rep.presentationTimeOffset) * 1000) / rep.timescale;
              const index = window.segments.findIndex((x) => x.sequence === s.number);
              const anchor = anchors[index];
              expect(anchor).toBeDefined();
              expect(
                Math.abs(
                  wall - wallClockMs(anchor ?? { programDateTime: 0, startTime: 0 }, s.t, rep.timescale),
                ),
              ).toBeLessThan(1);
              const tagged = pdt.get(s.number);
              if (tagged !== undefined) {
                expect(Math.abs(wall - tagged)).toBeLessThan(1);
              }
            }
          }
        }
      }),
      { numRuns: 300, seed: 8601 },
    );
  });

  it('keeps Period@start and presentationTimeOffset of a Period across window slides (property)', () => {
    fc.assert(
      fc.property(history, ([spec, size]) => {
        const anchored: TestRenditionSpec = { ...spec, anchored: true };
        const snapshot = (end: number) =>
          readMpd(
            buildMpd(
              testPresentation([
                testRendition({ ...anchored, segments: anchored.segments.slice(0, end), keepLast: size }),
              ]),
            ),
          );
        for (let end = 2; end <= anchored.segments.length; end += 1) {
          const before = snapshot(end - 1);
          const after = snapshot(end);
          for (const period of after.periods) {
            const old = before.periods.find((p) => p.id === period.id);
            if (old !== undefined) {
              expect(period.startMs).toBe(old.startMs);
              expect(period.representations[0]?.presentationTimeOffset).toBe(
                old.representations[0]?.presentationTimeOffset,
              );
            }
          }
        }
      }),
      { numRuns: 60, seed: 2015 },
    );
  });

  it('lists real segments only, and every reference segment, for unaligned renditions (property)', () => {
    fc.assert(
      fc.property(
        renditionSpecArbitrary('video', 'video'),
        renditionSpecArbitrary('audio', 'audio'),
        (v, a) => {
          const video = testRendition(v);
          const presentation = testPresentation([video, testRendition(a)]);
          const text = buildMpd(presentation);
          const listed = expectTimelinesMatch(presentation, text).get(video) ?? [];
          // A segment spanning a boundary opened by the other rendition is listed in both Periods.
          expect([...new Set(listed)]).toEqual(video.segments.map((s) => s.sequence));
          expect(listed.length).toBeLessThanOrEqual(2 * video.segments.length);
        },
      ),
      { numRuns: 200, seed: 4009 },
    );
  });

  it('stays well-formed XML whatever the names, languages and URLs (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (id, language, url) => {
        const window = testRendition({ id, kind: 'audio', language, segments: [{ duration: 96_000 }] });
        const root = parseXmlTree(buildMpd(testPresentation([window]), { utcTimingUrl: url }));
        const utc = root.children.find((c) => c.name === 'UTCTiming');
        expect(utc?.attributes['value']).toBe(
          url.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, ''),
        );
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('escapes identifiers in SegmentTemplate and a literal $ as $$', () => {
    const window = testRendition({ id: 'a&b$c', kind: 'video', segments: [{ duration: seconds(2) }] });
    const text = buildMpd(testPresentation([window]));
    expect(text).toContain('media="a&amp;b$$c/$Number$.m4s"');
    expect(text).toContain('initialization="a&amp;b$$c/init-0.mp4"');
  });

  it('announces a rendition without a measured bandwidth with its fallback, else leaves it out', () => {
    const video = testRendition({ id: 'video', kind: 'video', segments: [{ duration: seconds(2) }] });
    const audio = testRendition({ id: 'audio', kind: 'audio', segments: [{ duration: 96_000 }] });
    const unmeasured = testPresentation([{ ...video, bandwidth: 0 }, audio]);
    expect(buildMpd(unmeasured)).not.toContain('id="video"');
    expect(buildMpd(unmeasured, { fallbackBandwidth: { video: 4_000_000 } })).toContain(
      '<Representation id="video" bandwidth="4000000"',
    );
  });

  it('takes minimumUpdatePeriod, suggestedPresentationDelay and the UTC timing URL from the options', () => {
    const window = testRendition({ id: 'video', kind: 'video', segments: [{ duration: seconds(2) }] });
    const text = buildMpd(testPresentation([window]), {
      minimumUpdatePeriod: 1,
      suggestedPresentationDelay: 4.5,
      utcTimingUrl: 'https://time.example/iso?x=1&y=2',
    });
    expect(text).toContain('minimumUpdatePeriod="PT1S"');
    expect(text).toContain('suggestedPresentationDelay="PT4.5S"');
    expect(text).toContain('value="https://time.example/iso?x=1&amp;y=2"');
  });

  it('starts a static MPD of an ended archive at PT0S whatever the wall clock', () => {
    const window = testRendition({
      id: 'video',
      kind: 'video',
      ended: true,
      keepLast: 2,
      segments: [
        { duration: seconds(2) },
        { duration: seconds(2), discontinuity: true, gapMs: 4000 },
        { duration: seconds(3) },
      ],
    });
    const mpd = readMpd(buildMpd(testPresentation([window])));
    expect(mpd.root.attributes['type']).toBe('static');
    expect(mpd.root.attributes['mediaPresentationDuration']).toBe('PT5S');
    expect(mpd.periods.map((p) => p.startMs)).toEqual([0]);
  });
});
