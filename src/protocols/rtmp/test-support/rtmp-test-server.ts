import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import pino, { type Logger } from 'pino';
import type { Amf0Value } from '../../../formats/amf0/amf0-value.js';
import { RtmpConnection } from '../rtmp-connection.js';
import type {
  PublishDecision,
  PublishRequest,
  RtmpCloseReason,
  RtmpMediaMessage,
  RtmpServerHandler,
  UnpublishReason,
} from '../rtmp-connection-types.js';
import type { RtmpLimits } from '../rtmp-limits.js';

/** Everything one test connection reported, in order. */
export interface ConnectionRecord {
  readonly conn: RtmpConnection;
  readonly publishes: PublishRequest[];
  readonly media: RtmpMediaMessage[];
  readonly data: { streamId: number; timestamp: number; values: Amf0Value[] }[];
  readonly unpublishes: { streamId: number; reason: UnpublishReason }[];
  /** Timeline: 'publish', 'decided', 'sent:Publish.Start', 'media', 'data', 'unpublish', 'close'. */
  readonly events: string[];
  close: RtmpCloseReason | undefined;
  readonly closed: Promise<RtmpCloseReason>;
}

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  /** Publish decision; default a synchronous accept. May be async. */
  readonly decide?: (req: PublishRequest) => PublishDecision | Promise<PublishDecision>;
  readonly limits?: Partial<RtmpLimits>;
  readonly tls?: { key: string; cert: string };
  readonly logger?: Logger;
  /** Keep media payload bytes (default true). */
  readonly keepMedia?: boolean;
}

/** Adds 'sent:Publish.Start' to the timeline when the server writes the onStatus that starts a publish. */
function tapPublishStart(socket: Socket, events: string[]): void {
  const write = socket.write.bind(socket) as (b: Uint8Array) => boolean;
  (socket as unknown as { write: (b: Uint8Array) => boolean }).write = (b: Uint8Array): boolean => {
    const text = Buffer.from(b).toString('latin1');
    if (text.includes('onStatus') && text.includes('NetStream.Publish.Start')) {
      events.push('sent:Publish.Start');
    }
    return write(b);
  };
}

/** A test RTMP(S) server on 127.0.0.1, port 0, that wraps each socket in an RtmpConnection. */
export interface TestServer {
  readonly port: number;
  readonly records: ConnectionRecord[];
  /** Resolves with the next connection's record (the n-th, 0-based). */
  connection(n: number): Promise<ConnectionRecord>;
  close(): Promise<void>;
}

/** `startTestServer` starts a small server for tests. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const records: ConnectionRecord[] = [];
  const waiters = new Map<number, (r: ConnectionRecord) => void>();
  const logger = options.logger ?? pino({ level: 'silent' });
  const sockets = new Set<Socket>();
  const onSocket = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    let resolveClosed: (r: RtmpCloseReason) => void = () => undefined;
    const closed = new Promise<RtmpCloseReason>((r) => (resolveClosed = r));
    const rec = {
      publishes: [],
      media: [],
      data: [],
      unpublishes: [],
      events: [],
      close: undefined,
      closed,
    } as unknown as { -readonly [K in keyof ConnectionRecord]: ConnectionRecord[K] };
    const handler: RtmpServerHandler = {
      onPublish: (req) => {
        rec.publishes.push(req);
        rec.events.push('publish');
        const d = (options.decide ?? (() => ({ accept: true }) as const))(req);
        if (d instanceof Promise) {
          return d.then((x) => {
            rec.events.push('decided');
            return x;
          });
        }
        rec.events.push('decided');
        return d;
      },
      onMedia: (m) => {
        rec.media.push(options.keepMedia === false ? { ...m, payload: new Uint8Array(0) } : m);
        rec.events.push('media');
      },
      onData: (d) => {
        rec.data.push(d);
        rec.events.push('data');
      },
      onUnpublish: (streamId, reason) => {
        rec.unpublishes.push({ streamId, reason });
        rec.events.push('unpublish');
      },
      onClose: (reason) => {
        rec.close = reason;
        rec.events.push('close');
        resolveClosed(reason);
      },
    };
    tapPublishStart(socket, rec.events);
    rec.conn = new RtmpConnection({
      socket,
      logger: logger.child({ conn: records.length }),
      handler,
      ...(options.limits !== undefined ? { limits: options.limits } : {}),
    });
    records.push(rec);
    waiters.get(records.length - 1)?.(rec);
  };
  const server: Server = options.tls
    ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, onSocket)
    : createServer(onSocket);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    records,
    connection(n) {
      const r = records[n];
      return r !== undefined ? Promise.resolve(r) : new Promise((resolve) => waiters.set(n, resolve));
    },
    async close() {
      for (const r of records) {
        r.conn.close();
      }
      for (const s of sockets) {
        s.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `startHandlerServer` serves RtmpConnections with handlers from `makeHandler` (one per connection). */
export async function startHandlerServer(
  makeHandler: () => RtmpServerHandler,
): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    new RtmpConnection({ socket, logger: pino({ level: 'silent' }), handler: makeHandler() });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    close: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
