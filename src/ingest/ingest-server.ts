import type net from 'node:net';
import type { Logger } from 'pino';
import { RtmpConnection } from '../protocols/rtmp/rtmp-connection.js';
import type { RtmpSocket } from '../protocols/rtmp/rtmp-connection-types.js';
import { RtmpDoor, type RtmpDoorConnect, type RtmpResume } from '../protocols/rtmp/rtmp-door.js';
import { accessTokenOf, accessTokenOfApp } from './ingest-url.js';
import type { RtmpLimits } from '../protocols/rtmp/rtmp-limits.js';
import type { LiveEventRegistry } from '../live/live-event-registry.js';
import type { IngestEndpoint, IngestProtocol, SessionInfo } from '../live/publisher.js';
import { ResultCode, type ResultCodeValue } from '../live/result-codes.js';
import { IngestSession } from './ingest-session.js';
import type { IngestObserver } from './ingest-types.js';
import { RtmpListener } from './rtmp-listener.js';

/** `IngestServerOptions` configures the ingest listeners and admission. */
export interface IngestServerOptions {
  readonly logger: Logger;
  /** The running live events (and the admission table) encoders publish to. */
  readonly liveEvents: LiveEventRegistry;
  readonly observer: IngestObserver;
  /** Listeners: primary and secondary per protocol. */
  readonly listeners: readonly {
    readonly protocol: IngestProtocol;
    readonly role: 'primary' | 'secondary';
    readonly port: number;
    readonly host: string;
  }[];
  readonly tls: { readonly cert: string | Buffer; readonly key: string | Buffer } | undefined;
  /** Connections accepted at once over every listener; more are closed right after accept. */
  readonly maxConnections: number;
  readonly limits: Partial<RtmpLimits>;
  /** Host name used in the ingest URLs of events. */
  readonly publicHost: string;
  readonly now?: () => number;
  /**
   * Set in a process whose live events run in media workers: each accepted socket is read up to the
   * client's `connect` (an `RtmpDoor`) and then handed over; this server holds no sessions itself.
   */
  readonly handover?: (handover: IngestHandover) => void;
}

/** `RemotePeer` is the encoder's address as the accepting process saw it. */
export interface RemotePeer {
  readonly address: string;
  readonly port: number;
}

/**
 * `IngestHandover` is a connection handed to the process that owns its live event: the socket (paused,
 * no listeners but an error guard), where it came in, the encoder's address, the access token it names
 * (`undefined` when its URL is malformed) and where the taking connection goes on.
 */
export interface IngestHandover {
  readonly socket: net.Socket;
  readonly endpoint: IngestEndpoint;
  readonly remote: RemotePeer;
  readonly accessToken: string | undefined;
  readonly resume: RtmpResume;
}

/** `AdoptedConnection` is a connection that another process accepted and read up to `connect`. */
export interface AdoptedConnection {
  readonly socket: RtmpSocket;
  readonly endpoint: IngestEndpoint;
  readonly remote: RemotePeer;
  readonly resume: RtmpResume;
}

/**
 * `IngestServer` runs the RTMP and RTMPS listeners and turns each connection into an `IngestSession`,
 * which publishes into a `LiveStream` of a running live event. It counts connections and can
 * disconnect the encoders of a live event.
 */
export class IngestServer {
  readonly #o: IngestServerOptions;
  readonly #now: () => number;
  readonly #listeners: RtmpListener[] = [];
  readonly #connections = new Map<string, { connection: RtmpConnection; session: IngestSession }>();
  /** Connections still in their `RtmpDoor` (handover mode). */
  readonly #doors = new Set<string>();
  #nextId = 0;
  #closedBytes = 0;
  #refused = 0;
  #closed = false;

