/**
 * `runBenchPoint` measures one server at one stream count: it starts the server fresh, drives it with the
 * load generator (its own process), and after ramp-up and warm-up measures over a window the server's CPU
 * share (`/proc/<pid>/stat`, children included) and RSS, the load generator's CPU, and for Inlet whether
 * every stream's playlists advanced, segment/part latencies, and frames lost (coded frames sent vs
 * samples packaged, counted after the streams unpublished and the packager flushed).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, readInletLog, startInletProcess, type InletProcess } from '../common/inlet-process.js';
import { fetchMediaPlaylist, mapLimit } from '../common/playlist-probe.js';
import { CpuMeter, rssBytes, threadCpuMs } from '../common/proc-stats.js';
import {
  freePort,
  loadGeneratorCommand,
  sleep,
  startManaged,
  waitFor,
  type Managed,
} from '../common/processes.js';
import { summarize, type Summary } from '../common/stats.js';
import type { LoadReport } from '../load/load-generator.js';

/**
 * `ServerKind`: Inlet's full pipeline, Inlet with the least packaging that still keeps a preview, Inlet
 * ingest only (`INLET_PREVIEW=false`), a low-latency event, Node-Media-Server.
 */
export type ServerKind = 'inlet' | 'inlet-lean' | 'inlet-ingest' | 'inlet-ll' | 'nms';

/** `PointOptions` configures one measurement. Durations in ms. */
export interface PointOptions {
  readonly server: ServerKind;
  readonly streams: number;
  readonly fixture: string;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly secure: boolean;
  readonly log: (line: string) => void;
  /** Node flags for the Inlet process (e.g. `--cpu-prof --cpu-prof-dir DIR`). */
  readonly inletNodeArgs?: readonly string[];
}

/** `PointResult` is what one measurement found. */
export interface PointResult {
  readonly server: ServerKind;
  readonly streams: number;
  /** Server CPU, % of one core, over the measurement window. */
  readonly cpuPercent: number;
  readonly cpuPercentPerStream: number;
  /** Server RSS before any stream, and the mean over the window, bytes. */
  readonly idleRssBytes: number;
  readonly rssBytes: number;
  readonly rssPerStreamBytes: number;
  readonly loadGeneratorCpuPercent: number;
  readonly loadGenerator: LoadReport['totals'];
  /** Inlet: playlists (video and audio of every stream) whose last segment advanced in the window. */
  readonly playlists?: { readonly checked: number; readonly advancing: number };
  /** Inlet: coded frames sent vs samples packaged. */
  readonly frames?: { readonly sent: number; readonly packaged: number; readonly lost: number };
  readonly segmentLatency?: Summary;
  readonly partLatency?: Summary;
  /** Inlet: `process.memoryUsage()` at the end of the window (heap, external, array buffers). */
  readonly memory?: NodeJS.MemoryUsage & { readonly packagerBytes: number };
  /** Server CPU over the window, `main` thread and `others`, user and system, % of one core. */
  readonly threads?: Record<string, { readonly user: number; readonly system: number }>;
  /** Inlet: log lines at error level or above. */
  readonly logErrors?: number;
  /** Every playlist advanced, no frame lost, the load generator kept its schedule, CPU below a core. */
  readonly keptUp: boolean;
  readonly notes: string[];
}

interface Metrics {
  segments: number[];
  parts: number[];
  samples: Record<string, number>;
  memory: NodeJS.MemoryUsage;
  packagerMemoryBytes: number;
}

/** Upper bound of a load generator's run, s: it is stopped as soon as the point is measured. */
const LOAD_SAFETY_S = 900;
/** Below a whole core: Node runs the media path (JavaScript) on one thread. */
const SATURATED_CPU_PERCENT = 95;
/** A load generator more than this late (ms) was held back by a server that did not read in time. */
const MAX_SCHEDULE_LAG_MS = 1000;

interface StartedServer {
  readonly process: Managed;
  readonly url: string;
  readonly inlet: InletProcess | undefined;
  readonly cleanup: () => void;
}

