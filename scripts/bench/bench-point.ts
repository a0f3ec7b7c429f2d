/**
 * `runBenchPoint` measures one server at one stream count with one kind of publisher and one topology: it
 * starts the server fresh (`bench-servers.ts`), takes its idle RSS and PSS, starts the publishers
 * (`publishers.ts`), and after ramp-up and warm-up measures over a window the server process tree's CPU
 * (children and threads included), RSS and PSS, the publishers' CPU, and whether the server kept up:
 * every playlist advanced (Inlet over HTTP, nginx-rtmp's HLS on disk), the publishers kept their
 * schedule (load generator lag, ffmpeg real-time pace), no thread of the server saturated a core, and for
 * Inlet under the load generator no frame was lost (coded frames sent vs samples packaged, counted after
 * the streams unpublished and the packager flushed).
 */
import { readInletLog, type InletProcess } from '../common/inlet-process.js';
import { CpuMeter, threadCpuMs, treeMemory, type SmapsRollup } from '../common/proc-stats.js';
import { sleep } from '../common/processes.js';
import { summarize } from '../common/stats.js';
import type { LoadReport } from '../load/load-generator.js';
import { startBenchServer, type PublishTarget } from './bench-servers.js';
import type { PointOptions, PointResult } from './bench-types.js';
import { publisherCpuMs, startPublishers, type Publishers } from './publishers.js';

interface Metrics {
  segments: number[];
  parts: number[];
  samples: Record<string, number>;
  attachedEvents?: string[];
  memory: NodeJS.MemoryUsage;
  packagerMemoryBytes: number;
}

/** Below a whole core: Node runs the media path (JavaScript) on one thread, an nginx worker is one thread. */
const SATURATED_CPU_PERCENT = 95;
/** A load generator more than this late (ms) was held back by a server that did not read in time. */
const MAX_SCHEDULE_LAG_MS = 1000;
/** An ffmpeg publisher slower than this (media time ÷ wall time) was held back by the server. */
const MIN_FFMPEG_PACE = 0.9;

async function metrics(inlet: InletProcess, reset: boolean): Promise<Metrics> {
  const r = await fetch(`http://127.0.0.1:${inlet.metricsPort ?? 0}/metrics${reset ? '?reset=1' : ''}`);
  return (await r.json()) as Metrics;
}

/** `countFrames` compares what the load generator sent per stream with the samples Inlet packaged. */
export function countFrames(
  report: LoadReport,
  targets: readonly PublishTarget[],
  final: Pick<Metrics, 'samples' | 'attachedEvents'>,
): { sent: number; packaged: number; lost: number; counted: number } {
  const attached = final.attachedEvents === undefined ? undefined : new Set(final.attachedEvents);
  let sent = 0;
  let packaged = 0;
  let lost = 0;
  let counted = 0;
  report.streams.forEach((s, i) => {
    const key = targets[i]?.sampleKey;
    if (key === undefined || (attached !== undefined && !attached.has(key.split('/')[0] ?? ''))) {
      return;
    }
    counted++;
    const v = s.sessionFrames.reduce((a, x) => a + x.video, 0);
    const a = s.sessionFrames.reduce((n, x) => n + x.audio, 0);
    const pv = final.samples[`${key}-video`] ?? 0;
    const pa = final.samples[`${key}-audio`] ?? 0;
    sent += v + a;
    packaged += pv + pa;
    lost += Math.max(0, v - pv) + Math.max(0, a - pa);
  });
  return { sent, packaged, lost, counted };
}

/** `busiestThread` is the busiest single thread that runs a server's main loop (% of a core). */
export function busiestThread(
  threads: PointResult['threads'],
): { name: string; percent: number } | undefined {
  let best: { name: string; percent: number } | undefined;
  for (const [name, t] of Object.entries(threads ?? {})) {
    if (name.startsWith('main') && (best === undefined || t.user + t.system > best.percent)) {
      best = { name, percent: t.user + t.system };
    }
  }
  return best;
}