  constructor(options: IngestServerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    for (const l of options.listeners) {
      this.#listeners.push(
        new RtmpListener({
          logger: options.logger,
          protocol: l.protocol,
          role: l.role,
          port: l.port,
          host: l.host,
          tls: l.protocol === 'rtmps' ? options.tls : undefined,
          onSocket: (socket, endpoint, transientReads) => this.#onSocket(socket, endpoint, transientReads),
        }),
      );
    }
  }

  /** Starts every listener; resolves with the bound endpoints. */
  async listen(): Promise<IngestEndpoint[]> {
    const out: IngestEndpoint[] = [];
    for (const l of this.#listeners) {
      out.push(await l.listen());
    }
    return out;
  }

  get endpoints(): IngestEndpoint[] {
    return this.#listeners.map((l) => l.endpoint);
  }

  /** `totals` are the server's counters since it started (for periodic stats). */
  totals(): { connections: number; sessions: number; bytesReceived: number; refusedConnections: number } {
    let bytes = this.#closedBytes;
    let sessions = 0;
    for (const { connection, session } of this.#connections.values()) {
      bytes += connection.bytesReceived;
      if (session.admitted) {
        sessions++;
      }
    }
    return {
      connections: this.#connections.size,
      sessions,
      bytesReceived: bytes,
      refusedConnections: this.#refused,
    };
  }

  /** Every admitted session. */
  sessions(): SessionInfo[] {
    const out: SessionInfo[] = [];
    for (const { session } of this.#connections.values()) {
      if (session.admittedInfo !== undefined) {
        out.push(session.admittedInfo);
      }
    }
    return out;
  }

  /** Serves a connection accepted and read up to `connect` by another process (see `handover`). */
  adopt(adopted: AdoptedConnection): void {
    this.#open(adopted.socket, adopted.endpoint, adopted.remote, {
      transientReads: false,
      resume: adopted.resume,
    });
  }

  #onSocket(socket: net.Socket, endpoint: IngestEndpoint, transientReads: boolean): void {
    // Dual-stack sockets report IPv4 clients as ::ffff:a.b.c.d; events and logs show the IPv4 address.
    const remote: RemotePeer = {
      address: (socket.remoteAddress ?? 'unknown').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1'),
      port: socket.remotePort ?? 0,
    };
    const handover = this.#o.handover;
    if (handover === undefined) {
      this.#open(socket, endpoint, remote, { transientReads, resume: undefined });
      return;
    }
    if (!this.#admitConnection(endpoint, remote)) {
      socket.destroy();
      return;
    }
    const id = `d${++this.#nextId}`;
    this.#doors.add(id);
    const logger = this.#o.logger.child({
      conn: id,
      endpoint: endpoint.id,
      remote: `${remote.address}:${remote.port}`,
    });
    new RtmpDoor({
      socket,
      transientReads,
      logger,
      limits: this.#o.limits,
      onConnect: (connect) => {
        const accessToken = accessTokenOfApp(connect.app);
        if (accessToken !== undefined) {
          this.#doors.delete(id);
          handover({ socket, endpoint, remote, accessToken, resume: connect.resume });
          return;
        }
        this.#readToPublish(id, socket, endpoint, remote, connect, logger);
      },
      onClose: () => this.#doors.delete(id),
    });
  }

  /**
   * The `connect` names no access token (the encoder put it in the stream name): this process answers
   * `connect` and `createStream` itself and hands the connection over at `publish`, whose stream name
   * names the live event; the taking connection reads it all again with those answers muted.
   */
  #readToPublish(
    id: string,
    socket: net.Socket,
    endpoint: IngestEndpoint,
    remote: RemotePeer,
    connect: RtmpDoorConnect,
    logger: Logger,
  ): void {
    const handover = this.#o.handover as (h: IngestHandover) => void;
    const ref: { connection?: RtmpConnection } = {};
    const never = new Promise<never>(() => undefined);
    ref.connection = new RtmpConnection({
      socket,
      logger,
      limits: this.#o.limits,
      resume: connect.resume,
      record: true,
      handler: {
        onPublish: (req) => {
          this.#doors.delete(id);
          const resume = (ref.connection as RtmpConnection).detach();
          handover({ socket, endpoint, remote, accessToken: accessTokenOf(req.app, req.streamName), resume });
          return never;
        },
        onMedia: () => undefined,
        onData: () => undefined,
        onUnpublish: () => undefined,
        onClose: () => this.#doors.delete(id),
      },
    });
  }

  /** Whether one more connection may open (shutting down or at `maxConnections`: refused and logged). */
  #admitConnection(endpoint: IngestEndpoint, remote: RemotePeer): boolean {
    const open = this.#connections.size + this.#doors.size;
    if (!this.#closed && open < this.#o.maxConnections) {
      return true;
    }
    this.#o.logger.warn(
      { endpoint: endpoint.id, remote: `${remote.address}:${remote.port}`, max: this.#o.maxConnections },
      `connection refused: ${this.#closed ? 'shutting down' : `limit of ${this.#o.maxConnections} connections reached (limits.maxConnections)`}`,
    );
    this.#refused++;
    return false;
  }

  #open(
    socket: RtmpSocket,
    endpoint: IngestEndpoint,
    remote: RemotePeer,
    how: { readonly transientReads: boolean; readonly resume: RtmpResume | undefined },
  ): void {
    if (!this.#admitConnection(endpoint, remote)) {
      socket.destroy();
      return;
    }
    const { address: remoteAddress, port: remotePort } = remote;
    const id = `c${++this.#nextId}`;
    const logger = this.#o.logger.child({
      conn: id,
      endpoint: endpoint.id,
      remote: `${remoteAddress}:${remotePort}`,
    });
    const ref: { connection?: RtmpConnection } = {};
    const session = new IngestSession({
      id,
      logger,
      endpoint,
      remoteAddress,
      remotePort,
      publicHost: this.#o.publicHost,
      liveEvents: this.#o.liveEvents,
      observer: this.#o.observer,
      now: this.#now,
      closeConnection: (reason) => ref.connection?.close(reason),
    });
    const connection = new RtmpConnection({
      socket,
      transientReads: how.transientReads,
      ...(how.resume === undefined ? {} : { resume: how.resume }),
      logger,
      limits: this.#o.limits,
      handler: {
        onConnect: (app, args) => session.onConnect(app, args),
        onPublish: (req) => session.onPublish(req),
        onMedia: (msg) => session.onMedia(msg),
        onData: (msg) => session.onData(msg),
        onUnpublish: (streamId, reason) => session.onUnpublish(streamId, reason),
        onClose: (reason) => {
          this.#connections.delete(id);
          this.#closedBytes += connection.bytesReceived;
          session.onClose(reason);
        },
      },
    });
    ref.connection = connection;
    session.bindByteCounter(() => connection.bytesReceived);
    this.#connections.set(id, { connection, session });
  }

  /** Closes every connection publishing to a live event with `code`; returns how many. */
  disconnectLiveEvent(liveEventName: string, code: ResultCodeValue, reason: string): number {
    let n = 0;
    for (const { session } of [...this.#connections.values()]) {
      if (session.admittedInfo?.liveEventName === liveEventName) {
        session.end(code, reason);
        n++;
      }
    }
    return n;
  }

  /** Stops listening, disconnects every encoder (`MPI_SYSTEM_MAINTENANCE`: they should reconnect). */
  async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    await Promise.all(this.#listeners.map((l) => l.close()));
    for (const { session } of [...this.#connections.values()]) {
      session.end(ResultCode.systemMaintenance, 'server shutting down');
    }
    await new Promise((r) => setTimeout(r, 50));
    for (const l of this.#listeners) {
      l.destroySockets();
    }
  }
}
