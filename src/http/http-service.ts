import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { sendError, setCorsHeaders } from './http-response.js';

/**
 * `RequestHandler` answers a request it recognises and returns true, or returns false so the next
 * handler can try. Handlers must answer errors themselves; a throw becomes a 500.
 */
export type RequestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) => boolean | Promise<boolean>;

/** `HttpRoute` is one named entry of the route table (see `httpRoutes`); the name is for the log. */
export interface HttpRoute {
  readonly name: string;
  readonly handle: RequestHandler;
}

/** `UpgradeHandler` takes over a WebSocket upgrade for one path. */
export interface UpgradeHandler {
  readonly path: string;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/** `HttpServiceOptions` configures the HTTP and HTTPS listeners (same routes on both). */
export interface HttpServiceOptions {
  readonly logger: Logger;
  readonly http: { readonly port: number; readonly host: string } | undefined;
  readonly https:
    | {
        readonly port: number;
        readonly host: string;
        readonly cert: string | Buffer;
        readonly key: string | Buffer;
      }
    | undefined;
  /** Tried in order; the first that answers wins, a 404 when none does. */
  readonly routes: readonly HttpRoute[];
  readonly upgrades: readonly UpgradeHandler[];
}

/** `HttpService` runs the HTTP and HTTPS listeners that serve media, the REST API and event streams. */
export class HttpService {
  readonly #o: HttpServiceOptions;
  readonly #servers: { name: 'http' | 'https'; server: http.Server }[] = [];
  #closed = false;

  constructor(options: HttpServiceOptions) {
    this.#o = options;
  }

  /** Starts listening; resolves with the actual ports (port 0 binds an ephemeral port). */
  async listen(): Promise<{ http: number | undefined; https: number | undefined }> {
    const ports: { http: number | undefined; https: number | undefined } = {
      http: undefined,
      https: undefined,
    };
    if (this.#o.http !== undefined) {
      ports.http = await this.#start('http', http.createServer(), this.#o.http);
    }
    if (this.#o.https !== undefined) {
      const { cert, key } = this.#o.https;
      ports.https = await this.#start(
        'https',
        https.createServer({ cert, key, minVersion: 'TLSv1.2' }),
        this.#o.https,
      );
    }
    return ports;
  }

  async #start(
    name: 'http' | 'https',
    server: http.Server,
    at: { port: number; host: string },
  ): Promise<number> {
    // Players keep connections open between segment requests; keep them longer than a segment.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.requestTimeout = 120_000;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.#handle(name, req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.#upgrade(req, socket, head),
    );
    server.on('clientError', (err, socket) => {
      this.#o.logger.debug({ err: err.message }, `${name} client error`);
      socket.destroy();
    });
    this.#servers.push({ name, server });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(at.port, at.host === '' ? undefined : at.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    this.#o.logger.info({ port }, `${name} listening on port ${port}`);
    return port;
  }

  async #handle(name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendError(req, res, 400, 'malformed request URL');
      return;
    }
    if (req.method === 'OPTIONS' && !url.pathname.toLowerCase().startsWith('/subscriptions/')) {
      setCorsHeaders(res);
      res.statusCode = 204;
      res.setHeader('Access-Control-Max-Age', '86400');
      res.end();
      return;
    }
    let route: string | undefined;
    try {
      for (const r of this.#o.routes) {
        route = r.name;
        if (await r.handle(req, res, url)) {
          return;
        }
      }
      route = undefined;
      sendError(req, res, 404, `no resource at ${url.pathname}`);
    } catch (err) {
      this.#o.logger.error({ err, path: url.pathname, route }, `${name} request failed`);
      if (!res.headersSent) {
        sendError(req, res, 500, 'internal error; see the server log');
      } else {
        res.destroy();
      }
    }
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const h = this.#o.upgrades.find((u) => u.path === path);
    if (h === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    h.handleUpgrade(req, socket, head);
  }

  /** Stops listening and closes idle keep-alive connections; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    await Promise.all(
      this.#servers.map(
        ({ server }) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 2000).unref();
          }),
      ),
    );
  }
}
