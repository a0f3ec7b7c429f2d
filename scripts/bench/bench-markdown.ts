/**
 * `benchMarkdown` renders a benchmark run (`BenchRun`) as the generated section of docs/BENCHMARKS.md:
 * machine, command, scaling tables per server, the Inlet / Node-Media-Server ratios, latencies and the
 * publisher cost.
 */
import { linearSlope } from '../common/stats.js';
import type { PointResult } from './bench-point.js';
import type { GlassResult } from './glass-latency.js';
import type { PublisherCost } from './publisher-cost.js';

/** `BenchRun` is everything one `npm run bench` measured. */
export interface BenchRun {
  readonly startedAt: string;
  readonly command: string;
  readonly machine: Record<string, string>;
  readonly fixture: string;
  readonly measureMs: number;
  readonly warmupMs: number;
  readonly secure: boolean;
  readonly points: PointResult[];
  publisherCost?: PublisherCost;
  glass?: GlassResult;
  glassError?: string;
}

const mb = (b: number): string => (b / 1e6).toFixed(1);
const mb2 = (b: number): string => (b / 1e6).toFixed(2);

function pointRow(p: PointResult): string {
  const cells = [
    String(p.streams),
    p.cpuPercent.toFixed(1),
    p.cpuPercentPerStream.toFixed(3),
    mb(p.rssBytes),
    mb2(p.rssPerStreamBytes),
    p.loadGeneratorCpuPercent.toFixed(1),
    p.playlists === undefined ? '—' : `${p.playlists.advancing}/${p.playlists.checked}`,
    p.frames === undefined ? '—' : `${p.frames.lost} / ${p.frames.sent}`,
    p.segmentLatency === undefined ? '—' : `${p.segmentLatency.p50} / ${p.segmentLatency.p99}`,
    p.partLatency === undefined || p.partLatency.count === 0
      ? '—'
      : `${p.partLatency.p50} / ${p.partLatency.p99}`,
    p.keptUp ? 'yes' : `no: ${p.notes.join('; ')}`,
  ];
  return `| ${cells.join(' | ')} |`;
}

const HEADER =
  '| streams | CPU % of a core | CPU %/stream | RSS MB | RSS MB/stream | load gen CPU % | playlists advancing | frames lost / sent | segment latency p50 / p99 ms | part latency p50 / p99 ms | kept up |\n' +
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|';

const SERVER_TITLES: Record<string, string> = {
  inlet:
    'Inlet, full pipeline (ingest, health, CMAF, HLS/DASH preview; segments beyond the live edge on disk)',
  'inlet-lean': 'Inlet, least packaging with a preview (preview window 4 s, segments in memory only)',
  'inlet-ingest':
    'Inlet, ingest only (`packager.preview: false`: RTMP, FLV demux, timelines, fragmenting, health and events; no CMAF)',
  'inlet-ll': 'Inlet, low-latency live event (LL-HLS parts of 500 ms)',
  nms: 'Node-Media-Server 4 (pure ingest, RTMP only)',
};

