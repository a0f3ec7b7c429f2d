import type { Logger } from 'pino';
import type { IngestStatus } from './start-ingest.js';

/** How often the server logs its one-line summary. */
const INTERVAL_MS = 60_000;

/**
 * `startPeriodicStats` logs a one-line summary every minute (encoders connected, ingest bitrate,
 * refused connections, memory), so an operator reading the log sees that Inlet is alive and what it
 * carries. Returns the function that stops it.
 */
export function startPeriodicStats(
  logger: Logger,
  ingest: IngestStatus,
  intervalMs = INTERVAL_MS,
  now: () => number = () => performance.now(),
): () => void {
  let last = ingest.totals();
  let lastAt = now();
  const timer = setInterval(() => {
    const current = ingest.totals();
    const at = now();
    const seconds = (at - lastAt) / 1000;
    const mbps = ((current.bytesReceived - last.bytesReceived) * 8) / seconds / 1e6;
    const rssMb = process.memoryUsage().rss / 1024 / 1024;
    logger.info(
      {
        sessions: current.sessions,
        connections: current.connections,
        ingestMbps: Number(mbps.toFixed(2)),
        refused: current.refusedConnections - last.refusedConnections,
        rssMb: Math.round(rssMb),
      },
      `stats: ${current.sessions} encoders, ${mbps.toFixed(1)} Mbit/s in, ${Math.round(rssMb)} MB RSS`,
    );
    last = current;
    lastAt = at;
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
