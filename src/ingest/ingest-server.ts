import type net from 'node:net';
import type { Logger } from 'pino';
import { RtmpConnection } from '../protocols/rtmp/rtmp-connection.js';
import type { RtmpLimits } from '../protocols/rtmp/rtmp-limits.js';
import type { LiveEventDirectory } from './admission.js';
import { IngestSession, type SessionRegistry } from './ingest-session.js';
import { IngestStream } from './ingest-stream.js';
import type { IngestEndpoint, IngestObserver, IngestProtocol, SessionInfo } from './ingest-types.js';
import { ResultCode, type ResultCodeValue } from './result-codes.js';
import { RtmpListener } from './rtmp-listener.js';
import type { DropReport } from '../media/drop-aggregator.js';
import type { Track } from '../media/track.js';

/** `IngestServerOptions` configures the ingest listeners and admission. */
export interface IngestServerOptions {
  readonly logger: Logger;
  readonly directory: LiveEventDirectory;
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
  /** Key frame interval (ms) of a live event: the fragment duration of its streams. */
  readonly keyFrameIntervalMs: (liveEventName: string) => number;
  /** Aggregated timeline drops (at most one per track and reason per second). */
  readonly onDropReport: (liveEventName: string, report: DropReport, track: Track) => void;
  readonly now?: () => number;
}

const key = (...parts: string[]): string => parts.join('\u0000');

/**
 * `IngestServer` runs the RTMP and RTMPS listeners, turns each connection into an `IngestSession`,
 * keeps the `IngestStream` of every live event and stream name, and lets the app disconnect the
 * encoders of a live event (stop, reset, delete).
 */
export class IngestServer implements SessionRegistry {
  readonly #o: IngestServerOptions;
  readonly #now: () => number;
  readonly #listeners: RtmpListener[] = [];
  readonly #connections = new Map<string, { connection: RtmpConnection; session: IngestSession }>();
  /** Admitted sessions by live event, endpoint and stream name (the newer connection wins). */
  readonly #publishers = new Map<string, IngestSession>();
  readonly #streams = new Map<string, IngestStream>();
  readonly #trackNames = new Map<string, Set<string>>();
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
          onSocket: (socket, endpoint) => this.#onSocket(socket, endpoint),
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
      if (session.info !== undefined) {
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
      if (session.info !== undefined) {
        out.push(session.info);
      }
    }
    return out;
  }

  #onSocket(socket: net.Socket, endpoint: IngestEndpoint): void {
    // Dual-stack sockets report IPv4 clients as ::ffff:a.b.c.d; events and logs show the IPv4 address.
    const remoteAddress = (socket.remoteAddress ?? 'unknown').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
    const remotePort = socket.remotePort ?? 0;
    if (this.#closed || this.#connections.size >= this.#o.maxConnections) {
      this.#o.logger.warn(
        { endpoint: endpoint.id, remote: `${remoteAddress}:${remotePort}`, max: this.#o.maxConnections },
        `connection refused: ${this.#closed ? 'shutting down' : `limit of ${this.#o.maxConnections} connections reached (limits.maxConnections)`}`,
      );
      this.#refused++;
      socket.destroy();
      return;
    }
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
      directory: this.#o.directory,
      registry: this,
      observer: this.#o.observer,
      now: this.#now,
      closeConnection: (reason) => ref.connection?.close(reason),
    });
    const connection = new RtmpConnection({
      socket,
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

  register(session: IngestSession): IngestStream {
    const info = session.info;
    if (info === undefined) {
      throw new Error('only admitted sessions can be registered');
    }
    const publisherKey = key(info.liveEventName, info.endpoint.id, info.streamName);
    const stale = this.#publishers.get(publisherKey);
    this.#publishers.set(publisherKey, session);
    if (stale !== undefined && stale !== session) {
      this.#o.logger.info(
        { liveEvent: info.liveEventName, stream: info.streamName, stale: stale.id, newer: session.id },
        `newer connection ${session.id} replaces ${stale.id} for ${info.liveEventName}/${info.streamName} on ${info.endpoint.id}`,
      );
      stale.end(ResultCode.replacedByNewerConnection, `replaced by newer connection ${session.id}`);
    }
    const streamKey = key(info.liveEventName, info.streamName);
    let stream = this.#streams.get(streamKey);
    if (stream === undefined) {
      const liveEventName = info.liveEventName;
      stream = new IngestStream({
        liveEventName,
        streamName: info.streamName,
        keyFrameIntervalMs: this.#o.keyFrameIntervalMs(liveEventName),
        sink: this.#o.observer.openStream(liveEventName, info.streamName),
        claimTrackName: (base) => this.#claimTrackName(liveEventName, base),
        now: this.#now,
        onDropReport: (report, track) => this.#o.onDropReport(liveEventName, report, track),
      });
      this.#streams.set(streamKey, stream);
    }
    return stream;
  }

  unregister(session: IngestSession): void {
    const info = session.info;
    if (info === undefined) {
      return;
    }
    const publisherKey = key(info.liveEventName, info.endpoint.id, info.streamName);
    if (this.#publishers.get(publisherKey) === session) {
      this.#publishers.delete(publisherKey);
    }
  }

  #claimTrackName(liveEventName: string, base: string): string {
    let names = this.#trackNames.get(liveEventName);
    if (names === undefined) {
      names = new Set();
      this.#trackNames.set(liveEventName, names);
    }
    let name = base;
    for (let n = 2; names.has(name); n++) {
      name = `${base}_${n}`;
    }
    names.add(name);
    return name;
  }

  /** Closes every connection publishing to a live event with `code`; returns how many. */
  disconnectLiveEvent(liveEventName: string, code: ResultCodeValue, reason: string): number {
    let n = 0;
    for (const { session } of [...this.#connections.values()]) {
      if (session.info?.liveEventName === liveEventName) {
        session.end(code, reason);
        n++;
      }
    }
    return n;
  }

  /**
   * Disconnects a live event's encoders and discards its streams (timelines, fragmenters, track names):
   * for stop, reset and delete. The next publish starts fresh.
   */
  closeLiveEvent(liveEventName: string, code: ResultCodeValue, reason: string): void {
    this.disconnectLiveEvent(liveEventName, code, reason);
    for (const [k, stream] of [...this.#streams]) {
      if (k.startsWith(key(liveEventName, ''))) {
        this.#streams.delete(k);
        stream.close();
      }
    }
    this.#trackNames.delete(liveEventName);
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
    for (const stream of this.#streams.values()) {
      stream.close();
    }
    this.#streams.clear();
    await new Promise((r) => setTimeout(r, 50));
    for (const l of this.#listeners) {
      l.destroySockets();
    }
  }
}
