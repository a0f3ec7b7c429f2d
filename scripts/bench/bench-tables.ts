/**
 * The tables of the generated benchmark section: per publisher kind × topology, servers × stream counts
 * with CPU, RSS, PSS, marginal memory, the ratios to nginx-rtmp and keep-up; the keep-up limit of every
 * server; the per-stream cost by linear fit; Inlet's latency, memory and thread details.
 */
import { linearSlope } from '../common/stats.js';
import {
  SERVER_KINDS,
  type PointFailure,
  type PointResult,
  type PublisherKind,
  type ServerKind,
  type Topology,
} from './bench-types.js';

const mb = (b: number | undefined): string => (b === undefined ? '—' : (b / 1e6).toFixed(1));
const mb2 = (b: number | undefined): string => (b === undefined ? '—' : (b / 1e6).toFixed(2));
const ratio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined || b <= 0 ? '—' : (a / b).toFixed(2);

/** `serverTitle` is a server's name in the tables (`workers`: Inlet's default worker count). */
export function serverTitle(server: ServerKind, workers: number | undefined): string {
  const titles: Record<ServerKind, string> = {
    nginx: 'nginx-rtmp',
    nms: 'Node-Media-Server',
    inlet: 'Inlet (one process)',
    'inlet-workers': `Inlet (${workers ?? 'N'} workers)`,
    'inlet-lean': 'Inlet, least packaging',
    'inlet-ingest': 'Inlet, ingest only',
    'inlet-ll': 'Inlet, low latency',
  };
  return titles[server];
}

export const PUBLISHER_TITLES: Record<PublisherKind, string> = {
  ffmpeg: 'ffmpeg publishers (one `ffmpeg -re -stream_loop -1 -c copy` process per stream)',
  load: 'load generator (one process publishing every stream)',
};

export const TOPOLOGY_TITLES: Record<Topology, string> = {
  'per-event': 'one live event per stream (`e0`…, stream `s0` each)',
  'one-event': 'one live event, N stream names',
};

const order = (s: ServerKind): number => SERVER_KINDS.indexOf(s);

/** `tablePoints` are the points of one publisher kind × topology (peers' `any` points included). */
export function tablePoints(
  points: readonly PointResult[],
  publisher: PublisherKind,
  topology: Topology,
): PointResult[] {
  return points
    .filter(
      (p) =>
        p.server !== 'inlet-ll' &&
        p.publisher === publisher &&
        (p.topology === topology || p.topology === 'any'),
    )
    .sort((a, b) => order(a.server) - order(b.server) || a.streams - b.streams);
}

function keptUpCell(p: PointResult): string {
  return p.keptUp ? 'yes' : `no: ${p.notes.join('; ')}`;
}

const MATRIX_HEADER =
  '| server | streams | CPU % of a core | CPU %/stream | CPU/stream ÷ nginx | RSS MB | PSS MB | RSS MB/stream | PSS MB/stream | RSS ÷ nginx | publishers CPU % | playlists advancing | frames lost / sent | kept up |\n' +
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|';

/** `matrixTable` renders servers × N of one publisher kind × topology. */
export function matrixTable(rows: readonly PointResult[], workers: number | undefined): string[] {
  const nginx = new Map(rows.filter((p) => p.server === 'nginx').map((p) => [p.streams, p]));
  const out = [MATRIX_HEADER];
  for (const p of rows) {
    const n = nginx.get(p.streams);
    const cells = [
      serverTitle(p.server, workers),
      String(p.streams),
      p.cpuPercent.toFixed(1),
      p.cpuPercentPerStream.toFixed(3),
      ratio(p.cpuPercentPerStream, n?.cpuPercentPerStream),
      mb(p.rssBytes),
      mb(p.pssBytes),
      mb2(p.rssPerStreamBytes),
      mb2(p.pssPerStreamBytes),
      ratio(p.rssBytes, n?.rssBytes),
      p.publisherCpuPercent.toFixed(1),
      p.playlists === undefined ? '—' : `${p.playlists.advancing}/${p.playlists.checked}`,
      p.frames === undefined ? '—' : `${p.frames.lost} / ${p.frames.sent}`,
      keptUpCell(p),
    ];
    out.push(`| ${cells.join(' | ')} |`);
  }
  return out;
}

/** `keepUpLimit` says how far one server went: the largest count kept up, and where it stopped. */
export function keepUpLimit(points: readonly PointResult[], failures: readonly PointFailure[] = []): string {
  const sorted = [...points].sort((a, b) => a.streams - b.streams);
  const kept = sorted.filter((p) => p.keptUp);
  const firstMiss = sorted.find((p) => !p.keptUp);
  const failed = [...failures].sort((a, b) => a.streams - b.streams)[0];
  const parts: string[] = [];
  if (kept.length === 0 && firstMiss === undefined && failed === undefined) {
    return 'not measured';
  }
  const largest = kept[kept.length - 1];
  if (firstMiss === undefined && failed === undefined && largest !== undefined) {
    return `kept up at every count measured, up to ${largest.streams}`;
  }
  parts.push(largest === undefined ? 'kept up at no count measured' : `kept up to ${largest.streams}`);
  if (firstMiss !== undefined) {
    parts.push(`not at ${firstMiss.streams} (${firstMiss.notes.join('; ')})`);
  } else if (failed !== undefined) {
    parts.push(`not measured at ${failed.streams} (${failed.error.split('\n')[0] ?? ''})`);
  }
  return parts.join('; ');
}

