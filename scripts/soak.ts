/**
 * `npm run soak -- --streams N --minutes M [options]`: a soak test of Inlet on loopback.
 *
 * Inlet runs in its own process (a config file declares the live event and a webhook to this script).
 * N ffmpeg processes publish the fixture (`-re -stream_loop -1 -c copy`), and the load generator (its own
 * process) publishes F more streams with every fault mode on: reconnects, timestamp jumps, stalls and
 * garbage after the handshake. One HLS poller per media playlist fetches every new segment like a
 * player. It checks continuously and reports at the end; the exit code is 1 when any check failed:
 * - RSS slope and live memory slope: Inlet's memory does not grow with time (after warm-up, sampled
 *   after a full GC, on the per-window minimum);
 * - every stream's video and audio playlists keep advancing; the media sequence never goes backwards;
 *   every listed segment can be fetched;
 * - heartbeats received (webhook) = expected (tracks × heartbeat windows);
 * - every encoder session that ended is matched by an `EncoderDisconnected` event (and every session by
 *   an `EncoderConnected`);
 * - zero unexpected errors in Inlet's log.
 *
 * Options: --streams 3 (ffmpeg publishers), --fault-streams 2 (load generator streams with faults; 0 for
 * none), --minutes 2, --fixture 720p30, --heartbeat 2 (s), --inlet src|dist (default src: no build
 * needed), --max-rss-slope MB/min (default 3 + 40 / minutes + 16 / measured minutes, see RSS_STEADY_SLOPE), --max-live-slope MB/min
 * (default 1 + 10 / minutes + one live-edge segment per stream / measured minutes, see LIVE_STEADY_SLOPE
 * and LIVE_EDGE_SECONDS), --max-stall 15 (s
 * without a new segment), --report FILE.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegPath } from '../test/support/media-tools.js';
import { CliArgs } from './common/cli-args.js';
import { readInletLog, REPO, startInletProcess } from './common/inlet-process.js';
import {
  killAllNow,
  loadGeneratorCommand,
  sleep,
  startManaged,
  stopAll,
  type Managed,
} from './common/processes.js';
import { linearSlope } from './common/stats.js';
import { ensureFixture, FIXTURES } from './fixtures/fixture-catalog.js';
import type { LoadReport } from './load/load-generator.js';
import { checkHeartbeats } from './soak/heartbeat-check.js';
import { HlsPoller } from './soak/hls-poller.js';
import { renderChecks, type SoakCheck, type SoakReport } from './soak/soak-report.js';
import { WebhookReceiver } from './soak/webhook-receiver.js';

/**
 * RSS check: the slope (MB/min) of the per-window minimum RSS (after a full GC) over the second half of the run. Bounded
 * structures keep filling for minutes (event history: 180 heartbeats per track, a 60 s drift window, the
 * preview window), so a short run allows their growth (`RSS_WARMUP_GROWTH` MB spread over the run) and a
 * long run tends to `RSS_STEADY_SLOPE`. The allocator also grows RSS in steps that a GC does not give
 * back (13 MB within one window of a 2-minute run while the live memory fell), so one step of
 * `RSS_ALLOCATOR_STEP` MB over the measured half is allowed too. A 2-minute soak thus catches gross leaks
 * (over 39 MB/min; keeping every segment of five 3 Mbit/s streams would be over 100 MB/min), an hour-long
 * one slow ones (over 4.2 MB/min).
 */
const RSS_STEADY_SLOPE = 3;
const RSS_WARMUP_GROWTH = 40;
const RSS_ALLOCATOR_STEP = 16;
/**
 * Live memory check: the same on V8's heap used + external memory right after a full GC, which is what a
 * leak grows; the allocator's free pages (part of RSS) are not. Tighter: 1 + 10 / minutes MB/min, plus
 * the live-edge allowance below.
 */
const LIVE_STEADY_SLOPE = 1;
const LIVE_WARMUP_GROWTH = 10;
/**
 * Media a stream legitimately holds in memory or not depending on the moment a sample is taken: the
 * segment being built at the live edge, one 2 s segment of the fixture's bitrate per stream. It is a
 * fixed amount, so over the measured span it allows `LIVE_EDGE_SECONDS × bitrate × streams /
 * measuredMinutes` of slope; a leak grows past it as the span grows, a short run is not failed by it.
 */
const LIVE_EDGE_SECONDS = 2;

/** Time to let streams connect and the first segments appear before the continuous checks start. */
const WARMUP_MS = 20_000;

