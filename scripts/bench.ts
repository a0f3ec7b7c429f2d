/**
 * `npm run bench [-- options]`: Inlet against nginx-rtmp and Node-Media-Server the way users run a live
 * server (see docs/BENCHMARKS.md): ffmpeg publishers and the load generator, one live event per stream and
 * one live event for all, side by side in one run. Needs a build (`npm run bench` builds first): the
 * servers run as built, each in its own process, started fresh for every point. nginx-rtmp is Debian's
 * `nginx` with `libnginx-mod-rtmp`, installed with apt-get when missing.
 *
 *   --servers nginx,nms,inlet,inlet-workers   what to measure: nginx (nginx-rtmp, HLS + DASH), nms
 *                                    (Node-Media-Server, ingest only), inlet (full pipeline, INLET_WORKERS=0: one process),
 *                                    inlet-workers (INLET_WORKERS = core count: media workers);
 *                                    also inlet-lean (least packaging) and inlet-ingest (INLET_PREVIEW=false)
 *   --publishers ffmpeg,load         one ffmpeg process per stream, and/or the load generator (one process)
 *   --topologies per-event,one-event Inlet: one live event per stream (e0…, stream s0 each), and/or one
 *                                    live event "load" with N stream names (nginx and NMS: measured once
 *                                    per count and publishers, shown under both)
 *   --streams 1,10,50,100,150        stream counts; then +50 per step while a line keeps up
 *   --max-streams 400                upper bound of those extra steps (0: no extra steps)
 *   --ffmpeg-max 50                  ffmpeg publishers only up to this many streams
 *   --warmup 10 --measure 30         seconds per point after ramp-up (10 connections/s)
 *   --fixture 720p30                 fixture looped by every stream
 *   --rtmps                          publish over RTMPS instead of RTMP (Inlet only)
 *   --ll-streams 50                  one low-latency point (LL-HLS parts, load generator) at this count; 0 skips
 *   --publisher-cost 20              ffmpeg processes vs one load generator at this count; 0 skips
 *   --glass 20                       seconds of glass-to-player sampling in Chromium; 0 skips
 *   --inlet-node-args="ARGS"         extra node arguments of every Inlet server, e.g.
 *                                    "--cpu-prof --cpu-prof-dir=/tmp/prof" (a profile per point)
 *   --docs                           write the results, the plot and "How to reproduce" into docs/BENCHMARKS.md
 *   --from FILE                      measure nothing: render a saved run (bench-results/*.json)
 *
 * Results: bench-results/bench-<time>.json (+ .md and .svg), saved after every point; with --docs also
 * docs/BENCHMARKS.md and docs/BENCHMARKS-cpu-rss.svg.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { reproduceSection, updateBenchDocs } from './bench/bench-docs.js';
import { benchMarkdown, type BenchRun } from './bench/bench-markdown.js';
import { measureMatrix } from './bench/bench-plan.js';
import { runBenchPoint } from './bench/bench-point.js';
import {
  PUBLISHER_KINDS,
  SERVER_KINDS,
  TOPOLOGIES,
  type PointFailure,
  type PointResult,
} from './bench/bench-types.js';
import { measureGlassLatency } from './bench/glass-latency.js';
import { plotSvg } from './bench/plot-svg.js';
import { measurePublisherCost } from './bench/publisher-cost.js';
import { publishingFfmpeg } from './bench/publishers.js';
import { CliArgs } from './common/cli-args.js';
import { REPO } from './common/inlet-process.js';
import { killAllNow, stopAll } from './common/processes.js';
import { ensureFixture } from './fixtures/fixture-catalog.js';

/** Extra steps beyond the listed counts: +50 streams each. */
const STEP = 50;
const DOCS = join(REPO, 'docs', 'BENCHMARKS.md');
const DOCS_PLOT = 'BENCHMARKS-cpu-rss.svg';

const args = new CliArgs(process.argv.slice(2));
const servers = oneOf(
  'servers',
  args.list('servers', ['nginx', 'nms', 'inlet', 'inlet-workers']),
  SERVER_KINDS,
);
const publishers = oneOf('publishers', args.list('publishers', [...PUBLISHER_KINDS]), PUBLISHER_KINDS);
const topologies = oneOf('topologies', args.list('topologies', [...TOPOLOGIES]), TOPOLOGIES);
const counts = args.list('streams', ['1', '10', '50', '100', '150']).map(Number);
const maxStreams = args.number('max-streams', 400);
const ffmpegMax = args.number('ffmpeg-max', 50);
const warmupMs = args.number('warmup', 10) * 1000;
const measureMs = args.number('measure', 30) * 1000;
const fixtureName = args.string('fixture', '720p30');
const secure = args.flag('rtmps');
const llStreams = args.number('ll-streams', 50);
const publisherStreams = args.number('publisher-cost', 20);
const glassSeconds = args.number('glass', 20);
const docs = args.flag('docs');
const inletNodeArgs = args
  .optional('inlet-node-args')
  ?.split(/\s+/)
  .filter((a) => a !== '');
