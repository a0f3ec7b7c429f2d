/**
 * `benchMarkdown` renders a benchmark run (`BenchRun`) as the generated section of docs/BENCHMARKS.md:
 * machine, command, method, for every publisher kind × topology a table of servers × stream counts
 * (`bench-tables.ts`), the keep-up limits, the per-stream fits, Inlet's details, the low-latency point,
 * the plot, the publisher cost and the glass-to-player latency. Runs saved before publisher kinds and
 * topologies existed render too (`normalizePoint`).
 */
import {
  normalizePoint,
  TOPOLOGIES,
  type PointFailure,
  type PointResult,
  type PublisherKind,
  type Topology,
} from './bench-types.js';
import {
  fitTable,
  inletDetails,
  limitsTable,
  matrixTable,
  PUBLISHER_TITLES,
  serverTitle,
  tablePoints,
  TOPOLOGY_TITLES,
} from './bench-tables.js';
import type { GlassResult } from './glass-latency.js';
import type { PublisherCost } from './publisher-cost.js';

/** `BenchRun` is everything one `npm run bench` measured. */
export interface BenchRun {
  readonly startedAt: string;
  finishedAt?: string;
  readonly command: string;
  readonly machine: Record<string, string>;
  readonly fixture: string;
  readonly measureMs: number;
  readonly warmupMs: number;
  readonly secure: boolean;
  readonly publishers?: readonly PublisherKind[];
  readonly topologies?: readonly Topology[];
  /** Inlet's default worker count on this machine (the `inlet-workers` server). */
  readonly inletWorkers?: number;
  readonly points: PointResult[];
  readonly failures?: PointFailure[];
  publisherCost?: PublisherCost;
  glass?: GlassResult;
  glassError?: string;
}

const mb = (b: number): string => (b / 1e6).toFixed(1);