/** `runBenchPoint`: see the module comment. */
export async function runBenchPoint(o: PointOptions): Promise<PointResult> {
  const label = `${o.server} ${o.publisher}/${o.topology} N=${o.streams}`;
  const notes: string[] = [];
  o.log(`${label}: starting the server`);
  const server = await startBenchServer(o);
  const pid = server.process.pid;
  let publishers: Publishers | undefined;
  try {
    await sleep(2000);
    const idle = treeMemory(pid);
    publishers = await startPublishers({
      kind: o.publisher,
      targets: server.targets,
      fixture: o.fixture,
      log: o.log,
      label: `${o.server}-${o.publisher}-${o.topology}-${o.streams}`,
    });
    o.log(`${label}: warm-up ${o.warmupMs / 1000} s, then measuring ${o.measureMs / 1000} s`);
    await sleep(o.warmupMs);
    const inlet = server.inlet;
    const before = await server.playlistSnapshot();
    if (inlet !== undefined) {
      await metrics(inlet, true);
    }
    const serverCpu = new CpuMeter(pid, true);
    serverCpu.start();
    const threads0 = threadCpuMs(pid, true);
    const publisherCpu0 = publisherCpuMs(publishers);
    const window0 = performance.now();
    publishers.markWindow();
    const samples: SmapsRollup[] = [];
    const end = window0 + o.measureMs;
    while (performance.now() < end) {
      samples.push(treeMemory(pid));
      await sleep(Math.min(2000, Math.max(0, end - performance.now())));
    }
    const elapsed = performance.now() - window0;
    const cpuPercent = serverCpu.percent();
    const threads = threadShares(threads0, threadCpuMs(pid, true), elapsed);
    const publisherCpuPercent = ((publisherCpuMs(publishers) - publisherCpu0) / elapsed) * 100;
    const pace = publishers.pace();
    const publisherProblems = publishers.problems();
    notes.push(...publisherProblems);
    const packaging = before !== undefined;
    const latencies = inlet !== undefined && packaging ? await metrics(inlet, true) : undefined;
    const atEnd = inlet === undefined ? undefined : await metrics(inlet, false);
    const memory =
      atEnd === undefined ? undefined : { ...atEnd.memory, packagerBytes: atEnd.packagerMemoryBytes };
    const after = await server.playlistSnapshot();
    const report = await publishers.stop();
    publishers = undefined;
    const mean = (f: (s: SmapsRollup) => number): number =>
      samples.reduce((a, s) => a + f(s), 0) / Math.max(1, samples.length);
    const meanRss = mean((s) => s.rssBytes);
    const meanPss = mean((s) => s.pssBytes);
    const meanPssAnon = mean((s) => s.pssAnonBytes);
    let playlists: PointResult['playlists'];
    if (before !== undefined && after !== undefined) {
      const advancing = after.filter((seq, i) => seq > (before[i] ?? -1) && seq >= 0).length;
      playlists = { checked: after.length, advancing };
    }
    let frames: PointResult['frames'];
    let logErrors: number | undefined;
    let notStored: number | undefined;
    if (inlet !== undefined && packaging && report !== undefined) {
      // The streams unpublished: give the packager a moment to close their last segments.
      await sleep(3000);
      const counted = countFrames(report, server.targets, await metrics(inlet, false));
      frames = { sent: counted.sent, packaged: counted.packaged, lost: counted.lost };
      if (counted.counted < o.streams) {
        notes.push(
          `frames counted for ${counted.counted} of ${o.streams} streams (the others are packaged in processes the metrics wrapper does not see)`,
        );
      }
    }
    if (inlet !== undefined) {
      const lines = readInletLog(inlet.logFile);
      logErrors = lines.filter((l) => l.level >= 50).length;
      // The preview store logs a lost segment ("segment not stored: the disk is behind …", the first and
      // then one in 100 with the count so far): the playlists advance, but its media is missing.
      notStored = lines.filter((l) => String(l.msg).startsWith('segment not stored')).length;
      if (notStored > 0) {
        notes.push(`preview segments not stored (${notStored} warnings: the write queue was full)`);
      }
    }
    const t = report?.totals;
    if (t !== undefined && t.errors > 0) {
      notes.push(
        `load generator: ${t.errors} errors (${report?.streams.find((s) => s.lastError !== undefined)?.lastError ?? ''})`,
      );
    }
    if (t !== undefined && t.maxLagMs > MAX_SCHEDULE_LAG_MS) {
      notes.push(`load generator fell ${t.maxLagMs} ms behind its schedule`);
    }
    if (pace !== undefined && pace < MIN_FFMPEG_PACE) {
      notes.push(`slowest ffmpeg at ${pace.toFixed(2)}× real time`);
    }
    // The thread that runs the media path saturating is the limit (Node's JavaScript thread, an nginx
    // worker; GC helpers and the thread pool add CPU on the other core). Without thread figures, the tree.
    const busiest = busiestThread(threads);
    const limiting = busiest?.percent ?? cpuPercent;
    if (limiting >= SATURATED_CPU_PERCENT) {
      notes.push(
        busiest === undefined
          ? `server at ${cpuPercent.toFixed(0)}% of a core`
          : `server ${busiest.name === 'main' ? 'main' : busiest.name.slice(5)} thread at ${busiest.percent.toFixed(0)}% of a core`,
      );
    }
    if (playlists !== undefined && playlists.advancing < playlists.checked) {
      notes.push(
        `${playlists.checked - playlists.advancing} of ${playlists.checked} playlists did not advance`,
      );
    }
    if (frames !== undefined && frames.lost > 0) {
      notes.push(`${frames.lost} frames lost`);
    }
    const keptUp =
      (t === undefined || (t.errors === 0 && t.maxLagMs <= MAX_SCHEDULE_LAG_MS)) &&
      (pace === undefined || pace >= MIN_FFMPEG_PACE) &&
      publisherProblems.length === 0 &&
      limiting < SATURATED_CPU_PERCENT &&
      (playlists === undefined || playlists.advancing === playlists.checked) &&
      (frames === undefined || frames.lost === 0) &&
      (notStored === undefined || notStored === 0);
    const result: PointResult = {
      server: o.server,
      streams: o.streams,
      publisher: o.publisher,
      topology: o.topology,
      cpuPercent: round(cpuPercent, 1),
      cpuPercentPerStream: round(cpuPercent / o.streams, 3),
      idleRssBytes: idle.rssBytes,
      rssBytes: Math.round(meanRss),
      rssPerStreamBytes: Math.round((meanRss - idle.rssBytes) / o.streams),
      idlePssBytes: idle.pssBytes,
      pssBytes: Math.round(meanPss),
      idlePssAnonBytes: idle.pssAnonBytes,
      pssAnonBytes: Math.round(meanPssAnon),
      pssPerStreamBytes: Math.round((meanPssAnon - idle.pssAnonBytes) / o.streams),
      publisherCpuPercent: round(publisherCpuPercent, 1),
      ...(t === undefined ? {} : { loadGenerator: t }),
      ...(pace === undefined ? {} : { publisherPace: round(pace, 3) }),
      ...(playlists === undefined ? {} : { playlists }),
      ...(frames === undefined ? {} : { frames }),
      ...(latencies === undefined
        ? {}
        : { segmentLatency: summarize(latencies.segments), partLatency: summarize(latencies.parts) }),
      ...(logErrors === undefined ? {} : { logErrors }),
      ...(notStored === undefined ? {} : { notStoredWarnings: notStored }),
      ...(memory === undefined ? {} : { memory }),
      threads,
      keptUp,
      notes,
    };
    o.log(describe(label, result));
    return result;
  } finally {
    await publishers?.stop().catch(() => undefined);
    await server.stop();
  }
}