const args = new CliArgs(process.argv.slice(2));
const ffmpegStreams = args.number('streams', 3);
const faultStreams = args.number('fault-streams', 2);
const minutes = args.number('minutes', 2);
const fixtureName = args.string('fixture', '720p30');
const heartbeatMs = args.number('heartbeat', 2) * 1000;
const inletMode = args.string('inlet', 'src') === 'dist' ? 'dist' : 'src';
const maxStallMs = args.number('max-stall', 15) * 1000;
const durationMs = minutes * 60_000;
/** The memory checks regress the samples taken after this many seconds (the second half of the run). */
const settleS = Math.max(WARMUP_MS / 1000 + 40, (durationMs / 1000) * 0.5);
const measuredMinutes = Math.max(1, (durationMs / 1000 - settleS) / 60);
const maxRssSlope = args.number(
  'max-rss-slope',
  RSS_STEADY_SLOPE + RSS_WARMUP_GROWTH / minutes + RSS_ALLOCATOR_STEP / measuredMinutes,
);
const liveEdgeMb =
  ((fixtureBitrate(fixtureName) / 8) * LIVE_EDGE_SECONDS * (ffmpegStreams + faultStreams)) / 1e6;
const maxLiveSlope = args.number(
  'max-live-slope',
  LIVE_STEADY_SLOPE + LIVE_WARMUP_GROWTH / minutes + liveEdgeMb / measuredMinutes,
);
const reportFile = args.optional('report');
args.checkUnknown();

/** Pollers reload like a player with 2 s segments: about twice per target duration. */
const POLL_MS = 1000;
/** Faults of the load generator streams (seconds): each happens a few times in a 2-minute run. */
const FAULTS = ['--reconnect-every', '20', '--jump-every', '35', '--jump-ms', '10000'];
const STALLS = ['--stall-every', '30', '--stall-seconds', '3', '--garbage-every', '15'];
const PROGRESS_MS = 10_000;
const RSS_EVERY_MS = 2000;
/**
 * Memory is sampled after a full GC: without one, V8 lets its heap grow for minutes before collecting
 * (RSS rose 60 MB in 6 minutes that way while the live heap grew by 1.5 MB), which no slope limit can tell
 * from a leak. External memory right after a GC still swings with what is in flight at that moment
 * (chunks queued for the disk, segments being served: 6.7 to 26.7 MB between two samples of five streams),
 * so the slope regresses the minimum of each window, and samples are taken often enough (every 4 s, about
 * four per window of a 2-minute run) that a window's minimum is a quiet moment. A full GC of Inlet's
 * ~20 MB heap costs a few ms.
 */
const MEMORY_EVERY_MS = 4000;
const LIVE_EVENT = 'soak';

const log = (line: string): void => console.error(`${new Date().toISOString()} soak ${line}`);
process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
process.on('exit', killAllNow);

const fixture = await ensureFixture(fixtureName, { log });
const receiver = new WebhookReceiver();
const hookUrl = await receiver.listen();
const inlet = await startInletProcess({
  // With the metrics endpoint, which can run a full GC before measuring (`--expose-gc`).
  mode: inletMode === 'dist' ? 'metrics' : 'metrics-src',
  nodeArgs: ['--expose-gc'],
  liveEvents: [{ name: LIVE_EVENT }],
  config: { events: { webhooks: [{ url: hookUrl, name: 'soak', validation: false }] } },
  env: { INLET_HEARTBEAT_INTERVAL: `${heartbeatMs}ms`, INLET_LOG_LEVEL: 'info' },
});
log(
  `Inlet (${inletMode}) pid ${inlet.process.pid}, data ${inlet.dataDir}; ${ffmpegStreams} ffmpeg + ${faultStreams} faulty streams for ${minutes} min`,
);

const startedAt = new Date().toISOString();
const t0 = Date.now();
const ingest = inlet.ingestUrl(LIVE_EVENT);
const ffmpegs: { name: string; proc: Managed; starts: number }[] = [];
const startFfmpeg = (name: string): Managed =>
  startManaged(`ffmpeg ${name}`, ffmpegPath(), [
    ...['-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', fixture],
    ...['-c', 'copy', '-f', 'flv', `${ingest}/${name}`],
  ]);
