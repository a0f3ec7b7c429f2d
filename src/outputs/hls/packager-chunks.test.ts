import { describe, expect, it } from 'vitest';
import { PackagerPipeline } from '../../packager/test-support/packager-pipeline.js';
import { syntheticEncoder } from '../../packager/test-support/synthetic-encoder.js';
import { aacTrack, h264Track } from '../../packager/test-support/test-tracks.js';
import { buildRenditionPlaylist } from './rendition-playlist.js';

/** The playlist of `id` from a packager fed 12 s of a synthetic encoder. */
function playlistOf(lowLatency: boolean, id: string): { playlist: string; chunks: number[] } {
  const p = new PackagerPipeline({
    video: h264Track('video'),
    audio: aacTrack('audio'),
    packager: { lowLatency },
    keepBytes: false,
  });
  p.push(syntheticEncoder({ durationMs: 12_000 }));
  const window = p.packager.rendition(id);
  return {
    playlist: buildRenditionPlaylist(p.packager.presentation(), id) ?? '',
    chunks: window?.segments.map((s) => s.parts.length) ?? [],
  };
}

describe('HLS playlists of segments cut into CMAF chunks', () => {
  it.each(['video', 'audio'])('without low latency list no part of the chunked %s segments', (id) => {
    const { playlist, chunks } = playlistOf(false, id);
    // 2 s segments of 500 ms chunks.
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.every((n) => n >= 4)).toBe(true);
    expect(playlist).toContain('#EXTINF:');
    for (const tag of ['#EXT-X-PART', '#EXT-X-PART-INF', '#EXT-X-PRELOAD-HINT', '#EXT-X-SERVER-CONTROL']) {
      expect(playlist).not.toContain(tag);
    }
  });

  it('with low latency list the same chunks as parts', () => {
    const { playlist, chunks } = playlistOf(true, 'video');
    expect(chunks.every((n) => n >= 4)).toBe(true);
    expect(playlist).toContain('#EXT-X-PART-INF:PART-TARGET=0.5');
    expect(playlist.split('\n').filter((l) => l.startsWith('#EXT-X-PART:')).length).toBeGreaterThan(8);
  });
});
