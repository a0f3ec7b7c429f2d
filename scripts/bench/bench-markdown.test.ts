import { describe, expect, it } from 'vitest';
import { benchMarkdown, type BenchRun } from './bench-markdown.js';
import type { PointResult } from './bench-types.js';

function point(p: Partial<PointResult> & Pick<PointResult, 'server' | 'streams'>): PointResult {
  return {
    publisher: 'ffmpeg',
    topology: 'any',
    cpuPercent: 1,
    cpuPercentPerStream: 1,
    idleRssBytes: 10e6,
    rssBytes: 20e6,
    rssPerStreamBytes: 1e6,
    idlePssBytes: 5e6,
    pssBytes: 10e6,
    pssPerStreamBytes: 0.5e6,
    publisherCpuPercent: 3,
    keptUp: true,
    notes: [],
    ...p,
  };
}

/** A small saved run: two counts of nginx and Inlet under ffmpeg, Inlet in both topologies. */
const run: BenchRun = {
  startedAt: '2026-12-07T08:00:00.000Z',
  finishedAt: '2026-12-07T08:12:00.000Z',
  command: 'npm run bench -- --streams 5,10 --max-streams 0',
  machine: { CPU: '2 × test' },
  fixture: '720p30',
  measureMs: 8000,
  warmupMs: 3000,
  secure: false,
  publishers: ['ffmpeg'],
  topologies: ['per-event', 'one-event'],
  inletWorkers: 2,
  points: [
    point({ server: 'nginx', streams: 5, cpuPercent: 2, cpuPercentPerStream: 0.4, rssBytes: 20e6 }),
    point({ server: 'nginx', streams: 10, cpuPercent: 4, cpuPercentPerStream: 0.4, rssBytes: 25e6 }),
    point({
      server: 'inlet',
      streams: 5,
      topology: 'per-event',
      cpuPercent: 6,
      cpuPercentPerStream: 1.2,
      rssBytes: 100e6,
      playlists: { checked: 10, advancing: 10 },
    }),
    point({
      server: 'inlet',
      streams: 10,
      topology: 'per-event',
      cpuPercent: 10,
      cpuPercentPerStream: 1,
      rssBytes: 125e6,
      playlists: { checked: 20, advancing: 18 },
      keptUp: false,
      notes: ['2 of 20 playlists did not advance'],
    }),
    point({ server: 'inlet-workers', streams: 5, topology: 'one-event', cpuPercentPerStream: 0.8 }),
  ],
  failures: [
    { server: 'inlet-workers', streams: 10, publisher: 'ffmpeg', topology: 'one-event', error: 'boom\nmore' },
  ],
};

describe('benchMarkdown', () => {
  const md = benchMarkdown(run, 'plot.svg');
  const lines = md.split('\n');

  it('renders one table per publisher kind × topology, nginx rows in both', () => {
    const titles = lines.filter((l) => l.startsWith('#### ffmpeg publishers'));
    expect(titles).toHaveLength(2);
    expect(titles[0]).toContain('one live event per stream');
    expect(titles[1]).toContain('one live event, N stream names');
    expect(lines.filter((l) => l.startsWith('| nginx-rtmp | 5 |'))).toHaveLength(2);
  });

  it('gives CPU and RSS ratios to nginx at the same count', () => {
    const row = lines.find((l) => l.startsWith('| Inlet (one process) | 5 |'));
    expect(row).toBe(
      '| Inlet (one process) | 5 | 6.0 | 1.200 | 3.00 | 100.0 | 10.0 | 1.00 | 0.50 | 5.00 | 3.0 | 10/10 | — | yes |',
    );
    expect(lines.find((l) => l.startsWith('| nginx-rtmp | 10 |'))).toContain('| 0.400 | 1.00 |');
  });

  it('names the worker count and the keep-up limits, failures included', () => {
    expect(md).toContain('Inlet (2 workers)');
    const limits = lines.slice(lines.indexOf('#### Keep-up limits'));
    expect(limits[2]).toBe('| server | ffmpeg, per-event | ffmpeg, one-event |');
    expect(limits.find((l) => l.startsWith('| nginx-rtmp |'))).toBe(
      '| nginx-rtmp | kept up at every count measured, up to 10 | kept up at every count measured, up to 10 |',
    );
    expect(limits.find((l) => l.startsWith('| Inlet (one process) |'))).toBe(
      '| Inlet (one process) | kept up to 5; not at 10 (2 of 20 playlists did not advance) | not measured |',
    );
    expect(limits.find((l) => l.startsWith('| Inlet (2 workers) |'))).toContain(
      'kept up to 5; not measured at 10 (boom)',
    );
    expect(md).toContain('- Inlet (2 workers), ffmpeg/one-event, 10 streams: boom');
  });

  it('says how long the run took and links the plot', () => {
    expect(md).toContain('the run took 12 min');
    expect(md).toContain('![Server CPU and RSS against stream count](plot.svg)');
  });

  it('renders a run saved before publisher kinds, topologies and PSS', () => {
    const old = {
      startedAt: '2026-11-21T07:59:02.244Z',
      command: 'npm run bench -- --docs',
      machine: {},
      fixture: '720p30',
      measureMs: 30000,
      warmupMs: 10000,
      secure: false,
      points: [
        {
          server: 'inlet',
          streams: 10,
          cpuPercent: 4,
          cpuPercentPerStream: 0.4,
          idleRssBytes: 75e6,
          rssBytes: 148e6,
          rssPerStreamBytes: 7e6,
          loadGeneratorCpuPercent: 1.6,
          keptUp: true,
          notes: [],
        },
        {
          server: 'nms',
          streams: 10,
          cpuPercent: 3.5,
          cpuPercentPerStream: 0.35,
          idleRssBytes: 89e6,
          rssBytes: 105e6,
          rssPerStreamBytes: 3.4e6,
          loadGeneratorCpuPercent: 1.8,
          keptUp: true,
          notes: [],
        },
      ],
    } as unknown as BenchRun;
    const text = benchMarkdown(old, 'p.svg').split('\n');
    expect(text).toContain(
      '#### load generator (one process publishing every stream); one live event, N stream names',
    );
    expect(text).toContain(
      '| Inlet (one process) | 10 | 4.0 | 0.400 | — | 148.0 | — | 7.00 | — | — | 1.6 | — | — | yes |',
    );
    expect(text.find((l) => l.startsWith('| Node-Media-Server | 10 |'))).toBeDefined();
  });
});
