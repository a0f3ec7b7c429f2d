import type { IncomingMessage, ServerResponse } from 'node:http';
import { ContentType, sendJson, sendText, setCorsHeaders } from './http-response.js';

/**
 * `timeHandler` serves `/time`: the server's clock as ISO 8601 with milliseconds, the DASH `UTCTiming`
 * source (`urn:mpeg:dash:utc:http-iso:2014`) that keeps players' live edge in step with Inlet.
 */
export function timeHandler(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  if (url.pathname !== '/time') {
    return false;
  }
  setCorsHeaders(res);
  sendText(req, res, 200, new Date().toISOString(), ContentType.text, 'no-store');
  return true;
}

/** `healthzHandler` serves `/healthz` for load balancers and process supervisors. */
export function healthzHandler(status: () => Record<string, unknown>) {
  return (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
    if (url.pathname !== '/healthz') {
      return false;
    }
    sendJson(req, res, 200, { status: 'ok', ...status() });
    return true;
  };
}
