import type { Logger } from 'pino';
import type { IngestServer } from '../ingest/ingest-server.js';

/** How often the server logs its one-line summary. */
const INTERVAL_MS = 60_000;

/**
 * `startPeriodicStats` logs a one-line summary every minute (encoders connected, ingest bitrate,
 * refused connections, memory), so an operator reading the log sees that Inlet is alive and what it
 * carries. Returns the function that stops it.
 */
export function startPeriodicStats(
  logger: Logger,
  ingest: IngestServer,
  intervalMs = INTERVAL_MS,
): () => void {
  let last = ingest.totals();
  let lastAt = performance.now();
  const timer = setInterval(() => {
    const now = ingest.totals();
    const at = performance.now();
    const seconds = (at - lastAt) / 1000;
    const mbps = ((now.bytesReceived - last.bytesReceived) * 8) / seconds / 1e6;
    const rssMb = process.memoryUsage().rss / 1024 / 1024;
    logger.info(
      {
        sessions: now.sessions,
        connections: now.connections,
        ingestMbps: Number(mbps.toFixed(2)),
        refused: now.refusedConnections - last.refusedConnections,
        rssMb: Math.round(rssMb),
      },
      `stats: ${now.sessions} encoders, ${mbps.toFixed(1)} Mbit/s in, ${Math.round(rssMb)} MB RSS`,
    );
    last = now;
    lastAt = at;
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
