/**
 * `measureMatrix` runs the benchmark's points: for every stream count, every publisher kind, every
 * server and (Inlet only) every topology, one point, the servers alternating point by point so they see
 * the same machine. nginx-rtmp and Node-Media-Server are measured once per count and publisher kind (one
 * application, N stream names: the topology makes no difference to them), and that point serves both
 * topologies. After the listed counts it adds `step` streams while any combination keeps up, up to
 * `maxStreams`; a combination that did not keep up (or failed) is not measured again, so its last point
 * is where it stopped keeping up. ffmpeg publishers run up to `ffmpegMax` streams.
 */
import { runBenchPoint } from './bench-point.js';
import {
  isPeer,
  type PointFailure,
  type PointResult,
  type PointTopology,
  type PublisherKind,
  type ServerKind,
  type Topology,
} from './bench-types.js';
import { loadGeneratorHasTargets } from './publishers.js';

/** `Combination` is one line of the results: a server under one publisher kind and topology. */
export interface Combination {
  readonly server: ServerKind;
  readonly publisher: PublisherKind;
  readonly topology: PointTopology;
}

/** `MatrixOptions` configures `measureMatrix`. Durations in ms. */
export interface MatrixOptions {
  readonly servers: readonly ServerKind[];
  readonly publishers: readonly PublisherKind[];
  readonly topologies: readonly Topology[];
  readonly counts: readonly number[];
  readonly step: number;
  readonly maxStreams: number;
  readonly ffmpegMax: number;
  readonly fixture: string;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly secure: boolean;
  /** Extra `node` arguments of every Inlet server (`--inlet-node-args`, e.g. `--cpu-prof`). */
  readonly inletNodeArgs?: readonly string[];
  readonly log: (line: string) => void;
  /** Called after every point (measured or failed), e.g. to save the run. */
  readonly onPoint: (point: PointResult | PointFailure) => void;
}

/** `combinationKey` names a combination (`inlet load/per-event`). */
export function combinationKey(c: Combination): string {
  return `${c.server} ${c.publisher}/${c.topology}`;
}

/**
 * `combinations` lists what one stream count measures, in order: per publisher kind, every server, Inlet
 * once per topology, the peers once (`any`). ffmpeg only up to `ffmpegMax` streams; over RTMPS only Inlet.
 */
export function combinations(
  o: Pick<MatrixOptions, 'servers' | 'publishers' | 'topologies' | 'ffmpegMax' | 'secure'>,
  streams: number,
): Combination[] {
  const out: Combination[] = [];
  for (const publisher of o.publishers) {
    if (publisher === 'ffmpeg' && streams > o.ffmpegMax) {
      continue;
    }
    for (const server of o.servers) {
      if (isPeer(server)) {
        if (!o.secure) {
          out.push({ server, publisher, topology: 'any' });
        }
        continue;
      }
      for (const topology of o.topologies) {
        out.push({ server, publisher, topology });
      }
    }
  }
  return out;
}

/** `measureMatrix`: see the module comment. */
export async function measureMatrix(o: MatrixOptions): Promise<void> {
  const stopped = new Set<string>();
  const hasTargets = loadGeneratorHasTargets();
  const steps = [...o.counts];
  for (let i = 0; i < steps.length; i++) {
    const n = steps[i] ?? 0;
    const todo = combinations(o, n).filter((c) => !stopped.has(combinationKey(c)));
    o.log(`N=${n}: ${todo.length} points (step ${i + 1} of ${steps.length} so far)`);
    for (const [k, c] of todo.entries()) {
      o.log(`N=${n}, point ${k + 1}/${todo.length}: ${combinationKey(c)}`);
      if (c.publisher === 'load' && c.topology === 'per-event' && !hasTargets) {
        const error =
          'not measured: the load generator has no --targets option (one URL per stream) yet; ' +
          'use --publishers ffmpeg or --topologies one-event, or update scripts/load';
        o.log(`${combinationKey(c)} N=${n}: ${error}`);
        o.onPoint({ ...c, streams: n, error });
        stopped.add(combinationKey(c));
        continue;
      }
      try {
        const point = await runBenchPoint({
          ...c,
          streams: n,
          fixture: o.fixture,
          warmupMs: o.warmupMs,
          measureMs: o.measureMs,
          secure: o.secure,
          ...(o.inletNodeArgs === undefined ? {} : { inletNodeArgs: o.inletNodeArgs }),
          log: o.log,
        });
        o.onPoint(point);
        if (!point.keptUp) {
          stopped.add(combinationKey(c));
        }
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        o.log(`${combinationKey(c)} N=${n} failed, not measured further: ${error}`);
        o.onPoint({ ...c, streams: n, error });
        stopped.add(combinationKey(c));
      }
    }
    const next = n + o.step;
    const more = combinations(o, next).some((c) => !stopped.has(combinationKey(c)));
    if (i === steps.length - 1 && o.step > 0 && next <= o.maxStreams && more) {
      steps.push(next);
    }
  }
}
