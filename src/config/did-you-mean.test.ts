import { describe, expect, it } from 'vitest';
import { didYouMean } from './did-you-mean.js';

const keys = ['rtmp.ports', 'rtmp.host', 'rtmps.ports', 'https.cert', 'dataDir', 'log', 'liveEvents'];

/** Typos and what they should (or should not) suggest. */
const cases: { input: string; expected: string | undefined }[] = [
  { input: 'rtmp.prots', expected: 'rtmp.ports' },
  { input: 'rtmp.port', expected: 'rtmp.ports' },
  { input: 'RTMP.PORTS', expected: 'rtmp.ports' },
  { input: 'rtmp.hots', expected: 'rtmp.host' },
  { input: 'http.cert', expected: 'https.cert' },
  { input: 'datadir', expected: 'dataDir' },
  { input: 'data_dir', expected: 'dataDir' },
  { input: 'logg', expected: 'log' },
  { input: 'liveEvent', expected: 'liveEvents' },
  { input: 'rtmp.bind', expected: undefined },
  { input: 'transcoder', expected: undefined },
  { input: 'x', expected: undefined },
];

describe('didYouMean', () => {
  for (const c of cases) {
    it(`suggests ${String(c.expected)} for ${c.input}`, () => {
      expect(didYouMean(c.input, keys)).toBe(c.expected);
    });
  }

  it('suggests nothing without candidates', () => {
    expect(didYouMean('abc', [])).toBeUndefined();
  });
});
