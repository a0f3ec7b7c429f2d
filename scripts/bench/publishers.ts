/**
 * `startPublishers` publishes the N streams of a benchmark point, the two ways users' load arrives:
 * - `ffmpeg`: one `ffmpeg -re -stream_loop -1 -i <fixture> -c copy -f flv <url>/<stream>` process per
 *   stream ({@link publishingFfmpeg}), started 10 per second; `-progress pipe:1` reports each one's media time,
 *   timed as each report arrives, so the point can tell whether every ffmpeg kept real time (a server that
 *   does not read holds it back);
 * - `load`: one load generator process (`scripts/load.ts`) for every stream, ramped 10 per second: with
 *   `--url` when every stream shares one URL, with `--targets FILE` (`[{url, stream}, …]`) when each has
 *   its own (one live event per stream), its loop join matched to the publishing ffmpeg's, so both kinds
 *   send the same frames.
 * It resolves once every stream has started; `stop` ends them and returns the load generator's report.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegPath } from '../../test/support/media-tools.js';
import { REPO } from '../common/inlet-process.js';
import { cpuMs } from '../common/proc-stats.js';
import { loadGeneratorCommand, sleep, startManaged, type Managed } from '../common/processes.js';
import type { LoadReport } from '../load/load-generator.js';
import type { PublishTarget } from './bench-servers.js';
import type { PublisherKind } from './bench-types.js';

/** Upper bound of a load generator's run, s: it is stopped as soon as the point is measured. */
const LOAD_SAFETY_S = 900;
/** Connections per second of the ramp-up, both kinds. */
const RAMP_PER_SECOND = 10;

/** `rampMsFor` spreads connections: 10 per second, between 2 and 30 s. */
export function rampMsFor(streams: number): number {
  return Math.min(30_000, Math.max(2000, (streams * 1000) / RAMP_PER_SECOND));
}

/** `Publishers` is the running publishers of one point. */
export interface Publishers {
  readonly kind: PublisherKind;
  /** Processes whose CPU is the publishers' cost. */
  pids(): number[];
  /** Starts the measurement window (ffmpeg: media time from here on). */
  markWindow(): void;
  /** ffmpeg: the slowest process's media time ÷ wall time since `markWindow` (1 = real time). */
  pace(): number | undefined;
  /** Problems so far (an ffmpeg that exited). */
  problems(): string[];
  /** Stops every publisher; the load generator's report (its unpublish, frames per session). */
  stop(): Promise<LoadReport | undefined>;
}

/** `PublishersOptions` configures `startPublishers`. */
export interface PublishersOptions {
  readonly kind: PublisherKind;
  readonly targets: readonly PublishTarget[];
  /** FLV file looped by every stream. */
  readonly fixture: string;
  readonly log: (line: string) => void;
  /** Names the scratch files of this point. */
  readonly label: string;
}

/** `PublishingFfmpeg` is the ffmpeg the benchmark publishes with. */
export interface PublishingFfmpeg {
  readonly path: string;
  /** Its first `-version` line. */
  readonly version: string;
  /**
   * The load generator's `--loop-join` that sends what this ffmpeg sends: ffmpeg 4's `-stream_loop` leaves
   * out what comes before the first keyframe at the file's start time on every repeat (a quarter of the
   * 720p30 fixture), later ones loop seamlessly.
   */
  readonly loopJoin: 'seamless' | 'ffmpeg4';
}

/**
 * `publishingFfmpeg` is `BENCH_FFMPEG` when set, else Debian's ffmpeg (`/usr/bin/ffmpeg`, 5.1) when
 * installed, which loops the fixture whole as a user's current ffmpeg does, else the bundled 4.x build.
 */
export function publishingFfmpeg(): PublishingFfmpeg {
  const path = process.env.BENCH_FFMPEG ?? (existsSync('/usr/bin/ffmpeg') ? '/usr/bin/ffmpeg' : ffmpegPath());
  let version: string;
  try {
    version = execFileSync(path, ['-version'], { encoding: 'utf8' }).split('\n')[0]?.trim() ?? '';
  } catch (e) {
    throw new Error(
      `cannot run the publishing ffmpeg ${path} (${e instanceof Error ? e.message : String(e)}): set BENCH_FFMPEG to a working ffmpeg`,
      { cause: e },
    );
  }
  // Release builds say "ffmpeg version 5.1.9-…"; the bundled static build "N-47683-…" (2018, 4.x).
  const major = Number(/^ffmpeg version n?(\d+)\./.exec(version)?.[1] ?? 4);
  return { path, version, loopJoin: major >= 5 ? 'seamless' : 'ffmpeg4' };
}

/** `loadGeneratorHasTargets`: whether scripts/load.ts reads `--targets FILE` (one URL per stream). */
export function loadGeneratorHasTargets(): boolean {
  try {
    return readFileSync(join(REPO, 'scripts', 'load.ts'), 'utf8').includes("'targets'");
  } catch {
    return false;
  }
}

/** `lastOutTimeUs` is the last `out_time_us=` of ffmpeg's `-progress` output, µs (−1 before the first). */
export function lastOutTimeUs(progress: string): number {
  const at = progress.lastIndexOf('out_time_us=');
  if (at < 0) {
    return -1;
  }
  const value = Number(/^out_time_us=(-?\d+)/.exec(progress.slice(at))?.[1] ?? -1);
  return Number.isFinite(value) ? value : -1;
}

/** `ProgressClock` follows one ffmpeg's `-progress` output: its media time and when each report arrived. */
class ProgressClock {
  #text = '';
  /** The latest report: arrival (performance.now(), ms) and `out_time_us`. */
  last: { at: number; outUs: number } | undefined;