/** `benchMarkdown`: see the module comment. */
export function benchMarkdown(run: BenchRun, plotFile: string): string {
  const out: string[] = [];
  out.push(`Run of ${run.startedAt}: \`${run.command}\``, '');
  out.push('| machine | |', '|---|---|');
  for (const [k, v] of Object.entries(run.machine)) {
    out.push(`| ${k} | ${v} |`);
  }
  out.push(
    '',
    `Fixture \`${run.fixture}\` (looped), ${run.secure ? 'RTMPS' : 'RTMP'}; per point: ramp-up (10 connections/s), ` +
      `${run.warmupMs / 1000} s warm-up, ${run.measureMs / 1000} s measurement. CPU is the server process tree's ` +
      '`/proc/<pid>/stat` utime+stime (children included) over the measurement window, in % of one core; RSS is the ' +
      'mean `VmRSS` over the window, "per stream" is (RSS − idle RSS before the first stream) / streams.',
    '',
  );
  const servers = [...new Set(run.points.map((p) => p.server))];
  for (const server of servers) {
    out.push(`#### ${SERVER_TITLES[server] ?? server}`, '', HEADER);
    for (const p of run.points.filter((x) => x.server === server).sort((a, b) => a.streams - b.streams)) {
      out.push(pointRow(p));
    }
    const idle = run.points.find((x) => x.server === server)?.idleRssBytes;
    out.push('', `Idle RSS before the first stream: ${idle === undefined ? '—' : mb(idle)} MB.`);
    const largest = run.points
      .filter((x) => x.server === server && x.memory !== undefined)
      .sort((a, b) => b.streams - a.streams)[0];
    if (largest?.memory !== undefined) {
      const m = largest.memory;
      out.push(
        `At ${largest.streams} streams \`process.memoryUsage()\`: rss ${mb(m.rss)} MB, V8 heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB, ` +
          `external ${mb(m.external)} MB (array buffers ${mb(m.arrayBuffers)} MB); media held by the packager ` +
          `${mb(m.packagerBytes)} MB.`,
      );
    }
    const threads = run.points
      .filter((x) => x.server === server && x.threads !== undefined)
      .sort((a, b) => b.streams - a.streams)[0];
    if (threads?.threads !== undefined) {
      const parts = Object.entries(threads.threads)
        .filter(([, t]) => t.user + t.system >= 0.5)
        .sort((a, b) => b[1].user + b[1].system - (a[1].user + a[1].system))
        .map(([name, t]) => `${name} ${t.user.toFixed(1)} user + ${t.system.toFixed(1)} system`);
      out.push(`CPU by thread at ${threads.streams} streams (% of a core): ${parts.join('; ')}.`);
    }
    out.push('');
  }
  out.push(...fitTable(run.points));
  const nms = new Map(run.points.filter((p) => p.server === 'nms').map((p) => [p.streams, p]));
  for (const server of ['inlet', 'inlet-lean', 'inlet-ingest']) {
    const rows = run.points
      .filter((p) => p.server === server && nms.has(p.streams))
      .sort((a, b) => a.streams - b.streams);
    if (rows.length === 0) {
      continue;
    }
    out.push(`#### Ratio ${server} / Node-Media-Server`, '');
    out.push('| streams | CPU/stream ratio | RSS/stream ratio | RSS total ratio |', '|---:|---:|---:|---:|');
    for (const p of rows) {
      const n = nms.get(p.streams);
      if (n === undefined) {
        continue;
      }
      const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(2) : '—');
      out.push(
        `| ${p.streams} | ${ratio(p.cpuPercentPerStream, n.cpuPercentPerStream)} | ${ratio(p.rssPerStreamBytes, n.rssPerStreamBytes)} | ${ratio(p.rssBytes, n.rssBytes)} |`,
      );
    }
    out.push('');
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
  return out.join('\n');
}

/** Least-squares line `y = a + b·x`. */
function fit(points: readonly { x: number; y: number }[]): { a: number; b: number } {
  const b = linearSlope(points);
  const mx = points.reduce((s, p) => s + p.x, 0) / Math.max(1, points.length);
  const my = points.reduce((s, p) => s + p.y, 0) / Math.max(1, points.length);
  return { a: my - b * mx, b };
}

/**
 * `fitTable` fits CPU and RSS against the stream count over the points of 10 streams or more that kept up
 * (the marginal cost per stream, free of the fixed cost and of one-stream noise), as the reference figures
 * are given ("70 MB + 1.8 MB per stream").
 */
function fitTable(points: readonly PointResult[]): string[] {
  const out = [
    '#### Per-stream cost, linear fit over the points from 10 streams that kept up',
    '',
    '| server | points | CPU % of a core | RSS |',
    '|---|---:|---|---|',
  ];
  for (const server of [...new Set(points.map((p) => p.server))]) {
    const used = points.filter((p) => p.server === server && p.keptUp && p.streams >= 10);
    if (used.length < 2) {
      continue;
    }
    const cpu = fit(used.map((p) => ({ x: p.streams, y: p.cpuPercent })));
    const rss = fit(used.map((p) => ({ x: p.streams, y: p.rssBytes / 1e6 })));
    out.push(
      `| ${server} | ${used.length} (${used[0]?.streams}–${used[used.length - 1]?.streams}) | ` +
        `${cpu.a.toFixed(1)} + **${cpu.b.toFixed(3)}** per stream | ${rss.a.toFixed(0)} MB + **${rss.b.toFixed(2)} MB** per stream |`,
    );
  }
  out.push('');
  return out;
}