for (let i = 0; i < ffmpegStreams; i++) {
  ffmpegs.push({ name: `ff${i}`, proc: startFfmpeg(`ff${i}`), starts: 1 });
}
const loadReportFile = join(mkdtempSync(join(tmpdir(), 'inlet-soak-')), 'load.json');
const load = faultStreams > 0 ? startLoadGenerator() : undefined;
const streamNames = [
  ...ffmpegs.map((f) => f.name),
  ...Array.from({ length: faultStreams }, (_, i) => `lg${i}`),
];
const pollers = new Map<string, HlsPoller>();
for (const name of streamNames) {
  for (const kind of ['video', 'audio']) {
    const poller = new HlsPoller(inlet.http(`/preview/${LIVE_EVENT}/${name}-${kind}/index.m3u8`), POLL_MS);
    poller.start();
    pollers.set(`${name}-${kind}`, poller);
  }
}

/** Memory after a full GC (`/metrics?gc=1`): RSS, V8 heap used, and external memory (media buffers). */
const rss: { t: number; bytes: number; heapUsed: number; external: number }[] = [];
const memory = { last: 0 };
const stalls: string[] = [];
const ffmpegDeaths: string[] = [];
const progress = { last: Date.now() };
while (Date.now() - t0 < durationMs) {
  await sleep(RSS_EVERY_MS);
  const now = Date.now();
  if (now - memory.last >= MEMORY_EVERY_MS) {
    memory.last = now;
    const m = await memoryAfterGc();
    if (m !== undefined) {
      rss.push({ t: (now - t0) / 1000, bytes: m.rss, heapUsed: m.heapUsed, external: m.external });
    }
  }
  for (const f of ffmpegs) {
    if (f.proc.child.exitCode !== null) {
      ffmpegDeaths.push(
        `${f.name} exited with ${f.proc.child.exitCode}: ${f.proc.output().slice(-300).trim()}`,
      );
      f.proc = startFfmpeg(f.name);
      f.starts++;
    }
  }
  if (now - t0 >= WARMUP_MS) {
    for (const [name, poller] of pollers) {
      if (now - t0 < WARMUP_MS + RSS_EVERY_MS) {
        poller.resetStallClock(now);
      }
      const since = poller.sinceLastAdvance(now);
      if (since > maxStallMs) {
        stalls.push(
          `${name} listed no new segment for ${Math.round(since / 1000)} s at t=${Math.round((now - t0) / 1000)} s`,
        );
        poller.resetStallClock(now);
      }
    }
  }
  if (now - progress.last >= PROGRESS_MS) {
    progress.last = now;
    const advancing = [...pollers.values()].filter((p) => p.report().lastSequence >= 0).length;
    log(
      `t=${Math.round((now - t0) / 1000)}s RSS ${((rss[rss.length - 1]?.bytes ?? 0) / 1e6).toFixed(0)} MB, ` +
        `${advancing}/${pollers.size} playlists listing segments, ${receiver.events.length} webhook events ` +
        `(${receiver.ofType('LiveEventIngestHeartbeat').length} heartbeats), ${stalls.length} stalls`,
    );
  }
}

log('stopping publishers');
const loadExit = load === undefined ? 0 : await load.exited;
await Promise.all(ffmpegs.map((f) => f.proc.stop(5000)));
// Let the last deliveries (disconnects, one more heartbeat tick) arrive.
await sleep(Math.max(3000, heartbeatMs + 1000));
for (const p of pollers.values()) {
  p.stop();
}
await inlet.stop();
await receiver.close();

const checks: SoakCheck[] = [];
const check = (name: string, ok: boolean, detail: string): void => {
  checks.push({ name, ok, detail });
};

// Memory: regress the minimum RSS (after GC) of each window after warm-up.
const late = rss.filter((s) => s.t >= settleS);
const slope = windowedSlope(late, (s) => s.bytes);
const liveSlope = windowedSlope(late, (s) => s.heapUsed + s.external);
check(
  'RSS slope',
  late.length >= 2 && slope <= maxRssSlope,
  `${slope.toFixed(2)} MB/min (limit ${maxRssSlope.toFixed(1)}) after ${Math.round(settleS)} s; ` +
    `RSS ${(Math.min(...rss.map((s) => s.bytes)) / 1e6).toFixed(0)}–${(Math.max(...rss.map((s) => s.bytes)) / 1e6).toFixed(0)} MB`,
);
check(
  'live memory slope (after GC)',
  late.length >= 2 && liveSlope <= maxLiveSlope,
  `${liveSlope.toFixed(2)} MB/min (limit ${maxLiveSlope.toFixed(1)}) of V8 heap used + external memory; heap used ` +
    `${((rss[0]?.heapUsed ?? 0) / 1e6).toFixed(1)} → ${((rss[rss.length - 1]?.heapUsed ?? 0) / 1e6).toFixed(1)} MB`,
);

