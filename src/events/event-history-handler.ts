import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventHistory } from './event-history.js';

/** `EventHistoryKind` selects what `GET /events/<liveEventName>/<kind>` returns. */
export type EventHistoryKind = 'heartbeats' | 'stream-events';

/** `EventHistoryHandler` serves one history read; the HTTP layer has matched the path and its parts. */
export type EventHistoryHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  liveEventName: string,
  kind: EventHistoryKind,
) => void;

/**
 * `createEventHistoryHandler` serves `GET /events/<liveEventName>/heartbeats` and
 * `GET /events/<liveEventName>/stream-events`: a JSON array of Event Grid events, oldest first (an empty
 * array for a live event with no history). `HEAD` is answered too; other methods get 405 with `Allow`.
 */
export function createEventHistoryHandler(history: EventHistory): EventHistoryHandler {
  return (req, res, liveEventName, kind) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json; charset=utf-8' });
      res.end(
        JSON.stringify({ error: { code: 'MethodNotAllowed', message: `use GET, not ${req.method ?? '?'}` } }),
      );
      return;
    }
    const events =
      kind === 'heartbeats'
        ? history.recentHeartbeats(liveEventName)
        : history.recentStreamEvents(liveEventName);
    const body = JSON.stringify(events);
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
