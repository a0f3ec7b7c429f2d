import type { EventBus } from '../events/event-bus.js';
import { IngestServer } from '../ingest/ingest-server.js';
import type { LiveEventRegistry } from '../live/live-event-registry.js';
import type { IngestEndpoint } from '../live/publisher.js';
import { ingestEventPublisher } from './ingest-event-publisher.js';
import { startPeriodicStats } from './periodic-stats.js';
import type { StartContext } from './start-context.js';

/** `StartedIngest` is the listening ingest server and the endpoints it bound. */
export interface StartedIngest {
  readonly server: IngestServer;
  readonly endpoints: readonly IngestEndpoint[];
}

/**
 * `startIngest` opens the RTMP and RTMPS listeners (the first port of each is the primary endpoint, the
 * next the secondary) and the periodic stats log line.
 */
export async function startIngest(
  { config, logger, closers }: StartContext,
  parts: {
    readonly running: LiveEventRegistry;
    readonly bus: EventBus;
    readonly tls: { readonly cert: string; readonly key: string };
  },
): Promise<StartedIngest> {
  const ingest = new IngestServer({
    logger: logger.child({ component: 'ingest' }),
    liveEvents: parts.running,
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
    limits: {
      maxMessageSize: config.limits.maxMessageSize,
      handshakeTimeoutMs: config.limits.handshakeTimeout,
      idleTimeoutMs: config.limits.idleTimeout,
    },
    publicHost: config.publicHostname,
  });
  closers.push(() => ingest.close());
  const endpoints = await ingest.listen();
  closers.push(startPeriodicStats(logger.child({ component: 'stats' }), ingest));
  return { server: ingest, endpoints };
}

function definedPorts(ports: readonly (number | undefined)[]): number[] {
  return ports.filter((p): p is number => p !== undefined);
}
