import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestCases } from '../test-support/manifest-cases.js';
import { buildMultivariantPlaylist } from './multivariant-playlist.js';
import { buildRenditionPlaylist } from './rendition-playlist.js';

/** Golden playlists live in `testdata/`; `UPDATE_GOLDEN=1` rewrites them (review the diff before keeping it). */
function expectGolden(file: string, actual: string): void {
  const url = new URL(`./testdata/${file}`, import.meta.url);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    writeFileSync(url, actual);
  }
  expect(actual).toBe(readFileSync(url, 'utf8'));
}

describe('HLS golden playlists', () => {
  for (const { name, presentation } of manifestCases) {
    it(`${name}: multivariant playlist`, () => {
      expectGolden(`${name}.m3u8`, buildMultivariantPlaylist(presentation));
    });
    for (const rendition of presentation.renditions) {
      const skip = name === 'delta-update' ? ({ skip: 'YES' } as const) : {};
      it(`${name}: media playlist of ${rendition.id}`, () => {
        expectGolden(
          `${name}.${rendition.id}.m3u8`,
          buildRenditionPlaylist(presentation, rendition.id, skip) ?? '',
        );
      });
    }
  }
});
