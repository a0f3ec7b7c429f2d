import { describe, expect, it } from 'vitest';
import { seconds, testPresentation, testRendition } from '../test-support/test-window.js';
import { buildMultivariantPlaylist } from './multivariant-playlist.js';
import { relativeUri } from './relative-uri.js';

const video = testRendition({ id: 'video', kind: 'video', segments: [{ duration: seconds(2) }] });
const audio = testRendition({ id: 'audio', kind: 'audio', segments: [{ duration: 96_000 }] });
const fresh = (id: string, kind: 'video' | 'audio') => testRendition({ id, kind, segments: [] });

describe('buildMultivariantPlaylist', () => {
  it('announces a rendition without segments with its fallback bandwidth, never 0', () => {
    const text = buildMultivariantPlaylist(testPresentation([fresh('video', 'video'), audio]), {
      fallbackBandwidth: { video: 3_000_000 },
    });
    expect(text).toContain('#EXT-X-STREAM-INF:BANDWIDTH=3128000,CODECS=');
    expect(text).not.toContain('AVERAGE-BANDWIDTH');
  });

  it('leaves out renditions with neither a measured nor a fallback bandwidth', () => {
    const text = buildMultivariantPlaylist(testPresentation([video, fresh('audio', 'audio')]));
    expect(text).not.toContain('EXT-X-MEDIA');
    expect(text).not.toContain('AUDIO=');
    expect(text).toContain('BANDWIDTH=2000000,AVERAGE-BANDWIDTH=2000000,CODECS="avc1.64001f"');
  });

  it('makes only the first audio rendition DEFAULT and lists each audio codec once', () => {
    const second = testRendition({
      id: 'audio_fr',
      kind: 'audio',
      language: 'fr',
      segments: [{ duration: 96_000 }],
    });
    const heaac = testRendition({
      id: 'audio_he',
      kind: 'audio',
      codecString: 'mp4a.40.5',
      segments: [{ duration: 96_000 }],
    });
    const text = buildMultivariantPlaylist(testPresentation([video, audio, second, heaac]));
    expect(text.match(/DEFAULT=YES/g)?.length).toBe(1);
    expect(text).toContain('NAME="audio_fr",DEFAULT=NO,AUTOSELECT=YES,LANGUAGE="fr"');
    expect(text).toContain('CODECS="avc1.64001f,mp4a.40.2,mp4a.40.5"');
  });

  it('keeps quotes and line breaks of outside values from breaking the playlist', () => {
    const odd = testRendition({
      id: 'audio',
      kind: 'audio',
      language: 'e"n\nx',
      segments: [{ duration: 96_000 }],
    });
    const text = buildMultivariantPlaylist(testPresentation([video, odd]));
    expect(text).toContain('LANGUAGE="enx"');
  });

  it('omits RESOLUTION and FRAME-RATE that are unknown', () => {
    const bare = testRendition({
      id: 'video',
      kind: 'video',
      width: 0,
      height: 0,
      frameRate: 0,
      segments: [{ duration: seconds(2) }],
    });
    const text = buildMultivariantPlaylist(testPresentation([bare]));
    expect(text).not.toMatch(/RESOLUTION|FRAME-RATE/);
  });
});

describe('relativeUri', () => {
  const table: [string, string, string][] = [
    ['video/index.m3u8', 'video/5.m4s', '5.m4s'],
    ['video/index.m3u8', 'audio/index.m3u8', '../audio/index.m3u8'],
    ['index.m3u8', 'video/index.m3u8', 'video/index.m3u8'],
    ['a/b/list.m3u8', 'a/c/1.m4s', '../c/1.m4s'],
    ['a/list.m3u8', 'a', '../a'],
  ];
  for (const [from, target, expected] of table) {
    it(`${target} from ${from}`, () => {
      expect(relativeUri(from, target)).toBe(expected);
      expect(new URL(expected, `http://h/${from}`).href).toBe(`http://h/${target}`);
    });
  }
});
