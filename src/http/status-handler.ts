import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, setCorsHeaders } from './http-response.js';

/** `StatusLiveEvent` is one live event on the dashboard (no access tokens: the page is not secret). */
export interface StatusLiveEvent {
  readonly name: string;
  readonly resourceState: string;
  readonly lowLatency: boolean;
  readonly previewUrl: string;
  readonly sessions: readonly {
    readonly id: string;
    readonly streamName: string;
    readonly endpoint: string;
    readonly remote: string;
    readonly since: string;
  }[];
  /** Latest heartbeat data per track (Event Grid `LiveEventIngestHeartbeat` data). */
  readonly tracks: readonly Readonly<Record<string, unknown>>[];
  /** Recent non-heartbeat events, newest last. */
  readonly recentEvents: readonly {
    readonly eventType: string;
    readonly eventTime: string;
    readonly data: unknown;
  }[];
}

/** `StatusSource` provides the dashboard's data (implemented by the app). */
export interface StatusSource {
  status(): { readonly liveEvents: readonly StatusLiveEvent[]; readonly uptimeSeconds: number };
}

/** `createStatusHandler` serves `/status.json`, the data of the dashboard at `/`. */
export function createStatusHandler(source: StatusSource) {
  return (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
    if (url.pathname !== '/status.json') {
      return false;
    }
    setCorsHeaders(res);
    sendJson(req, res, 200, source.status());
    return true;
  };
}