const pollerReports = [...pollers.entries()].map(([name, p]) => ({ name, ...p.report() }));
const notListing = pollerReports.filter((p) => p.lastSequence < 0 || p.lastSequence <= p.firstSequence);
check(
  'playlists advancing',
  notListing.length === 0 && stalls.length === 0,
  notListing.length === 0 && stalls.length === 0
    ? `${pollerReports.length} playlists, every one advanced (longest gap ${Math.max(...pollerReports.map((p) => p.longestStallMs))} ms)`
    : [...notListing.map((p) => `${p.name} never advanced`), ...stalls].slice(0, 5).join('; '),
);
const regressions = pollerReports.filter((p) => p.sequenceRegressions > 0);
check(
  'media sequence never backwards',
  regressions.length === 0,
  regressions.length === 0
    ? `${pollerReports.reduce((a, p) => a + p.polls, 0)} playlist loads`
    : regressions.map((p) => `${p.name}: ${p.lastError}`).join('; '),
);
const segmentErrors = pollerReports.filter((p) => p.segmentErrors > 0 || p.failedPolls > 0);
check(
  'segments fetchable',
  segmentErrors.length === 0,
  segmentErrors.length === 0
    ? `${pollerReports.reduce((a, p) => a + p.segmentsFetched, 0)} segments, ${(pollerReports.reduce((a, p) => a + p.segmentBytes, 0) / 1e6).toFixed(0)} MB`
    : segmentErrors
        .map(
          (p) =>
            `${p.name}: ${p.segmentErrors} segment errors, ${p.failedPolls} failed loads (${p.lastError})`,
        )
        .join('; '),
);

const heartbeats = checkHeartbeats({
  heartbeats: receiver.ofType('LiveEventIngestHeartbeat'),
  connected: receiver.ofType('LiveEventEncoderConnected'),
  intervalMs: heartbeatMs,
  tracksPerStream: () => (fixtureName === 'audio' ? 1 : 2),
});
check(
  'heartbeats received = expected',
  heartbeats.received === heartbeats.expected &&
    heartbeats.badTicks === 0 &&
    heartbeats.missedTicks === 0 &&
    heartbeats.ticks > 0,
  `${heartbeats.received} received, ${heartbeats.expected} expected over ${heartbeats.ticks} windows` +
    (heartbeats.missedTicks > 0 ? `, ${heartbeats.missedTicks} windows missed` : '') +
    (heartbeats.examples.length > 0 ? ` (${heartbeats.examples.join('; ')})` : ''),
);

// Sessions per stream: ffmpeg processes started (each publishes once); the load generator's report.
const loadReport = readLoadReport();
rmSync(join(loadReportFile, '..'), { recursive: true, force: true });
const sessions = new Map<string, number>(ffmpegs.map((f) => [f.name, f.starts]));
for (const s of loadReport?.streams ?? []) {
  sessions.set(s.name, s.sessions);
}
const count = (type: string): Map<string, number> => {
  const m = new Map<string, number>();
  for (const e of receiver.ofType(type)) {
    const id = String(e.data['streamId'] ?? '');
    m.set(id, (m.get(id) ?? 0) + 1);
  }
  return m;
};
const connectedBy = count('LiveEventEncoderConnected');
const disconnectedBy = count('LiveEventEncoderDisconnected');
const mismatches: string[] = [];
for (const [name, n] of sessions) {
  const c = connectedBy.get(name) ?? 0;
  const d = disconnectedBy.get(name) ?? 0;
  if (c !== n || d !== n) {
    mismatches.push(`${name}: ${n} sessions, ${c} connected, ${d} disconnected events`);
  }
}
const totalSessions = [...sessions.values()].reduce((a, b) => a + b, 0);
check(
  'every disconnect matched by an event',
  mismatches.length === 0 && loadExit === 0 && (faultStreams === 0 || loadReport !== undefined),
  mismatches.length === 0
    ? `${totalSessions} sessions (${loadReport?.totals.reconnects ?? 0} fault reconnects), as many EncoderConnected and EncoderDisconnected events`
    : mismatches.join('; '),
);
const garbageFailed = loadReport?.streams.reduce((a, s) => a + s.garbage.failed, 0) ?? 0;
if (faultStreams > 0) {
  check(
    'garbage connections closed by Inlet',
    garbageFailed === 0 && (loadReport?.totals.garbageSent ?? 0) > 0,
    `${loadReport?.totals.garbageClosedByServer ?? 0} of ${loadReport?.totals.garbageSent ?? 0} closed`,
  );
}
check(
  'publishers ran through',
  ffmpegDeaths.length === 0 && (loadReport?.totals.errors ?? 0) === 0,
  ffmpegDeaths.length === 0 && (loadReport?.totals.errors ?? 0) === 0
    ? `${ffmpegStreams} ffmpeg, ${faultStreams} load generator streams without an error`
    : [
        ...ffmpegDeaths,
        ...(loadReport?.streams ?? []).filter((s) => s.errors > 0).map((s) => `${s.name}: ${s.lastError}`),
      ]
        .slice(0, 5)
        .join('; '),
);