/** `limitsTable`: the keep-up limit of every server under every publisher kind × topology. */
export function limitsTable(
  points: readonly PointResult[],
  failures: readonly PointFailure[],
  tables: readonly { publisher: PublisherKind; topology: Topology }[],
  workers: number | undefined,
): string[] {
  const servers = [...new Set([...points, ...failures].map((p) => p.server))]
    .filter((s) => s !== 'inlet-ll')
    .sort((a, b) => order(a) - order(b));
  const head = tables.map((t) => `${t.publisher}, ${t.topology}`);
  const out = [`| server | ${head.join(' | ')} |`, `|---|${tables.map(() => '---').join('|')}|`];
  for (const server of servers) {
    const cells = tables.map((t) => {
      const match = (p: { server: ServerKind; publisher: PublisherKind; topology: string }): boolean =>
        p.server === server &&
        p.publisher === t.publisher &&
        (p.topology === t.topology || p.topology === 'any');
      return keepUpLimit(points.filter(match), failures.filter(match));
    });
    out.push(`| ${serverTitle(server, workers)} | ${cells.join(' | ')} |`);
  }
  return out;
}

function fit(points: readonly { x: number; y: number }[]): { a: number; b: number } {
  const b = linearSlope(points);
  const mx = points.reduce((s, p) => s + p.x, 0) / Math.max(1, points.length);
  const my = points.reduce((s, p) => s + p.y, 0) / Math.max(1, points.length);
  return { a: my - b * mx, b };
}

/**
 * `fitTable` fits CPU, RSS and PSS against the stream count over the points of 10 streams or more that
 * kept up, per server, publisher kind and topology (the marginal cost per stream, free of the fixed cost
 * and of one-stream noise), as the reference figures are given ("70 MB + 1.8 MB per stream").
 */
export function fitTable(points: readonly PointResult[], workers: number | undefined): string[] {
  const rows: string[] = [];
  const groups = new Map<string, PointResult[]>();
  for (const p of points) {
    if (p.keptUp && p.streams >= 10) {
      const key = `${p.server}|${p.publisher}|${p.topology}`;
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
  }
  for (const used of groups.values()) {
    const p0 = used[0];
    if (p0 === undefined || used.length < 2) {
      continue;
    }
    used.sort((a, b) => a.streams - b.streams);
    const cpu = fit(used.map((p) => ({ x: p.streams, y: p.cpuPercent })));
    const rss = fit(used.map((p) => ({ x: p.streams, y: p.rssBytes / 1e6 })));
    const pssPoints = used.filter((p) => p.pssBytes !== undefined && p.pssBytes > 0);
    const pss =
      pssPoints.length === used.length
        ? fit(pssPoints.map((p) => ({ x: p.streams, y: (p.pssBytes ?? 0) / 1e6 })))
        : undefined;
    rows.push(
      `| ${serverTitle(p0.server, workers)} | ${p0.publisher} | ${p0.topology} | ${used.length} (${used[0]?.streams}–${used[used.length - 1]?.streams}) | ` +
        `${cpu.a.toFixed(1)} + **${cpu.b.toFixed(3)}** per stream | ${rss.a.toFixed(0)} MB + **${rss.b.toFixed(2)} MB** per stream | ` +
        `${pss === undefined ? '—' : `${pss.a.toFixed(0)} MB + **${pss.b.toFixed(2)} MB** per stream`} |`,
    );
  }
  if (rows.length === 0) {
    return [];
  }
  return [
    '#### Per-stream cost, linear fit over the points from 10 streams that kept up',
    '',
    '| server | publishers | topology | points | CPU % of a core | RSS | PSS |',
    '|---|---|---|---:|---|---|---|',
    ...rows,
    '',
  ];
}

/** `inletDetails`: latencies, memory and CPU by thread at the largest point of each Inlet combination. */
export function inletDetails(points: readonly PointResult[], workers: number | undefined): string[] {
  const largest = new Map<string, PointResult>();
  for (const p of points) {
    const key = `${p.server}|${p.publisher}|${p.topology}`;
    if (p.server.startsWith('inlet') && (largest.get(key)?.streams ?? -1) < p.streams) {
      largest.set(key, p);
    }
  }
  if (largest.size === 0) {
    return [];
  }
  const out = [
    '#### Inlet at the largest count of each line: latency, memory, threads',
    '',
    '| server | publishers | topology | streams | segment latency p50 / p99 ms | part latency p50 / p99 ms | V8 heap used MB | external MB | packager media MB | CPU by thread (% of a core, user + system) | error log lines |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---|---:|',
  ];
  const sorted = [...largest.values()].sort(
    (a, b) => order(a.server) - order(b.server) || a.publisher.localeCompare(b.publisher),
  );
  for (const p of sorted) {
    const threads = Object.entries(p.threads ?? {})
      .filter(([, t]) => t.user + t.system >= 0.5)
      .sort((a, b) => b[1].user + b[1].system - (a[1].user + a[1].system))
      .map(([name, t]) => `${name} ${t.user.toFixed(1)} + ${t.system.toFixed(1)}`)
      .join('; ');
    const cells = [
      serverTitle(p.server, workers),
      p.publisher,
      p.topology,
      String(p.streams),
      p.segmentLatency === undefined ? '—' : `${p.segmentLatency.p50} / ${p.segmentLatency.p99}`,
      p.partLatency === undefined || p.partLatency.count === 0
        ? '—'
        : `${p.partLatency.p50} / ${p.partLatency.p99}`,
      mb(p.memory?.heapUsed),
      mb(p.memory?.external),
      mb(p.memory?.packagerBytes),
      threads === '' ? '—' : threads,
      p.logErrors === undefined ? '—' : String(p.logErrors),
    ];
    out.push(`| ${cells.join(' | ')} |`);
  }
  out.push('');
  return out;
}
