/**
 * `npm run load -- --url rtmp://127.0.0.1:1935/live/<token> [options]`: publishes N RTMP/RTMPS streams
 * from one process by looping an FLV fixture in real time, each stream on the wire as
 * `ffmpeg -re -stream_loop -1 -i <fixture> -c copy -f flv <url>/<stream>` (see
 * `scripts/load/load-generator.ts` and docs/BENCHMARKS.md, "Wire behaviour").
 *
 * Options (durations in seconds):
 *   --url URL               ingest URL up to the access token (rtmp:// or rtmps://)
 *   --streams N             number of streams, named <prefix>0..N-1 (default 1, at most 500)
 *   --prefix s              stream name prefix
 *   --targets FILE          instead of --url/--streams/--prefix: one URL per stream, a JSON file
 *                           [{"url": "rtmp://127.0.0.1:1935/live/<token>", "stream": "s0"}, …]
 *   --fixture 720p30        fixture name (fixtures/README.md) or an FLV path; generated when missing
 *   --duration 60           run time from the first connection
 *   --ramp 10               spread the connections over this long
 *   --chunk-size N          send Set Chunk Size N before connect (default: none, the server's is echoed
 *                           back and used, as ffmpeg does)
 *   --loop-join seamless|ffmpeg4   seamless (default, ffmpeg 5+) or leave out what ffmpeg 4's
 *                           -stream_loop leaves out of every repeat (the bundled ffmpeg)
 *   --ca FILE               CA to verify RTMPS against (default: no verification, loopback only)
 *   --reconnect-every K     fault: drop the connection every K s and publish again
 *   --reconnect-mode destroy|close   drop the TCP connection (default) or unpublish first
 *   --jump-every K --jump-ms 10000   fault: timestamps jump by jump-ms every K s
 *   --stall-every K --stall-seconds T fault: send nothing for T s every K s, then catch up
 *   --garbage-every K       fault: a side connection sends random bytes after the handshake every K s
 *   --fault-streams M       faults only on the first M streams (default: all)
 *   --report FILE           also write the JSON report there
 *   --json                  print the JSON report instead of the table
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CliArgs } from './common/cli-args.js';
import { ensureFixture } from './fixtures/fixture-catalog.js';
import {
  defaultLoadOptions,
  LoadGenerator,
  parseTargets,
  type LoadReport,
  type LoadTarget,
} from './load/load-generator.js';
import type { FaultOptions } from './load/load-stream.js';

/** Upper bound of streams: the spec's N, and what one process reasonably paces. */
const MAX_STREAMS = 500;

const args = new CliArgs(process.argv.slice(2));
const targetsFile = args.optional('targets');
const url = args.optional('url');
const streamsArg = args.optional('streams');
const streams = args.number('streams', 1);
const prefixArg = args.optional('prefix');
const seconds = (name: string, fallback: number): number => args.number(name, fallback / 1000) * 1000;
const faults: FaultOptions = {
  reconnectEveryMs: seconds('reconnect-every', 0),
  reconnectMode: args.string('reconnect-mode', 'destroy') === 'close' ? 'close' : 'destroy',
  jumpEveryMs: seconds('jump-every', 0),
  jumpMs: args.number('jump-ms', 10_000),
  stallEveryMs: seconds('stall-every', 0),
  stallMs: seconds('stall-seconds', 3000),
  garbageEveryMs: seconds('garbage-every', 0),
};
const anyFault =
  faults.reconnectEveryMs + faults.jumpEveryMs + faults.stallEveryMs + faults.garbageEveryMs > 0;
