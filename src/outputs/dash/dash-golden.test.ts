import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestCases } from '../test-support/manifest-cases.js';
import { buildMpd } from './mpd.js';

/** Golden MPDs live in `testdata/`; `UPDATE_GOLDEN=1` rewrites them (review the diff before keeping it). */
function expectGolden(file: string, actual: string): void {
  const url = new URL(`./testdata/${file}`, import.meta.url);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    writeFileSync(url, actual);
  }
  expect(actual).toBe(readFileSync(url, 'utf8'));
}

describe('DASH golden MPDs', () => {
  for (const { name, presentation } of manifestCases) {
    it(`${name}`, () => {
      expectGolden(`${name}.mpd`, buildMpd(presentation));
    });
  }
});
