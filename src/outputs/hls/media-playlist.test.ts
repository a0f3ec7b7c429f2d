import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renditionSpecArbitrary } from '../test-support/random-window.js';
import { seconds, testRendition } from '../test-support/test-window.js';
import { buildMediaPlaylist } from './media-playlist.js';

const tags = (text: string, tag: string): string[] => text.split('\n').filter((l) => l.startsWith(tag));
const value = (text: string, tag: string): string | undefined =>
  tags(text, `${tag}:`)[0]?.slice(tag.length + 1);

const live = (extra: Partial<Parameters<typeof testRendition>[0]> = {}) =>
  testRendition({
    id: 'video',
    kind: 'video',
    segments: Array.from({ length: 3 }, () => ({ duration: seconds(2) })),
    ...extra,
  });

describe('buildMediaPlaylist', () => {
  it('gives a first segment that follows a discontinuity no EXT-X-DISCONTINUITY: the sequence counts it', () => {
    const window = live({
      keepLast: 2,
      segments: [
        { duration: seconds(2) },
        { duration: seconds(2), discontinuity: true, gapMs: 500 },
        { duration: seconds(2) },
      ],
    });
    const text = buildMediaPlaylist(window);
    expect(value(text, '#EXT-X-DISCONTINUITY-SEQUENCE')).toBe('1');
    expect(text.split('\n')).not.toContain('#EXT-X-DISCONTINUITY');
    expect(value(text, '#EXT-X-PROGRAM-DATE-TIME')).toBe('2024-01-01T12:00:02.500Z');
  });

  it('marks archives that only grow as EVENT and ended windows as VOD with EXT-X-ENDLIST', () => {
    expect(value(buildMediaPlaylist(live(), { playlistType: 'EVENT' }), '#EXT-X-PLAYLIST-TYPE')).toBe(
      'EVENT',
    );
    const ended = buildMediaPlaylist(live({ ended: true }), { playlistType: 'EVENT' });
    expect(value(ended, '#EXT-X-PLAYLIST-TYPE')).toBe('VOD');
    expect(ended.endsWith('#EXT-X-ENDLIST\n')).toBe(true);
  });

  it('drops every low-latency tag once the window has ended (no preload hint after EXT-X-ENDLIST)', () => {
    const text = buildMediaPlaylist(
      live({ ended: true, partTarget: 0.5, segments: [{ duration: seconds(2), parts: 4 }] }),
    );
    expect(text).not.toMatch(/EXT-X-(PART|PRELOAD-HINT|SERVER-CONTROL|PART-INF|RENDITION-REPORT)/);
    expect(value(text, '#EXT-X-VERSION')).toBe('7');
  });

  it('writes URIs relative to the media playlist for any naming', () => {
    const naming = {
      init: 'archive/{rendition}/i{init}.mp4',
      segment: 'archive/{rendition}/s{sequence}.m4s',
      part: 'archive/{rendition}/s{sequence}p{part}.m4s',
      mediaPlaylist: 'archive/{rendition}.m3u8',
    };
    const text = buildMediaPlaylist(live(), { naming });
    expect(value(text, '#EXT-X-MAP')).toBe('URI="video/i0.mp4"');
    expect(text).toContain('\nvideo/s0.m4s\n');
  });

  it('renders an empty window as a valid header without segments', () => {
    const text = buildMediaPlaylist(live({ segments: [] }));
    expect(text).toBe(
      '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-DISCONTINUITY-SEQUENCE:0\n',
    );
  });

  it('puts EXT-X-MAP and EXT-X-PROGRAM-DATE-TIME before the parts when only a pending segment exists', () => {
    const window = live({
      firstSequence: 7,
      segments: [],
      partTarget: 0.5,
      pending: { parts: [seconds(0.5)] },
    });
    const lines = buildMediaPlaylist(window).trimEnd().split('\n');
    expect(lines.slice(-5)).toEqual([
      '#EXT-X-DISCONTINUITY-SEQUENCE:0',
      '#EXT-X-MAP:URI="init-0.mp4"',
      '#EXT-X-PROGRAM-DATE-TIME:2024-01-01T12:00:00.000Z',
      '#EXT-X-PART:DURATION=0.500,URI="7.0.m4s",INDEPENDENT=YES',
      '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="7.1.m4s"',
    ]);
    expect(value(lines.join('\n'), '#EXT-X-MEDIA-SEQUENCE')).toBe('7');
  });

  it('announces a discontinuity and a new init segment of the pending segment before its first part', () => {
    const window = live({
      partTarget: 0.5,
      segments: [{ duration: seconds(2), parts: 4 }],
      pending: { parts: [seconds(0.5)], discontinuity: true, initVersion: 1, gapMs: 1000 },
    });
    const lines = buildMediaPlaylist(window).trimEnd().split('\n');
    expect(lines.slice(-5)).toEqual([
      '#EXT-X-DISCONTINUITY',
      '#EXT-X-MAP:URI="init-1.mp4"',
      '#EXT-X-PROGRAM-DATE-TIME:2024-01-01T12:00:03.000Z',
      '#EXT-X-PART:DURATION=0.500,URI="1.0.m4s",INDEPENDENT=YES',
      '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="1.1.m4s"',
    ]);
  });

  it('hints part 0 of the next segment when no part of it exists yet', () => {
    const text = buildMediaPlaylist(
      live({ partTarget: 0.5, segments: [{ duration: seconds(2), parts: 4 }] }),
    );
    expect(text.trimEnd().split('\n').at(-1)).toBe('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="1.0.m4s"');
  });

  it('lists parts only for segments within three target durations of the end (RFC 8216bis 6.2.2)', () => {
    const window = live({
      partTarget: 0.5,
      segments: Array.from({ length: 6 }, () => ({ duration: seconds(2), parts: 4 })),
    });
    const parts = tags(buildMediaPlaylist(window), '#EXT-X-PART:');
    expect(parts.length).toBe(12);
    expect(parts[0]).toContain('URI="3.0.m4s"');
  });

  it('raises PART-HOLD-BACK to three part targets and keeps a larger one', () => {
    const window = live({ partTarget: 0.5, segments: [{ duration: seconds(2), parts: 4 }] });
    expect(value(buildMediaPlaylist(window, { partHoldBack: 1 }), '#EXT-X-SERVER-CONTROL')).toContain(
      'PART-HOLD-BACK=1.500',
    );
    expect(value(buildMediaPlaylist(window, { partHoldBack: 3 }), '#EXT-X-SERVER-CONTROL')).toContain(
      'PART-HOLD-BACK=3.000',
    );
  });

  it('advertises blocking reload without low latency only when asked', () => {
    expect(buildMediaPlaylist(live())).not.toContain('EXT-X-SERVER-CONTROL');
    const text = buildMediaPlaylist(live(), { blockingReload: true });
    expect(value(text, '#EXT-X-SERVER-CONTROL')).toBe('CAN-BLOCK-RELOAD=YES');
    expect(value(text, '#EXT-X-VERSION')).toBe('7');
  });

  describe('delta updates (RFC 8216bis 6.2.5.1)', () => {
    const long = live({
      partTarget: 0.5,
      segments: Array.from({ length: 10 }, () => ({ duration: seconds(2), parts: 2 })),
    });

    it('skips the segments that end more than six target durations before the end', () => {
      const text = buildMediaPlaylist(long, { skip: 'YES' });
      expect(value(text, '#EXT-X-SKIP')).toBe('SKIPPED-SEGMENTS=3');
      expect(value(text, '#EXT-X-MEDIA-SEQUENCE')).toBe('0');
      expect(tags(text, '#EXTINF').length).toBe(7);
    });

    it('answers v2 with an empty RECENTLY-REMOVED-DATERANGES (no date ranges are ever published)', () => {
      expect(value(buildMediaPlaylist(long, { skip: 'v2' }), '#EXT-X-SKIP')).toBe(
        'SKIPPED-SEGMENTS=3,RECENTLY-REMOVED-DATERANGES=""',
      );
    });

    it('sends the whole playlist when nothing is old enough to skip', () => {
      expect(buildMediaPlaylist(live({ partTarget: 0.5 }), { skip: 'YES' })).not.toContain('EXT-X-SKIP');
    });

    it('ignores _HLS_skip when delta updates are not advertised or the playlist has ended', () => {
      expect(buildMediaPlaylist(long, { skip: 'YES', deltaUpdates: false })).not.toContain('EXT-X-SKIP');
      expect(buildMediaPlaylist({ ...long, ended: true }, { skip: 'YES' })).not.toContain('EXT-X-SKIP');
    });
  });

  it('keeps media sequence, discontinuity sequence, EXTINF sums and discontinuities right (property)', () => {
    fc.assert(
      fc.property(renditionSpecArbitrary('video', 'video'), fc.boolean(), (spec, skip) => {
        const window = testRendition(spec);
        const text = buildMediaPlaylist(window, skip ? { skip: 'YES' } : {});
        const first = window.segments[0] ?? window.pending;
        expect(value(text, '#EXT-X-MEDIA-SEQUENCE')).toBe(String(first?.sequence ?? 0));
        expect(value(text, '#EXT-X-DISCONTINUITY-SEQUENCE')).toBe(String(first?.discontinuitySequence ?? 0));
        const skipped = Number(value(text, '#EXT-X-SKIP')?.replace('SKIPPED-SEGMENTS=', '') ?? 0);
        const shown = window.segments.slice(skipped);
        const extinf = tags(text, '#EXTINF:').map((l) => Number(l.slice(8, -1)));
        expect(extinf.length).toBe(shown.length);
        const expected = shown.reduce((sum, s) => sum + s.duration / window.timescale, 0);
        const total = extinf.reduce((sum, d) => sum + d, 0);
        // Each EXTINF is rounded to the microsecond.
        expect(Math.abs(total - expected)).toBeLessThanOrEqual(shown.length * 0.5e-6 + 1e-9);
        const flagged = shown.filter((s, i) => s.discontinuity && i + skipped > 0).length;
        const pendingFlag =
          window.pending?.discontinuity === true &&
          window.pending.parts.length > 0 &&
          window.segments.length > 0
            ? 1
            : 0;
        expect(tags(text, '#EXT-X-DISCONTINUITY').filter((l) => l === '#EXT-X-DISCONTINUITY').length).toBe(
          flagged + pendingFlag,
        );
      }),
      { numRuns: 300, seed: 8216 },
    );
  });
});
