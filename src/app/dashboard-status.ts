import type { EventHistory } from '../events/event-history.js';
import type { StatusLiveEvent, StatusSource } from '../http/status-handler.js';
import type { IngestStatus } from './start-ingest.js';
import type { LiveEventCatalog } from '../live-events/live-event-catalog.js';
import { isLowLatency } from '../packager/low-latency.js';

/** Recent stream events shown per live event on the dashboard. */
const RECENT_EVENTS = 20;

/**
 * `dashboardStatus` builds the dashboard's data from the catalog (live events), the ingest server
 * (connected encoders) and the event history (latest heartbeat per track, recent stream events).
 */
export function dashboardStatus(parts: {
  readonly catalog: LiveEventCatalog;
  readonly ingest: IngestStatus;
  readonly history: EventHistory;
  readonly startedAt: number;
}): StatusSource {
  return {
    status() {
      const sessions = parts.ingest.sessions();
      const liveEvents: StatusLiveEvent[] = parts.catalog.list().map((snapshot) => {
        const name = snapshot.name;
        const latest = new Map<string, Readonly<Record<string, unknown>>>();
        for (const hb of parts.history.recentHeartbeats(name)) {
          latest.set(hb.data.trackName, hb.data as unknown as Record<string, unknown>);
        }
        return {
          name,
          resourceState: snapshot.resourceState,
          lowLatency: isLowLatency(snapshot.streamOptions),
          previewUrl: `/preview/${encodeURIComponent(name)}/`,
          sessions: sessions
            .filter((s) => s.liveEventName === name)
            .map((s) => ({
              id: s.id,
              streamName: s.streamName,
              endpoint: s.endpoint.id,
              remote: `${s.remoteAddress}:${s.remotePort}`,
              since: new Date(s.startedAt).toISOString(),
            })),
          tracks: [...latest.values()],
          recentEvents: parts.history
            .recentStreamEvents(name)
            .slice(-RECENT_EVENTS)
            .map((e) => ({ eventType: e.eventType, eventTime: e.eventTime, data: e.data })),
        };
      });
      return { liveEvents, uptimeSeconds: Math.round((Date.now() - parts.startedAt) / 1000) };
    },
  };
}
