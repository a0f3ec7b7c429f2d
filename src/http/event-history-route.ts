import { createEventHistoryHandler, type EventHistoryKind } from '../events/event-history-handler.js';
import type { EventHistory } from '../events/event-history.js';
import type { RequestHandler } from './http-service.js';

/** `/events/<liveEventName>/heartbeats` and `/events/<liveEventName>/stream-events`. */
const EVENT_HISTORY_PATH = /^\/events\/([^/]+)\/(heartbeats|stream-events)$/;

/**
 * `eventHistoryRoute` matches `/events/<liveEventName>/(heartbeats|stream-events)` and hands the decoded
 * live event name and the kind to the event history handler of `events`.
 */
export function eventHistoryRoute(history: EventHistory): RequestHandler {
  const handler = createEventHistoryHandler(history);
  return (req, res, url) => {
    const m = EVENT_HISTORY_PATH.exec(url.pathname);
    if (m === null) {
      return false;
    }
    handler(req, res, decodeURIComponent(m[1] ?? ''), m[2] as EventHistoryKind);
    return true;
  };
}
