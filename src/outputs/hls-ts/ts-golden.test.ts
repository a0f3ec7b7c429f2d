import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tsPlaylistCases } from './test-support/ts-playlist-cases.js';
import { buildTsMediaPlaylist, buildTsMultivariantPlaylist } from './ts-playlists.js';
import { tsVariants } from './ts-variants.js';

/** Golden playlists live in `testdata/`; `UPDATE_GOLDEN=1` rewrites them (review the diff before keeping it). */
function expectGolden(file: string, actual: string): void {
  const url = new URL(`./testdata/${file}`, import.meta.url);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    writeFileSync(url, actual);
  }
  expect(actual).toBe(readFileSync(url, 'utf8'));
}

describe('TS golden playlists', () => {
  for (const { name, presentation, fragmentsPerSegment, versions } of tsPlaylistCases) {
    for (const version of versions) {
      const options = { version, fragmentsPerSegment };
      it(`${name} v${version}: multivariant playlist`, () => {
        expectGolden(`${name}.v${version}.m3u8`, buildTsMultivariantPlaylist(presentation, options));
      });
      for (const variant of tsVariants(presentation)) {
        it(`${name} v${version}: media playlist of ${variant.id}`, () => {
          expectGolden(
            `${name}.${variant.id}.v${version}.m3u8`,
            buildTsMediaPlaylist(presentation, variant.id, options) ?? '',
          );
        });
      }
    }
  }
});