async function startServer(o: PointOptions): Promise<StartedServer> {
  if (o.server === 'nms') {
    const dir = mkdtempSync(join(tmpdir(), 'nms-peer-'));
    const port = await freePort();
    const proc = startManaged(
      'nms',
      process.execPath,
      [join(REPO, 'scripts', 'bench', 'nms-peer.mjs'), String(port), dir],
      {
        logFile: join(dir, 'nms.log'),
      },
    );
    await waitFor('Node-Media-Server to listen', () => proc.output().includes('nms peer listening'), 30_000);
    return {
      process: proc,
      url: `rtmp://127.0.0.1:${port}/live`,
      inlet: undefined,
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const lean = o.server === 'inlet-lean';
  const ingestOnly = o.server === 'inlet-ingest';
  const inlet = await startInletProcess({
    mode: 'metrics',
    liveEvents: [{ name: 'load', ...(o.server === 'inlet-ll' ? { streamOptions: ['LowLatency'] } : {}) }],
    // Least packaging: segments only in memory, the shortest window that holds two 2 s segments.
    env: {
      ...(lean ? { INLET_SEGMENTS_ON_DISK: 'false', INLET_PREVIEW_WINDOW: '4s' } : {}),
      ...(ingestOnly ? { INLET_PREVIEW: 'false' } : {}),
    },
    ...(o.inletNodeArgs === undefined ? {} : { nodeArgs: o.inletNodeArgs }),
  });
  return {
    process: inlet.process,
    url: inlet.ingestUrl('load', o.secure),
    inlet,
    cleanup: () => rmSync(inlet.dataDir, { recursive: true, force: true }),
  };
}

async function metrics(inlet: InletProcess, reset: boolean): Promise<Metrics> {
  const r = await fetch(`http://127.0.0.1:${inlet.metricsPort ?? 0}/metrics${reset ? '?reset=1' : ''}`);
  return (await r.json()) as Metrics;
}

async function playlistSnapshot(inlet: InletProcess, streams: number): Promise<number[]> {
  const urls: string[] = [];
  for (let i = 0; i < streams; i++) {
    urls.push(
      inlet.http(`/preview/load/s${i}-video/index.m3u8`),
      inlet.http(`/preview/load/s${i}-audio/index.m3u8`),
    );
  }
  const states = await mapLimit(urls, 16, fetchMediaPlaylist);
  return states.map((s) => s.lastSequence);
}

/** `rampMsFor` spreads connections: 10 per second, between 2 and 30 s. */
export function rampMsFor(streams: number): number {
  return Math.min(30_000, Math.max(2000, streams * 100));
}

/** `runBenchPoint`: see the module comment. */
export async function runBenchPoint(o: PointOptions): Promise<PointResult> {
  const notes: string[] = [];
  const server = await startServer(o);
  try {
    await sleep(2000);
    const idleRss = rssBytes(server.process.pid);
    const rampMs = rampMsFor(o.streams);
    const reportFile = join(tmpdir(), `inlet-bench-load-${process.pid}-${o.server}-${o.streams}.json`);
    const [cmd, args] = loadGeneratorCommand(join(REPO, 'scripts'), [
      ...['--url', server.url, '--streams', String(o.streams), '--fixture', o.fixture],
      // Stopped with SIGTERM once measured (it then unpublishes and writes its report); the duration only
      // bounds a run whose benchmark died.
      ...['--ramp', String(rampMs / 1000), '--duration', String(rampMs / 1000 + LOAD_SAFETY_S)],
      ...['--report', reportFile],
    ]);
    const load = startManaged('load', cmd, args);
    o.log(
      `${o.server} N=${o.streams}: ramp ${rampMs / 1000} s, warm-up ${o.warmupMs / 1000} s, measuring ${o.measureMs / 1000} s`,
    );
    await sleep(rampMs + o.warmupMs);
    const inlet = server.inlet;
    const packaging = inlet !== undefined && !ingestOnlyKind(o.server);
    const before = packaging ? await playlistSnapshot(inlet, o.streams) : undefined;
    if (inlet !== undefined) {
      await metrics(inlet, true);
    }
    const serverCpu = new CpuMeter(server.process.pid, true);
    const loadCpu = new CpuMeter(load.pid, false);
    serverCpu.start();
    loadCpu.start();
    const threads0 = threadCpuMs(server.process.pid);
    const window0 = performance.now();
    const rss: number[] = [];
    const end = performance.now() + o.measureMs;
    while (performance.now() < end) {
      rss.push(rssBytes(server.process.pid));
      await sleep(Math.min(2000, Math.max(0, end - performance.now())));
    }
    const cpuPercent = serverCpu.percent();
    const threads = threadShares(threads0, threadCpuMs(server.process.pid), performance.now() - window0);
    const loadGeneratorCpuPercent = loadCpu.percent();
    const latencies = packaging ? await metrics(inlet, true) : undefined;
    const atEnd = inlet === undefined ? undefined : await metrics(inlet, false);
    const memory =
      atEnd === undefined ? undefined : { ...atEnd.memory, packagerBytes: atEnd.packagerMemoryBytes };
    const after = packaging ? await playlistSnapshot(inlet, o.streams) : undefined;
    const loadExit = await load.stop(60_000);
    if (loadExit !== 0) {
      throw new Error(`load generator failed (${loadExit}): ${load.output().slice(-2000)}`);
    }
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as LoadReport;
    rmSync(reportFile, { force: true });
    const meanRss = rss.reduce((a, b) => a + b, 0) / Math.max(1, rss.length);
    let playlists: PointResult['playlists'];
    let frames: PointResult['frames'];
    let logErrors: number | undefined;
    if (inlet !== undefined && before !== undefined && after !== undefined && !ingestOnlyKind(o.server)) {
      const advancing = after.filter((seq, i) => seq > (before[i] ?? -1) && seq >= 0).length;
      playlists = { checked: after.length, advancing };
      // The streams unpublished: give the packager a moment to close their last segments.
      await sleep(3000);
      const final = await metrics(inlet, false);
      let sent = 0;
      let packaged = 0;
      let lost = 0;
      for (const s of report.streams) {
        const v = s.sessionFrames.reduce((a, x) => a + x.video, 0);
        const a = s.sessionFrames.reduce((n, x) => n + x.audio, 0);
        const pv = final.samples[`${s.name}-video`] ?? 0;
        const pa = final.samples[`${s.name}-audio`] ?? 0;
        sent += v + a;
        packaged += pv + pa;
        lost += Math.max(0, v - pv) + Math.max(0, a - pa);
      }
      frames = { sent, packaged, lost };
      logErrors = readInletLog(inlet.logFile).filter((l) => l.level >= 50).length;
    }
    const t = report.totals;
    if (t.errors > 0) {
      notes.push(
        `load generator: ${t.errors} errors (${report.streams.find((s) => s.lastError !== undefined)?.lastError ?? ''})`,
      );
    }
    if (t.maxLagMs > MAX_SCHEDULE_LAG_MS) {
      notes.push(`load generator fell ${t.maxLagMs} ms behind its schedule`);
    }
    // Node runs JavaScript on one thread: that thread saturating is the limit (GC helpers and the thread
    // pool add CPU on the other core). Without thread figures, the whole process counts.
    const main = threads['main'];
    const mainThread = main === undefined ? undefined : main.user + main.system;
    const limiting = mainThread ?? cpuPercent;
    if (limiting >= SATURATED_CPU_PERCENT) {
      notes.push(
        mainThread === undefined
          ? `server at ${cpuPercent.toFixed(0)}% of a core`
          : `server main thread at ${mainThread.toFixed(0)}% of a core`,
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
      t.errors === 0 &&
      t.maxLagMs <= MAX_SCHEDULE_LAG_MS &&
      limiting < SATURATED_CPU_PERCENT &&
      (playlists === undefined || playlists.advancing === playlists.checked) &&
      (frames === undefined || frames.lost === 0);
    const result: PointResult = {
      server: o.server,
      streams: o.streams,
      cpuPercent: round(cpuPercent, 1),
      cpuPercentPerStream: round(cpuPercent / o.streams, 3),
      idleRssBytes: idleRss,
      rssBytes: Math.round(meanRss),
      rssPerStreamBytes: Math.round((meanRss - idleRss) / o.streams),
      loadGeneratorCpuPercent: round(loadGeneratorCpuPercent, 1),
      loadGenerator: t,
      ...(playlists === undefined ? {} : { playlists }),
      ...(frames === undefined ? {} : { frames }),
      ...(latencies === undefined
        ? {}
        : { segmentLatency: summarize(latencies.segments), partLatency: summarize(latencies.parts) }),
      ...(logErrors === undefined ? {} : { logErrors }),
      ...(memory === undefined ? {} : { memory }),
      threads,
      keptUp,
      notes,
    };
    o.log(
      `${o.server} N=${o.streams}: server ${result.cpuPercent}% (${result.cpuPercentPerStream}%/stream), ` +
        `RSS ${(result.rssBytes / 1e6).toFixed(0)} MB (${(result.rssPerStreamBytes / 1e6).toFixed(2)} MB/stream), ` +
        `load generator ${result.loadGeneratorCpuPercent}%` +
        (playlists === undefined ? '' : `, playlists ${playlists.advancing}/${playlists.checked}`) +
        (frames === undefined ? '' : `, frames lost ${frames.lost}/${frames.sent}`) +
        (result.segmentLatency === undefined
          ? ''
          : `, segment latency p50 ${result.segmentLatency.p50} p99 ${result.segmentLatency.p99} ms`) +
        (result.partLatency === undefined || result.partLatency.count === 0
          ? ''
          : `, part p99 ${result.partLatency.p99} ms`) +
        (keptUp ? '' : ` — did not keep up: ${notes.join('; ')}`),
    );
    return result;
  } finally {
    await server.process.stop();
    server.cleanup();
  }
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

function ingestOnlyKind(server: ServerKind): boolean {
  return server === 'inlet-ingest';
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
