import type { EventBus } from '../events/event-bus.js';
import { IngestServer } from '../ingest/ingest-server.js';
import type { IngestEndpoint, SessionInfo } from '../live/publisher.js';
import { ingestEventPublisher } from './ingest-event-publisher.js';
import { rtmpLimitsOf } from './media-side.js';
import { startPeriodicStats } from './periodic-stats.js';
import type { StartContext } from './start-context.js';
import type { StartedRuntime } from './start-runtime.js';
import type { WorkerTotals } from './workers/worker-messages.js';

/**
 * `IngestStatus` is who is connected and what came in: the ingest server's own sessions, or those the
 * media workers reported (every second).
 */
export interface IngestStatus {
  sessions(): SessionInfo[];
  totals(): WorkerTotals;
}

/** `StartedIngest` is the listening ingest server and the endpoints it bound. */
export interface StartedIngest {
  readonly server: IngestServer;
  readonly endpoints: readonly IngestEndpoint[];
  readonly status: IngestStatus;
}

/**
 * `startIngest` opens the RTMP and RTMPS listeners (the first port of each is the primary endpoint, the
 * next the secondary) and the periodic stats log line.
 */
export async function startIngest(
  { config, logger, closers }: StartContext,
  parts: {
    readonly live: StartedRuntime;
    readonly bus: EventBus;
    readonly tls: { readonly cert: string; readonly key: string };
  },
): Promise<StartedIngest> {
  const workers = parts.live.workers;
  const ingest = new IngestServer({
    logger: logger.child({ component: 'ingest' }),
    liveEvents: parts.live.running,
    observer: ingestEventPublisher(parts.bus),
    listeners: [
      ...definedPorts(config.rtmp.ports).map((port, i) => ({
        protocol: 'rtmp' as const,
        role: i === 0 ? ('primary' as const) : ('secondary' as const),
        port,
        host: config.rtmp.host,
      })),
      ...definedPorts(config.rtmps.ports).map((port, i) => ({
        protocol: 'rtmps' as const,
        role: i === 0 ? ('primary' as const) : ('secondary' as const),
        port,
        host: config.rtmps.host,
      })),
    ],
    tls: { cert: parts.tls.cert, key: parts.tls.key },
    maxConnections: config.limits.maxConnections,
    limits: rtmpLimitsOf(config.limits),
    publicHost: config.publicHostname,
    ...(workers === undefined ? {} : { handover: (h) => workers.runtime.handOver(h) }),
  });
  closers.push(() => ingest.close());
  const endpoints = await ingest.listen();
  const status: IngestStatus = workers === undefined ? ingest : workers.pool;
  closers.push(startPeriodicStats(logger.child({ component: 'stats' }), status));
  return { server: ingest, endpoints, status };
}

function definedPorts(ports: readonly (number | undefined)[]): number[] {
  return ports.filter((p): p is number => p !== undefined);
}
