import { describe, expect, it } from 'vitest';
import { seconds, testPresentation, testRendition } from '../test-support/test-window.js';
import { defaultTsNaming, fillTsTemplate, parseTsPath } from './ts-naming.js';
import { buildTsMediaPlaylist, buildTsMultivariantPlaylist } from './ts-playlists.js';

describe('TS naming', () => {
  it.each([
    ['video_2500000/ts.m3u8', { kind: 'media-playlist', variantId: 'video_2500000' }],
    ['video_2500000/17.ts', { kind: 'segment', variantId: 'video_2500000', sequence: 17 }],
    ['video/ts.m3u8x', undefined],
    ['video/1.5.ts', undefined],
    ['a/b/3.ts', undefined],
    ['video/index.m3u8', undefined],
  ])('parses %s with the default naming', (path, expected) => {
    expect(parseTsPath(path)).toEqual(expected);
  });

  it('maps every URI a playlist writes back to what it names, for any naming', () => {
    const naming = { mediaPlaylist: 'ts/{variant}.m3u8', segment: 'ts/{variant}/s{sequence}.ts' };
    const presentation = testPresentation([
      testRendition({
        id: 'video',
        kind: 'video',
        segments: [{ duration: seconds(2) }, { duration: seconds(2) }],
      }),
    ]);
    const master = buildTsMultivariantPlaylist(presentation, { version: 4, naming });
    expect(master.trimEnd().split('\n').at(-1)).toBe('ts/video.m3u8');
    expect(parseTsPath('ts/video.m3u8', naming)).toEqual({ kind: 'media-playlist', variantId: 'video' });
    const media = buildTsMediaPlaylist(presentation, 'video', { version: 4, naming }) ?? '';
    // Segment URIs are relative to the media playlist (ts/), so resolve them there.
    const uris = media.split('\n').filter((l) => l.length > 0 && !l.startsWith('#'));
    expect(uris).toEqual(['video/s0.ts', 'video/s1.ts']);
    expect(uris.map((u) => parseTsPath(`ts/${u}`, naming))).toEqual([
      { kind: 'segment', variantId: 'video', sequence: 0 },
      { kind: 'segment', variantId: 'video', sequence: 1 },
    ]);
  });

  it('fills templates and leaves {sequence} alone without a sequence', () => {
    expect(fillTsTemplate(defaultTsNaming.segment, 'v', 3)).toBe('v/3.ts');
    expect(fillTsTemplate('{variant}/{sequence}.ts', 'v')).toBe('v/{sequence}.ts');
  });
});
