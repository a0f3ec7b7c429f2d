import { describe, expect, it } from 'vitest';
import { parseSmapsRollup, threadCpuMs, treeMemory } from './proc-stats.js';

const ROLLUP = `55e17771a000-7ffdb2a89000 ---p 00000000 00:00 0                          [rollup]
Rss:                1748 kB
Pss:                 339 kB
Pss_Dirty:           112 kB
Pss_Anon:            112 kB
Pss_File:            227 kB
Pss_Shmem:             8 kB
Shared_Clean:       1596 kB
`;

describe('parseSmapsRollup', () => {
  it('reads Rss and Pss in bytes, not the Pss_* lines', () => {
    expect(parseSmapsRollup(ROLLUP)).toEqual({
      rssBytes: 1748 * 1024,
      pssBytes: 339 * 1024,
      pssAnonBytes: (112 + 8) * 1024,
    });
  });

  it('takes all of PSS as its anonymous part on kernels without Pss_Anon', () => {
    expect(parseSmapsRollup('Rss: 20 kB\nPss:  10 kB\n')?.pssAnonBytes).toBe(10 * 1024);
  });

  it('is undefined without a Pss line', () => {
    expect(parseSmapsRollup('Rss: 12 kB\n')).toBeUndefined();
    expect(parseSmapsRollup('')).toBeUndefined();
  });
});

describe('treeMemory and threadCpuMs of this process', () => {
  it('has an RSS and a PSS no larger than it', () => {
    const m = treeMemory(process.pid);
    expect(m.rssBytes).toBeGreaterThan(0);
    expect(m.pssBytes).toBeGreaterThan(0);
    expect(m.pssBytes).toBeLessThanOrEqual(m.rssBytes * 1.01);
  });

  it('names the main thread', () => {
    expect(threadCpuMs(process.pid, true).has('main')).toBe(true);
  });
});
