import fc from 'fast-check';
import { M3U8Parser, PlaylistLevelType } from 'hls.js';
import { describe, expect, it } from 'vitest';
import type { RenditionWindow } from '../../packager/rendition-window.js';
import { manifestCases } from '../test-support/manifest-cases.js';
import { renditionSpecArbitrary } from '../test-support/random-window.js';
import { testPresentation, testRendition } from '../test-support/test-window.js';
import { buildMultivariantPlaylist } from './multivariant-playlist.js';
import { buildRenditionPlaylist } from './rendition-playlist.js';

/**
 * The playlists as a real player reads them: hls.js's own M3U8 parser (the one its loaders use), run in
 * Node. What it reports must match the window the playlist was built from.
 */
const base = 'http://inlet.test/live/';

function parseMedia(text: string, window: RenditionWindow) {
  return M3U8Parser.parseLevelPlaylist(
    text,
    `${base}${window.id}/index.m3u8`,
    0,
    PlaylistLevelType.MAIN,
    0,
    null,
  );
}

function expectMatches(text: string, window: RenditionWindow): void {
  const details = parseMedia(text, window);
  expect(details.playlistParsingError).toBeNull();
  const fragments = details.fragments.filter((f) => f !== null);
  const shown = window.segments.slice(details.skippedSegments);
  expect(fragments.map((f) => f.sn)).toEqual(shown.map((s) => s.sequence));
  expect(fragments.map((f) => f.url)).toEqual(shown.map((s) => `${base}${window.id}/${s.sequence}.m4s`));
  if (details.skippedSegments === 0) {
    expect(fragments.map((f) => f.cc)).toEqual(shown.map((s) => s.discontinuitySequence));
  }
  expect(fragments.map((f) => f.initSegment?.url)).toEqual(
    shown.map((s) => `${base}${window.id}/init-${s.initVersion}.mp4`),
  );
  expect(details.live).toBe(!window.ended);
  expect(details.targetduration).toBe(window.targetDuration);
}

describe('playlists read by the hls.js M3U8 parser', () => {
  for (const { name, presentation } of manifestCases) {
    it(`${name}: variants and audio renditions`, () => {
      const text = buildMultivariantPlaylist(presentation);
      const parsed = M3U8Parser.parseMasterPlaylist(text, `${base}index.m3u8`);
      expect(parsed.playlistParsingError).toBeNull();
      const videos = presentation.renditions.filter((r) => r.kind === 'video');
      const audios = presentation.renditions.filter((r) => r.kind === 'audio');
      const variants = videos.length > 0 ? videos : audios;
      expect(parsed.levels.map((l) => l.url)).toEqual(variants.map((r) => `${base}${r.id}/index.m3u8`));
      expect(parsed.levels.every((l) => l.bitrate > 0)).toBe(true);
      const media = M3U8Parser.parseMasterPlaylistMedia(text, `${base}index.m3u8`, parsed);
      expect((media.AUDIO ?? []).map((a) => a.url)).toEqual(
        videos.length > 0 ? audios.map((r) => `${base}${r.id}/index.m3u8`) : [],
      );
    });

    for (const window of presentation.renditions) {
      it(`${name}: media playlist of ${window.id}`, () => {
        const skip = name === 'delta-update' ? ({ skip: 'YES' } as const) : {};
        expectMatches(buildRenditionPlaylist(presentation, window.id, skip) ?? '', window);
      });
    }
  }

  it('reads the low-latency state: parts, hint, server control and rendition reports', () => {
    const ll = manifestCases.find((c) => c.name === 'll-hls')?.presentation;
    const video = ll?.renditions[0];
    if (ll === undefined || video === undefined) {
      throw new Error('the ll-hls case is missing');
    }
    const details = parseMedia(buildRenditionPlaylist(ll, video.id) ?? '', video);
    expect(details.canBlockReload).toBe(true);
    expect(details.canSkipUntil).toBe(12);
    expect(details.partTarget).toBe(0.5);
    expect(details.partHoldBack).toBe(1.5);
    expect(details.partList?.length).toBe(14);
    expect(details.preloadHint?.['URI']).toBe('14.2.m4s');
    expect(details.renditionReports?.map((r) => r['URI'])).toEqual(['../audio/index.m3u8']);
  });

  it('reads every random window as built (property)', () => {
    fc.assert(
      fc.property(renditionSpecArbitrary('video', 'video'), fc.boolean(), (spec, skip) => {
        const window = testRendition(spec);
        const text =
          buildRenditionPlaylist(testPresentation([window]), window.id, skip ? { skip: 'YES' } : {}) ?? '';
        expectMatches(text, window);
      }),
      { numRuns: 200, seed: 6381 },
    );
  });
});