  feed(chunk: Buffer): void {
    this.#text += chunk.toString();
    const end = this.#text.lastIndexOf('progress=');
    if (end < 0) {
      return;
    }
    const outUs = lastOutTimeUs(this.#text.slice(0, end));
    if (outUs >= 0) {
      this.last = { at: performance.now(), outUs };
    }
    this.#text = this.#text.slice(end + 'progress='.length);
  }
}

async function startFfmpeg(o: PublishersOptions): Promise<Publishers> {
  const procs: { target: PublishTarget; proc: Managed; clock: ProgressClock }[] = [];
  o.log(`${o.label}: starting ${o.targets.length} ffmpeg publishers (${RAMP_PER_SECOND}/s)`);
  for (const target of o.targets) {
    const proc = startManaged('ffmpeg', publishingFfmpeg().path, [
      ...['-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1'],
      ...['-re', '-stream_loop', '-1', '-i', o.fixture, '-c', 'copy', '-f', 'flv'],
      `${target.url}/${target.stream}`,
    ]);
    const clock = new ProgressClock();
    proc.child.stdout?.on('data', (b: Buffer) => clock.feed(b));
    procs.push({ target, proc, clock });
    await sleep(1000 / RAMP_PER_SECOND);
  }
  let window: ({ at: number; outUs: number } | undefined)[] | undefined;
  const exited = (p: Managed): boolean => p.child.exitCode !== null || p.child.signalCode !== null;
  return {
    kind: 'ffmpeg',
    pids: () => procs.map((p) => p.proc.pid),
    markWindow() {
      window = procs.map((p) => p.clock.last);
    },
    pace() {
      if (window === undefined || procs.length === 0) {
        return undefined;
      }
      const w = window;
      // Media time over wall time between the reports seen at the window's start and the latest ones
      // (reports come every 0.5 s: one more than a second late means ffmpeg is blocked).
      const now = performance.now();
      return Math.min(
        ...procs.map((p, i) => {
          const a = w[i];
          const b = p.clock.last;
          if (a === undefined || b === undefined || b.at <= a.at) {
            return 0;
          }
          return (b.outUs - a.outUs) / 1000 / Math.max(b.at - a.at, now - a.at - 1000);
        }),
      );
    },
    problems: () =>
      procs
        .filter((p) => exited(p.proc))
        .map(
          (p) =>
            `ffmpeg publishing ${p.target.stream} to ${p.target.url} exited (${p.proc.child.exitCode ?? p.proc.child.signalCode}): ` +
            (p.proc
              .output()
              .split('\n')
              .filter((l) => l !== '' && !l.includes('='))
              .slice(-2)
              .join(' ') || 'no message'),
        ),
    async stop() {
      await Promise.all(procs.map((p) => p.proc.stop(3000)));
      return undefined;
    },
  };
}

async function startLoad(o: PublishersOptions): Promise<Publishers> {
  const n = o.targets.length;
  const rampMs = rampMsFor(n);
  const reportFile = join(tmpdir(), `inlet-bench-load-${process.pid}-${o.label}.json`);
  const targetsFile = join(tmpdir(), `inlet-bench-targets-${process.pid}-${o.label}.json`);
  const first = o.targets[0];
  const oneUrl =
    first !== undefined && o.targets.every((t, i) => t.url === first.url && t.stream === `s${i}`);
  let where: string[];
  if (oneUrl) {
    where = ['--url', first.url, '--streams', String(n)];
  } else {
    if (!loadGeneratorHasTargets()) {
      throw new Error(
        'the load generator (scripts/load.ts) has no --targets option yet, which one URL per stream ' +
          '(one live event per stream) needs: leave this topology out with --topologies one-event, or ' +
          'publish with --publishers ffmpeg',
      );
    }
    writeFileSync(targetsFile, JSON.stringify(o.targets.map((t) => ({ url: t.url, stream: t.stream }))));
    where = ['--targets', targetsFile];
  }
  const [cmd, args] = loadGeneratorCommand(join(REPO, 'scripts'), [
    ...where,
    ...['--fixture', o.fixture, '--report', reportFile, '--loop-join', publishingFfmpeg().loopJoin],
    // Stopped with SIGTERM once measured (it then unpublishes and writes its report); the duration only
    // bounds a run whose benchmark died.
    ...['--ramp', String(rampMs / 1000), '--duration', String(rampMs / 1000 + LOAD_SAFETY_S)],
  ]);
  const load = startManaged('load', cmd, args);
  o.log(`${o.label}: load generator publishing ${n} streams, ramp ${rampMs / 1000} s`);
  await sleep(rampMs);
  return {
    kind: 'load',
    pids: () => [load.pid],
    markWindow: () => undefined,
    pace: () => undefined,
    problems: () =>
      load.child.exitCode === null && load.child.signalCode === null
        ? []
        : [`load generator exited early (${load.child.exitCode}): ${load.output().slice(-500)}`],
    async stop() {
      const code = await load.stop(60_000);
      rmSync(targetsFile, { force: true });
      try {
        if (code !== 0) {
          throw new Error(
            `load generator failed (exit ${code}); its output ends with: ${load.output().slice(-2000)}`,
          );
        }
        return JSON.parse(readFileSync(reportFile, 'utf8')) as LoadReport;
      } finally {
        rmSync(reportFile, { force: true });
      }
    },
  };
}

/** `startPublishers`: see the module comment. */
export function startPublishers(o: PublishersOptions): Promise<Publishers> {
  return o.kind === 'ffmpeg' ? startFfmpeg(o) : startLoad(o);
}

/** `publisherCpuMs` is the CPU time (ms) of the publishers' processes, without children. */
export function publisherCpuMs(p: Publishers): number {
  return p.pids().reduce((a, pid) => a + cpuMs(pid, false), 0);
}