const from = args.optional('from');
args.checkUnknown();
if (counts.some((n) => !Number.isInteger(n) || n < 1)) {
  throw new Error(`--streams must list whole numbers ≥ 1, got "${counts.join(',')}"`);
}

const log = (line: string): void => console.error(`${new Date().toISOString()} ${line}`);
process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
process.on('exit', killAllNow);

const outDir = join(REPO, 'bench-results');
mkdirSync(outDir, { recursive: true });
const run = from === undefined ? await measureAll() : (JSON.parse(readFileSync(from, 'utf8')) as BenchRun);
const stamp = run.startedAt.replace(/[:.]/g, '-');
saveRun(run);
log(`results in ${join(outDir, `bench-${stamp}`)}.{json,md,svg}`);
if (docs) {
  writeFileSync(join(REPO, 'docs', DOCS_PLOT), plotSvg(run.points, run.inletWorkers));
  const current = existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : undefined;
  writeFileSync(DOCS, updateBenchDocs(current, benchMarkdown(run, DOCS_PLOT), reproduceSection(run)));
  log(`updated ${DOCS} and docs/${DOCS_PLOT}`);
}
process.exit(0);

/** `oneOf` checks a list option against the known values, naming them when one is not. */
function oneOf<T extends string>(name: string, values: readonly string[], known: readonly T[]): T[] {
  const unknown = values.filter((v) => !(known as readonly string[]).includes(v));
  if (unknown.length > 0) {
    throw new Error(`--${name}: unknown ${unknown.join(', ')}; one or more of ${known.join(', ')}`);
  }
  return values as T[];
}

/** Runs every measurement the options ask for, saving the results after each. */
async function measureAll(): Promise<BenchRun> {
  if (!existsSync(join(REPO, 'dist', 'main.js'))) {
    log('building (npm run build)');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: 'inherit' });
  }
  const fixture = await ensureFixture(fixtureName, { log });
  const points: PointResult[] = [];
  const failures: PointFailure[] = [];
  const run: BenchRun = {
    startedAt: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: machine(),
    fixture: fixtureName,
    measureMs,
    warmupMs,
    secure,
    publishers,
    topologies,
    inletWorkers: cpus().length,
    points,
    failures,
  };
  const save = (): void => {
    run.finishedAt = new Date().toISOString();
    saveRun(run);
  };
  if (publisherStreams > 0) {
    log(`publisher cost: ${publisherStreams} streams, ffmpeg then the load generator`);
    run.publisherCost = await measurePublisherCost({
      streams: publisherStreams,
      fixtureFile: fixture,
      warmupMs: 5000,
      windowMs: 20_000,
      log,
    });
    save();
  }
  if (glassSeconds > 0) {
    log(`glass-to-player latency: ${glassSeconds} s in Chromium`);
    try {
      run.glass = await measureGlassLatency({
        fixtureFile: await ensureFixture('glass720p30', { log }),
        seconds: glassSeconds,
        log,
      });
    } catch (e) {
      run.glassError = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
      log(`glass-to-player latency not measured: ${run.glassError}`);
    }
    save();
  }
  if (llStreams > 0 && servers.some((s) => s.startsWith('inlet'))) {
    points.push(
      await runBenchPoint({
        server: 'inlet-ll',
        streams: llStreams,
        publisher: 'load',
        topology: 'one-event',
        fixture,
        warmupMs,
        measureMs,
        secure,
        log,
      }),
    );
    save();
  }
  await measureMatrix({
    servers,
    publishers,
    topologies,
    counts,
    step: STEP,
    maxStreams,
    ffmpegMax,
    fixture,
    warmupMs,
    measureMs,
    secure,
    ...(inletNodeArgs === undefined ? {} : { inletNodeArgs }),
    log,
    onPoint(p) {
      if ('error' in p) {
        failures.push(p);
      } else {
        points.push(p);
      }
      save();
    },
  });
  save();
  return run;
}

/** Writes a run's JSON, Markdown and plot into bench-results/. */
function saveRun(run: BenchRun): void {
  const base = join(REPO, 'bench-results', `bench-${run.startedAt.replace(/[:.]/g, '-')}`);
  writeFileSync(`${base}.json`, JSON.stringify(run, null, 2));
  writeFileSync(`${base}.svg`, plotSvg(run.points, run.inletWorkers));
  writeFileSync(`${base}.md`, benchMarkdown(run, `${basename(base)}.svg`));
}

function machine(): Record<string, string> {
  const c = cpus();
  const publishing = publishingFfmpeg();
  const ffmpeg = `${publishing.version} (${publishing.path}; load generator --loop-join ${publishing.loopJoin})`;
  let nginx = 'not installed';
  try {
    // `nginx -v` prints its version to stderr.
    nginx = execFileSync('sh', ['-c', 'nginx -v 2>&1'], { encoding: 'utf8' }).trim() || nginx;
  } catch {
    // Reported as not installed (installed by the nginx-rtmp peer when measured).
  }
  return {
    CPU: `${c.length} × ${c[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    kernel: `Linux ${release()}`,
    node: process.version,
    ffmpeg,
    nginx,
  };
}