/** `runMinutes` is how long a run took, in whole minutes (undefined when it did not record its end). */
export function runMinutes(run: BenchRun): number | undefined {
  if (run.finishedAt === undefined) {
    return undefined;
  }
  return Math.max(1, Math.round((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 60_000));
}

function method(run: BenchRun): string[] {
  const minutes = runMinutes(run);
  return [
    `Fixture \`${run.fixture}\` (looped), ${run.secure ? 'RTMPS' : 'RTMP'} on loopback; per point the server starts ` +
      `fresh, then ramp-up (10 connections/s), ${run.warmupMs / 1000} s warm-up, ${run.measureMs / 1000} s ` +
      `measurement${minutes === undefined ? '' : `; the run took ${minutes} min`}. CPU is the server's whole ` +
      'process tree (children and threads: `/proc/<pid>/stat` utime+stime) over the window, in % of one core. ' +
      'RSS (`VmRSS`) and PSS (`/proc/<pid>/smaps_rollup`, shared pages divided among the processes mapping ' +
      'them) are summed over the tree and averaged over the window; "per stream" is (mean − idle before ' +
      'the first stream) / streams; PSS per stream counts its anonymous part only (`Pss_Anon` + ' +
      '`Pss_Shmem`): the Node servers share the node binary with every other Node process on the machine ' +
      '(the benchmark itself, the load generator), which lowers their PSS by a part of it that changes ' +
      'when the load generator starts. ' +
      '"÷ nginx" divides by nginx-rtmp at the same count and publishers. ' +
      '"publishers CPU" is the ffmpeg processes\' or the load generator\'s own CPU.',
    '',
    'Servers: **nginx-rtmp** (Debian nginx 1.22 + libnginx-mod-rtmp, one worker, HLS and DASH of 2 s ' +
      "fragments over a 30 s window, as Inlet's preview); **Node-Media-Server** 4 (pure ingest, RTMP only); " +
      `**${serverTitle('inlet', run.inletWorkers)}** (\`INLET_WORKERS=0\`: everything in one process) and **${serverTitle('inlet-workers', run.inletWorkers)}** ` +
      '(`INLET_WORKERS` = the core count: live events spread over that many media worker processes), the full pipeline (ingest, health, CMAF, HLS/DASH preview of ' +
      'a 30 s window, segments behind the live edge on disk). nginx and NMS have one application and N ' +
      'stream names whatever the topology: their points are measured once per count and publishers and ' +
      "shown in both topologies' tables.",
    '',
    'Kept up: every playlist advanced over the window (Inlet: video and audio of every stream over HTTP; ' +
      "nginx: each stream's HLS playlist on disk), the publishers kept real time (load generator: no " +
      'error, never over 1 s behind its schedule; ffmpeg: none exited, the slowest at ≥ 0.9× real time), ' +
      "the busiest thread that runs a main loop (Node's JavaScript thread, the nginx worker) under 95 % of " +
      'a core, and (Inlet under the load generator) no frame lost between sent and packaged. Counts go up ' +
      'by 50 per step while a line keeps up; its last point is where it stopped.',
    '',
  ];
}

function idleLine(rows: readonly PointResult[], workers: number | undefined): string {
  const first = new Map<string, PointResult>();
  for (const p of rows) {
    const seen = first.get(p.server);
    if (seen === undefined || p.streams < seen.streams) {
      first.set(p.server, p);
    }
  }
  const parts = [...first.values()].map(
    (p) =>
      `${serverTitle(p.server, workers)} ${mb(p.idleRssBytes)}` +
      (p.idlePssBytes === undefined ? '' : ` / ${mb(p.idlePssBytes)}`),
  );
  return `Idle RSS / PSS MB before the first stream: ${parts.join('; ')}.`;
}

/** `benchMarkdown`: see the module comment. */
export function benchMarkdown(saved: BenchRun, plotFile: string): string {
  const run = { ...saved, points: saved.points.map((p) => normalizePoint(p)) };
  const workers = run.inletWorkers;
  const failures = run.failures ?? [];
  const out: string[] = [];
  out.push(`Run of ${run.startedAt}: \`${run.command}\``, '');
  out.push('| machine | |', '|---|---|');
  for (const [k, v] of Object.entries(run.machine)) {
    out.push(`| ${k} | ${v} |`);
  }
  out.push('', ...method(run));
  const publishers = run.publishers ?? [...new Set(run.points.map((p) => p.publisher))];
  const topologies = run.topologies ?? TOPOLOGIES.filter((t) => run.points.some((p) => p.topology === t));
  const tables: { publisher: PublisherKind; topology: Topology }[] = [];
  for (const publisher of publishers) {
    for (const topology of topologies) {
      const rows = tablePoints(run.points, publisher, topology);
      if (rows.length === 0) {
        continue;
      }
      tables.push({ publisher, topology });
      out.push(`#### ${PUBLISHER_TITLES[publisher]}; ${TOPOLOGY_TITLES[topology]}`, '');
      out.push(...matrixTable(rows, workers), '', idleLine(rows, workers), '');
    }
  }
  if (tables.length > 0) {
    out.push('#### Keep-up limits', '', ...limitsTable(run.points, failures, tables, workers), '');
  }
  out.push(...fitTable(run.points, workers));
  out.push(...inletDetails(run.points, workers));
  const ll = run.points.filter((p) => p.server === 'inlet-ll');
  if (ll.length > 0) {
    out.push('#### Inlet, low-latency live event (LL-HLS parts of 500 ms), load generator', '');
    out.push(...matrixTable(ll, workers), '');
  }
  out.push(`![Server CPU and RSS against stream count](${plotFile})`, '');
  if (run.publisherCost !== undefined) {
    const c = run.publisherCost;
    out.push(
      '#### Publisher cost (same fixture, same server, same window)',
      '',
      '| publishers | CPU % of a core | CPU %/stream | RSS |',
      '|---|---:|---:|---:|',
      `| ${c.streams} × ffmpeg \`-re -stream_loop -1 -c copy\` | ${c.ffmpegPercent} | ${c.ffmpegPercentPerStream} | ${mb(c.ffmpegRssPerStreamBytes)} MB per process |`,
      `| 1 load generator, ${c.streams} streams | ${c.loadGeneratorPercent} | ${c.loadGeneratorPercentPerStream} | ${mb(c.loadGeneratorRssBytes)} MB in total |`,
      '',
    );
  }
  if (run.glass !== undefined) {
    const g = run.glass;
    out.push(
      '#### Glass-to-player latency (low-latency live event, headless Chromium, hls.js low-latency mode)',
      '',
      `p50 ${g.latency.p50} ms, p99 ${g.latency.p99} ms, max ${g.latency.max} ms over ${g.frames} presented frames ` +
        `(${g.unreadable} frames without a readable bar code; player engine ${g.player}; hls.js's own estimate at the end: ` +
        `latency ${g.playerLatencyMs ?? '?'} ms, target ${g.playerTargetLatencyMs ?? '?'} ms).`,
      '',
    );
  } else if (run.glassError !== undefined) {
    out.push(`Glass-to-player latency: not measured (${run.glassError}).`, '');
  }
  if (failures.length > 0) {
    out.push('#### Points not measured', '');
    for (const f of failures) {
      const first = f.error.split('\n')[0] ?? f.error;
      out.push(
        `- ${serverTitle(f.server, workers)}, ${f.publisher}/${f.topology}, ${f.streams} streams: ${first}`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}