const logLines = readInletLog(inlet.logFile);
const logErrors = logLines.filter((l) => l.level >= 50).map((l) => l.line);
const logWarnings: Record<string, number> = {};
for (const l of logLines.filter((x) => x.level === 40)) {
  logWarnings[l.msg] = (logWarnings[l.msg] ?? 0) + 1;
}
check(
  'no unexpected errors in the log',
  logErrors.length === 0,
  logErrors.length === 0
    ? `${logLines.length} log lines, none at error level`
    : logErrors.slice(0, 3).join(' | '),
);

const events: Record<string, number> = {};
for (const e of receiver.events) {
  events[e.eventType] = (events[e.eventType] ?? 0) + 1;
}
const report: SoakReport = {
  ok: checks.every((c) => c.ok),
  startedAt,
  minutes,
  streams: { ffmpeg: ffmpegStreams, loadGenerator: faultStreams, faults: faultStreams > 0 },
  checks,
  rss: { samples: rss, slopeMbPerMin: Math.round(slope * 100) / 100 },
  heartbeats: { ...heartbeats },
  pollers: pollerReports,
  events,
  loadGenerator: loadReport?.totals,
  logErrors: logErrors.slice(0, 50),
  logWarnings,
};
if (reportFile !== undefined) {
  writeFileSync(reportFile, JSON.stringify(report, null, 2));
}
console.log(renderChecks(report));
if (report.ok) {
  rmSync(inlet.dataDir, { recursive: true, force: true });
} else {
  log(`Inlet's data directory and log kept in ${inlet.dataDir}`);
}
process.exit(report.ok ? 0 : 1);

function startLoadGenerator(): Managed {
  const [cmd, lgArgs] = loadGeneratorCommand(join(REPO, 'scripts'), [
    ...['--url', ingest, '--streams', String(faultStreams), '--prefix', 'lg', '--fixture', fixture],
    ...['--ramp', '2', '--duration', String(durationMs / 1000), '--report', loadReportFile],
    ...FAULTS,
    ...STALLS,
  ]);
  return startManaged('load', cmd, lgArgs);
}

async function memoryAfterGc(): Promise<NodeJS.MemoryUsage | undefined> {
  try {
    const r = await fetch(`http://127.0.0.1:${inlet.metricsPort ?? 0}/metrics?gc=1&reset=1`);
    return ((await r.json()) as { memory: NodeJS.MemoryUsage }).memory;
  } catch {
    return undefined;
  }
}

/** Least-squares slope (MB/min) of the minimum of `value` in each of 4 equal time windows. */
/** The nominal bitrate of a catalog fixture (bits/s); a file path counts as 720p30's 3 Mbit/s. */
function fixtureBitrate(name: string): number {
  return (FIXTURES.find((f) => f.name === name) ?? FIXTURES[0])?.nominalBitrate ?? 3_128_000;
}

function windowedSlope<T extends { t: number }>(samples: readonly T[], value: (s: T) => number): number {
  const windows = 4;
  const first = samples[0]?.t ?? 0;
  const span = (samples[samples.length - 1]?.t ?? 0) - first;
  const minima: { x: number; y: number }[] = [];
  for (let w = 0; w < windows; w++) {
    const from = first + (span * w) / windows;
    const inWindow = samples.filter((s) => s.t >= from && s.t <= from + span / windows);
    if (inWindow.length > 0) {
      const min = inWindow.reduce((a, s) => (value(s) < value(a) ? s : a));
      minima.push({ x: min.t / 60, y: value(min) / 1e6 });
    }
  }
  return linearSlope(minima);
}

function readLoadReport(): LoadReport | undefined {
  try {
    return JSON.parse(readFileSync(loadReportFile, 'utf8')) as LoadReport;
  } catch {
    return undefined;
  }
}
