/**
 * `measurePublisherCost` compares the CPU of the two ways to publish N streams to one server (the
 * Node-Media-Server peer, which costs least): N ffmpeg processes (`-re -stream_loop -1 -c copy`, what the
 * soak test and most load tests use) against one load generator process. CPU from `/proc`, over the same
 * window, after the same warm-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../common/inlet-process.js';
import { cpuMs, rssBytes } from '../common/proc-stats.js';
import { publishingFfmpeg } from './publishers.js';
import {
  freePort,
  loadGeneratorCommand,
  sleep,
  startManaged,
  waitFor,
  type Managed,
} from '../common/processes.js';

/** `PublisherCost` is the CPU (% of one core) of each way, in total and per stream. */
export interface PublisherCost {
  readonly streams: number;
  readonly ffmpegPercent: number;
  readonly ffmpegPercentPerStream: number;
  readonly ffmpegRssPerStreamBytes: number;
  readonly loadGeneratorPercent: number;
  readonly loadGeneratorPercentPerStream: number;
  readonly loadGeneratorRssBytes: number;
}

async function measure(
  pids: () => number[],
  warmupMs: number,
  windowMs: number,
): Promise<{ percent: number; rss: number }> {
  await sleep(warmupMs);
  const sum = (): number => pids().reduce((a, pid) => a + cpuMs(pid, false), 0);
  const c0 = sum();
  const t0 = performance.now();
  await sleep(windowMs);
  const percent = ((sum() - c0) / (performance.now() - t0)) * 100;
  const rss = pids().reduce((a, pid) => a + rssBytes(pid, false), 0);
  return { percent, rss };
}

/** `measurePublisherCost`: see the module comment. */
export async function measurePublisherCost(o: {
  streams: number;
  fixtureFile: string;
  warmupMs: number;
  windowMs: number;
  log: (line: string) => void;
}): Promise<PublisherCost> {
  const dir = mkdtempSync(join(tmpdir(), 'nms-peer-'));
  const port = await freePort();
  const nms = startManaged('nms', process.execPath, [
    join(REPO, 'scripts', 'bench', 'nms-peer.mjs'),
    String(port),
    dir,
  ]);
  const url = `rtmp://127.0.0.1:${port}/live`;
  const children: Managed[] = [];
  try {
    await waitFor('Node-Media-Server to listen', () => nms.output().includes('nms peer listening'), 30_000);
    o.log(`publisher cost: ${o.streams} ffmpeg processes`);
    for (let i = 0; i < o.streams; i++) {
      children.push(
        startManaged('ffmpeg', publishingFfmpeg().path, [
          ...['-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', o.fixtureFile],
          ...['-c', 'copy', '-f', 'flv', `${url}/f${i}`],
        ]),
      );
    }
    const ff = await measure(() => children.map((c) => c.pid), o.warmupMs, o.windowMs);
    await Promise.all(children.map((c) => c.stop(2000)));
    o.log(`publisher cost: one load generator with ${o.streams} streams`);
    const [cmd, args] = loadGeneratorCommand(join(REPO, 'scripts'), [
      ...['--url', url, '--streams', String(o.streams), '--fixture', o.fixtureFile, '--prefix', 'g'],
      ...['--loop-join', publishingFfmpeg().loopJoin],
      ...['--ramp', '1', '--duration', String((o.warmupMs + o.windowMs + 2000) / 1000)],
    ]);
    const load = startManaged('load', cmd, args);
    children.push(load);
    const lg = await measure(() => [load.pid], o.warmupMs, o.windowMs);
    await load.exited;
    const result: PublisherCost = {
      streams: o.streams,
      ffmpegPercent: round(ff.percent),
      ffmpegPercentPerStream: round(ff.percent / o.streams),
      ffmpegRssPerStreamBytes: Math.round(ff.rss / o.streams),
      loadGeneratorPercent: round(lg.percent),
      loadGeneratorPercentPerStream: round(lg.percent / o.streams),
      loadGeneratorRssBytes: lg.rss,
    };
    o.log(
      `publisher cost at ${o.streams} streams: ffmpeg ${result.ffmpegPercent}% (${result.ffmpegPercentPerStream}%/stream), ` +
        `load generator ${result.loadGeneratorPercent}% (${result.loadGeneratorPercentPerStream}%/stream)`,
    );
    return result;
  } finally {
    await Promise.all(children.map((c) => c.stop(2000)));
    await nms.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