const ca = args.optional('ca');
const fixtureName = args.string('fixture', '720p30');
const chunkSize = args.optional('chunk-size') === undefined ? undefined : args.number('chunk-size', 0);
const loopJoin = args.string('loop-join', defaultLoadOptions.loopJoin);
const options = {
  url: url ?? '',
  streams,
  prefix: prefixArg ?? defaultLoadOptions.prefix,
  durationMs: seconds('duration', defaultLoadOptions.durationMs),
  rampMs: seconds('ramp', defaultLoadOptions.rampMs),
  chunkSize,
  loopJoin: loopJoin === 'ffmpeg4' ? ('ffmpeg4' as const) : ('seamless' as const),
  tls:
    ca === undefined
      ? { rejectUnauthorized: false }
      : { ca: readFileSync(ca, 'utf8'), rejectUnauthorized: true },
  reconnectDelayMs: defaultLoadOptions.reconnectDelayMs,
  faults: anyFault ? faults : undefined,
  faultStreams: args.optional('fault-streams') === undefined ? undefined : args.number('fault-streams', 0),
  tickMs: defaultLoadOptions.tickMs,
  progressMs: defaultLoadOptions.progressMs,
  log: (line: string) => console.error(`${new Date().toISOString()} ${line}`),
};
const reportFile = args.optional('report');
const json = args.flag('json');
args.checkUnknown();
if (loopJoin !== 'seamless' && loopJoin !== 'ffmpeg4') {
  throw new Error(`--loop-join must be seamless or ffmpeg4, got ${loopJoin}`);
}
if (chunkSize !== undefined && (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 0x7fffffff)) {
  throw new Error(`--chunk-size must be 1..2147483647, got ${chunkSize}`);
}
const targets = readTargets();
/** The streams of `--targets`, or undefined with `--url` (checked here). */
function readTargets(): LoadTarget[] | undefined {
  if (targetsFile !== undefined) {
    if (url !== undefined || streamsArg !== undefined || prefixArg !== undefined) {
      throw new Error('--targets replaces --url, --streams and --prefix; give one or the other');
    }
    return parseTargets(readFileSync(targetsFile, 'utf8'), MAX_STREAMS);
  }
  if (url === undefined || !/^rtmps?:\/\//.test(url)) {
    throw new Error('--url rtmp://host:port/app/<token> (or rtmps://), or --targets FILE, is required');
  }
  if (!Number.isInteger(streams) || streams < 1 || streams > MAX_STREAMS) {
    throw new Error(`--streams must be 1..${MAX_STREAMS}, got ${streams}`);
  }
  return undefined;
}
const count = targets?.length ?? streams;
const fixture = await ensureFixture(fixtureName, { log: options.log });
const abort = new AbortController();
process.once('SIGINT', () => abort.abort());
process.once('SIGTERM', () => abort.abort());
const generator = new LoadGenerator({ ...options, targets, fixture, signal: abort.signal });
const where =
  targets === undefined ? url : `the ${new Set(targets.map((t) => t.url)).size} URL(s) of ${targetsFile}`;
options.log(
  `publishing ${count} stream(s) of ${fixture} (${generator.loop.periodMs} ms loop) to ${where} for ${options.durationMs / 1000} s` +
    (anyFault ? ` with faults on ${options.faultStreams ?? count} stream(s)` : ''),
);
const report = await generator.run();
if (reportFile !== undefined) {
  writeFileSync(reportFile, JSON.stringify(report, null, 2));
}
console.log(json ? JSON.stringify(report, null, 2) : table(report));
process.exit(0);

function table(r: LoadReport): string {
  const lines = [
    'stream     MB sent   video  audio  sessions reconnects errors stalls jumps garbage(closed) max lag ms  last error',
  ];
  for (const s of r.streams) {
    lines.push(
      [
        s.name.padEnd(8),
        (s.bytesSent / 1e6).toFixed(1).padStart(9),
        String(s.videoTags).padStart(7),
        String(s.audioTags).padStart(6),
        String(s.sessions).padStart(9),
        String(s.reconnects).padStart(10),
        String(s.errors).padStart(6),
        String(s.stalls).padStart(6),
        String(s.jumps).padStart(5),
        `${s.garbage.sent}(${s.garbage.closedByServer})`.padStart(15),
        String(s.maxLagMs).padStart(10),
        ` ${s.lastError ?? ''}`,
      ].join(' '),
    );
  }
  const t = r.totals;
  lines.push(
    `total: ${t.streams} streams (${t.liveAtEnd} live at the end), ${(t.bytesSent / 1e6).toFixed(1)} MB, ` +
      `${t.megabitsPerSecond} Mbit/s, ${t.videoTags} video + ${t.audioTags} audio tags, ${t.reconnects} reconnects, ` +
      `${t.errors} errors, garbage ${t.garbageSent} (closed by server ${t.garbageClosedByServer}), ` +
      `max lag ${t.maxLagMs} ms; load generator CPU ${r.cpu.percentOfCore}% of one core, ` +
      `max RSS ${Math.round(r.maxRssBytes / 1e6)} MB`,
  );
  return lines.join('\n');
}
