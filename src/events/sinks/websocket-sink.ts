import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { toCloudEvent } from '../cloud-event.js';
import type { EventBus } from '../event-bus.js';
import { EventFilter } from '../event-filter.js';
import type { LoggedEvent } from '../logged-event.js';

/** `WebSocketSinkOptions` configures a `WebSocketSink`; sizes in bytes, times in milliseconds. */
export interface WebSocketSinkOptions {
  readonly bus: EventBus;
  readonly logger: Logger;
  /** A client with more unsent bytes than this is dropped (close 1013). Default 1 MiB: ~1500 events. */
  readonly maxBufferedBytes?: number;
  /** Connections beyond this are refused with HTTP 503. Default 100. */
  readonly maxClients?: number;
  /** Ping interval; a client that has not answered the previous ping is terminated. Default 30 s. */
  readonly pingIntervalMs?: number;
  /** Time a dropped client gets to receive its close frame before its socket is destroyed. Default 1 s. */
  readonly closeGraceMs?: number;
}

/** `WebSocketSinkStats` are the counters of a `WebSocketSink`. */
export interface WebSocketSinkStats {
  readonly clients: number;
  readonly sent: number;
  readonly droppedSlowClients: number;
  readonly rejectedUpgrades: number;
}

interface Client {
  readonly ws: WebSocket;
  readonly filter: EventFilter;
  readonly cloudEvents: boolean;
  readonly remote: string;
  alive: boolean;
  dropping: boolean;
}

/** Clients only listen; 4 KiB is ample for anything they might send and keeps a misbehaving one cheap. */
const maxIncomingPayload = 4096;

/**
 * `WebSocketSink` streams events as they are published to WebSocket clients of `/events/ws` (RFC 6455), one
 * event JSON per text message, Event Grid schema by default. Query: `liveEvent=a,b` (live event names),
 * `eventType=LiveEventIngestHeartbeat,...` (full or short names), `schema=CloudEvents`. The HTTP layer calls
 * `handleUpgrade` from its `'upgrade'` handler for that path. A client that does not keep up is dropped once
 * `maxBufferedBytes` are waiting for it, so memory per client stays bounded; other clients are unaffected.
 */
export class WebSocketSink {
  readonly #logger: Logger;
  readonly #wss: WebSocketServer;
  readonly #clients = new Set<Client>();
  readonly #unsubscribe: () => void;
  readonly #pingTimer: NodeJS.Timeout;
  readonly #maxBufferedBytes: number;
  readonly #maxClients: number;
  readonly #closeGraceMs: number;
  #closed = false;
  #sent = 0;
  #droppedSlowClients = 0;
  #rejectedUpgrades = 0;

  constructor(options: WebSocketSinkOptions) {
    this.#logger = options.logger;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
    this.#maxClients = options.maxClients ?? 100;
    this.#closeGraceMs = options.closeGraceMs ?? 1000;
    this.#wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload: maxIncomingPayload,
    });
    this.#unsubscribe = options.bus.subscribe((entry) => this.#broadcast(entry));
    this.#pingTimer = setInterval(() => this.#ping(), options.pingIntervalMs ?? 30_000);
    this.#pingTimer.unref();
  }

  /** `stats` are counters for monitoring and tests. */
  get stats(): WebSocketSinkStats {
    return {
      clients: this.#clients.size,
      sent: this.#sent,
      droppedSlowClients: this.#droppedSlowClients,
      rejectedUpgrades: this.#rejectedUpgrades,
    };
  }

  /**
   * `handleUpgrade` takes over an HTTP upgrade request for `/events/ws`. Bad query parameters are answered
   * with HTTP 400 naming the problem; too many clients or a closed sink with 503.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.#closed || this.#clients.size >= this.#maxClients) {
      this.#reject(
        socket,
        503,
        this.#closed ? 'event stream closed' : `too many event stream clients (max ${this.#maxClients})`,
      );
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const schema = url.searchParams.get('schema') ?? 'EventGrid';
    if (!/^(EventGrid|CloudEvents)$/i.test(schema)) {
      this.#reject(socket, 400, `unknown schema '${schema}': use EventGrid or CloudEvents`);
      return;
    }
    let filter: EventFilter;
    try {
      filter = new EventFilter({
        eventTypes: listParam(url, 'eventType'),
        liveEventNames: listParam(url, 'liveEvent'),
      });
    } catch (error) {
      this.#reject(socket, 400, (error as Error).message);
      return;
    }
    const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      if (this.#closed) {
        ws.terminate();
        return;
      }
      const client: Client = {
        ws,
        filter,
        cloudEvents: /^CloudEvents$/i.test(schema),
        remote,
        alive: true,
        dropping: false,
      };
      this.#clients.add(client);
      ws.on('pong', () => {
        client.alive = true;
      });
      ws.on('error', (error) => this.#logger.debug({ err: error, remote }, 'event stream client error'));
      ws.on('close', () => this.#clients.delete(client));
      this.#logger.info({ remote, query: url.search }, 'event stream client opened');
    });
  }

  /** `close` closes every client (1001 going away) and stops listening to the bus; idempotent. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.#unsubscribe();
    clearInterval(this.#pingTimer);
    for (const client of this.#clients) {
      this.#drop(client, 1001, 'server shutting down');
    }
    this.#wss.close();
  }

  #broadcast(entry: LoggedEvent): void {
    let eventGridJson: string | undefined;
    let cloudEventJson: string | undefined;
    for (const client of this.#clients) {
      if (client.dropping || client.ws.readyState !== client.ws.OPEN || !client.filter.matches(entry.event)) {
        continue;
      }
      if (client.ws.bufferedAmount > this.#maxBufferedBytes) {
        this.#droppedSlowClients += 1;
        this.#logger.warn(
          {
            remote: client.remote,
            bufferedBytes: client.ws.bufferedAmount,
            maxBufferedBytes: this.#maxBufferedBytes,
          },
          'event stream client too slow; dropped',
        );
        this.#drop(client, 1013, `too slow: more than ${this.#maxBufferedBytes} bytes unsent`);
        continue;
      }
      const json = client.cloudEvents
        ? (cloudEventJson ??= JSON.stringify(toCloudEvent(entry.event)))
        : (eventGridJson ??= JSON.stringify(entry.event));
      client.ws.send(json);
      this.#sent += 1;
    }
  }

  #drop(client: Client, code: number, reason: string): void {
    client.dropping = true;
    client.ws.close(code, reason);
    setTimeout(() => client.ws.terminate(), this.#closeGraceMs).unref();
  }

  #ping(): void {
    for (const client of this.#clients) {
      if (!client.alive) {
        this.#logger.info({ remote: client.remote }, 'event stream client did not answer ping; closed');
        client.ws.terminate();
        continue;
      }
      client.alive = false;
      client.ws.ping();
    }
  }

  #reject(socket: Duplex, status: 400 | 503, message: string): void {
    this.#rejectedUpgrades += 1;
    const text = `${message}\n`;
    socket.end(
      `HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Service Unavailable'}\r\n` +
        `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  }
}

function listParam(url: URL, name: string): string[] {
  return url.searchParams
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}
