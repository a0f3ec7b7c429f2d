import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { sendError } from './http-response.js';

/**
 * `ForwardTarget` is a loopback HTTP server that answers for part of this server's URL space (a media
 * worker's previews).
 */
export interface ForwardTarget {
  /** The port on 127.0.0.1, or `undefined` while the target is not available (restarting). */
  readonly port: number | undefined;
  /** Says why the target is unavailable, for the 503 answer. */
  readonly unavailable: string;
}

/** One keep-alive agent for every forwarded request: a player's requests reuse loopback connections. */
const AGENT = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });

/** Request headers that belong to one hop (RFC 9110 §7.6.1) and are not forwarded. */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/**
 * `forwardRequest` answers `req` with what `target` answers for the same method, path and headers,
 * streamed both ways (a blocking playlist reload waits there as it would here). The player's address
 * goes along as `X-Forwarded-For`. A target that is unavailable or fails before it answers gives a 503
 * or 502 saying so; one that fails mid-answer ends the response.
 */
export function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  target: ForwardTarget,
): Promise<void> {
  const port = target.port;
  if (port === undefined) {
    res.setHeader('Retry-After', '1');
    sendError(req, res, 503, target.unavailable);
    return Promise.resolve();
  }
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!HOP_HEADERS.has(name) && value !== undefined) {
      headers[name] = value;
    }
  }
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  return new Promise((resolve) => {
    const upstream = http.request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent: AGENT },
      (answer) => {
        res.statusCode = answer.statusCode ?? 502;
        for (const [name, value] of Object.entries(answer.headers)) {
          if (!HOP_HEADERS.has(name) && value !== undefined) {
            res.setHeader(name, value);
          }
        }
        answer.pipe(res);
        answer.on('error', () => res.destroy());
        res.on('close', () => {
          answer.destroy();
          resolve();
        });
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) {
        sendError(req, res, 502, `the media worker serving this path failed: ${err.message}`);
      } else {
        res.destroy();
      }
      resolve();
    });
    // A player that goes away stops the forwarded request (a waiting blocking reload too).
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
}