function describe(label: string, r: PointResult): string {
  const mb = (b: number | undefined): string => ((b ?? 0) / 1e6).toFixed(0);
  return (
    `${label}: server ${r.cpuPercent}% (${r.cpuPercentPerStream}%/stream), RSS ${mb(r.rssBytes)} MB ` +
    `(${(r.rssPerStreamBytes / 1e6).toFixed(2)} MB/stream), PSS ${mb(r.pssBytes)} MB ` +
    `(${((r.pssPerStreamBytes ?? 0) / 1e6).toFixed(2)} MB/stream), ` +
    `publishers ${r.publisherCpuPercent}%` +
    (r.publisherPace === undefined ? '' : ` (slowest ffmpeg ${r.publisherPace}× real time)`) +
    (r.playlists === undefined ? '' : `, playlists ${r.playlists.advancing}/${r.playlists.checked}`) +
    (r.frames === undefined ? '' : `, frames lost ${r.frames.lost}/${r.frames.sent}`) +
    (r.segmentLatency === undefined
      ? ''
      : `, segment latency p50 ${r.segmentLatency.p50} p99 ${r.segmentLatency.p99} ms`) +
    (r.partLatency === undefined || r.partLatency.count === 0 ? '' : `, part p99 ${r.partLatency.p99} ms`) +
    (r.keptUp ? ', kept up' : ` — did not keep up: ${r.notes.join('; ')}`)
  );
}

function threadShares(
  before: Map<string, { userMs: number; systemMs: number }>,
  after: Map<string, { userMs: number; systemMs: number }>,
  elapsedMs: number,
): Record<string, { user: number; system: number }> {
  const out: Record<string, { user: number; system: number }> = {};
  for (const [name, t] of after) {
    const b = before.get(name) ?? { userMs: 0, systemMs: 0 };
    out[name] = {
      user: round(((t.userMs - b.userMs) / elapsedMs) * 100, 1),
      system: round(((t.systemMs - b.systemMs) / elapsedMs) * 100, 1),
    };
  }
  return out;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
