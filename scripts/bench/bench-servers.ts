/**
 * `startBenchServer` starts one server of a benchmark point fresh, in its own process, and says where the
 * N streams publish (`PublishTarget`s) and how to check that the server keeps up: the last segment of
 * every playlist (Inlet over HTTP, nginx-rtmp on disk), and for Inlet the metrics wrapper's sample keys
 * (`<live event>/<stream>`) of each stream.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, startInletProcess, type InletProcess } from '../common/inlet-process.js';
import { fetchMediaPlaylist, mapLimit } from '../common/playlist-probe.js';
import { freePort, startManaged, waitFor, type Managed } from '../common/processes.js';
import type { PointOptions } from './bench-types.js';
import { startNginxPeer } from './nginx-peer.js';

/** `PublishTarget` is one stream: `<url>/<stream>` is what the publisher connects to and publishes. */
export interface PublishTarget {
  /** `rtmp[s]://host:port/app[/<token>]`. */
  readonly url: string;
  readonly stream: string;
  /** Inlet: the metrics wrapper's key prefix of this stream's renditions (`<event>/<stream>`). */
  readonly sampleKey?: string;
}

/** `BenchServer` is a started server of one point. */
export interface BenchServer {
  readonly process: Managed;
  readonly targets: readonly PublishTarget[];
  readonly inlet: InletProcess | undefined;
  /** Last listed sequence number of every playlist checked for keep-up; undefined: nothing to check. */
  playlistSnapshot(): Promise<number[]> | undefined;
  /** Stops the server and removes its scratch directory. */
  stop(): Promise<void>;
}

/**
 * `inletWorkerEnv` is Inlet's worker setting per server kind: `inlet-workers` one media worker process
 * per core, every other kind everything in one process (`INLET_WORKERS=0`).
 */
export function inletWorkerEnv(server: PointOptions['server']): Record<string, string> {
  return { INLET_WORKERS: server === 'inlet-workers' ? String(availableParallelism()) : '0' };
}

/** `perEventName` is the live event of stream `i` in the per-event topology. */
export function perEventName(i: number): string {
  return `e${i}`;
}

async function startNms(o: PointOptions): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'nms-peer-'));
  const port = await freePort();
  const proc = startManaged(
    'nms',
    process.execPath,
    [join(REPO, 'scripts', 'bench', 'nms-peer.mjs'), String(port), dir],
    { logFile: join(dir, 'nms.log') },
  );
  try {
    await waitFor('Node-Media-Server to listen', () => proc.output().includes('nms peer listening'), 30_000);
  } catch (e) {
    await proc.stop(2000);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Node-Media-Server did not start: ${proc.output().slice(-2000)}`, { cause: e });
  }
  const url = `rtmp://127.0.0.1:${port}/live`;
  return {
    process: proc,
    targets: Array.from({ length: o.streams }, (_, i) => ({ url, stream: `s${i}` })),
    inlet: undefined,
    playlistSnapshot: () => undefined,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startNginx(o: PointOptions): Promise<BenchServer> {
  const peer = await startNginxPeer(o.log);
  const streams = Array.from({ length: o.streams }, (_, i) => `s${i}`);
  return {
    process: peer.process,
    targets: streams.map((stream) => ({ url: peer.url, stream })),
    inlet: undefined,
    playlistSnapshot: () => Promise.resolve(peer.hlsSnapshot(streams)),
    stop: () => peer.stop(),
  };
}

async function startInlet(o: PointOptions): Promise<BenchServer> {
  const perEvent = o.topology === 'per-event';
  const events = perEvent
    ? Array.from({ length: o.streams }, (_, i) => ({ name: perEventName(i) }))
    : [{ name: 'load', ...(o.server === 'inlet-ll' ? { streamOptions: ['LowLatency'] } : {}) }];
  if (perEvent) {
    o.log(`${o.server}: starting Inlet with ${o.streams} live events`);
  }
  const inlet = await startInletProcess({
    mode: 'metrics',
    liveEvents: events,
    env: {
      ...inletWorkerEnv(o.server),
      // Least packaging: segments only in memory, the shortest window that holds two 2 s segments.
      ...(o.server === 'inlet-lean' ? { INLET_SEGMENTS_ON_DISK: 'false', INLET_PREVIEW_WINDOW: '4s' } : {}),
      ...(o.server === 'inlet-ingest' ? { INLET_PREVIEW: 'false' } : {}),
    },
    ...(o.inletNodeArgs === undefined ? {} : { nodeArgs: o.inletNodeArgs }),
  });
  const targets: PublishTarget[] = Array.from({ length: o.streams }, (_, i) => {
    const event = perEvent ? perEventName(i) : 'load';
    const stream = perEvent ? 's0' : `s${i}`;
    return { url: inlet.ingestUrl(event, o.secure), stream, sampleKey: `${event}/${stream}` };
  });
  const packaging = o.server !== 'inlet-ingest';
  return {
    process: inlet.process,
    targets,
    inlet,
    playlistSnapshot: () => {
      if (!packaging) {
        return undefined;
      }
      const urls = targets.flatMap((t) => {
        const [event] = (t.sampleKey ?? '').split('/');
        return ['video', 'audio'].map((r) =>
          inlet.http(`/preview/${event ?? ''}/${t.stream}-${r}/index.m3u8`),
        );
      });
      return mapLimit(urls, 16, fetchMediaPlaylist).then((states) => states.map((s) => s.lastSequence));
    },
    async stop() {
      await inlet.process.stop();
      rmSync(inlet.dataDir, { recursive: true, force: true });
    },
  };
}

/** `startBenchServer`: see the module comment. */
export function startBenchServer(o: PointOptions): Promise<BenchServer> {
  if (o.server === 'nms') {
    return startNms(o);
  }
  if (o.server === 'nginx') {
    return startNginx(o);
  }
  return startInlet(o);
}
