import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from 'pino';
import { readIntoSharedBuffer } from '../lib/net/shared-read-buffer.js';
import type { IngestEndpoint, IngestProtocol } from '../live/publisher.js';

/** `RtmpListenerOptions` configures one ingest listener. */
export interface RtmpListenerOptions {
  readonly logger: Logger;
  readonly protocol: IngestProtocol;
  readonly role: 'primary' | 'secondary';
  readonly port: number;
  /** Bind address; '' means every interface. */
  readonly host: string;
  /** Certificate and key (PEM) for RTMPS. */
  readonly tls: { readonly cert: string | Buffer; readonly key: string | Buffer } | undefined;
  /**
   * Called for every accepted socket (after the TLS handshake for RTMPS); `transientReads`: its `data`
   * events are views of the listener's shared read buffer, valid only during the event.
   */
  readonly onSocket: (socket: net.Socket, endpoint: IngestEndpoint, transientReads: boolean) => void;
}

/**
 * `RtmpListener` accepts encoder connections on one port: RTMP over TCP or RTMPS (TLS 1.2 or later).
 * Port 0 binds an ephemeral port; `endpoint.port` then tells the real one.
 */
export class RtmpListener {
  readonly #o: RtmpListenerOptions;
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();
  /**
   * Every plain TCP socket of this listener reads into this buffer (`readIntoSharedBuffer`): 64 KiB, what
   * libuv asks for per read. RTMPS sockets read through TLS as usual.
   */
  readonly #readBuffer = Buffer.allocUnsafeSlow(64 * 1024);
  #endpoint: IngestEndpoint;
  #closed = false;

  constructor(options: RtmpListenerOptions) {
    this.#o = options;
    this.#endpoint = {
      id: `${options.protocol}-${options.role}`,
      protocol: options.protocol,
      role: options.role,
      port: options.port,
    };
    if (options.protocol === 'rtmps') {
      if (options.tls === undefined) {
        throw new Error('an RTMPS listener needs a certificate and key (rtmps.cert, rtmps.key)');
      }
      const server = tls.createServer({
        cert: options.tls.cert,
        key: options.tls.key,
        minVersion: 'TLSv1.2',
        handshakeTimeout: 10_000,
      });
      server.on('secureConnection', (socket) => this.#accept(socket, false));
      server.on('tlsClientError', (err, socket) => {
        options.logger.debug({ err: err.message, remote: socket.remoteAddress }, 'tls handshake failed');
        socket.destroy();
      });
      this.#server = server;
    } else {
      // Paused until its handle moves to a socket that reads into the listener's shared buffer.
      this.#server = net.createServer({ pauseOnConnect: true }, (accepted) => {
        const { socket, transient } = readIntoSharedBuffer(accepted, this.#readBuffer);
        this.#accept(socket, transient);
      });
    }
    this.#server.on('error', (err) => options.logger.error({ err }, `${this.#endpoint.id} listener error`));
  }

  get endpoint(): IngestEndpoint {
    return this.#endpoint;
  }

  #accept(socket: net.Socket, transientReads: boolean): void {
    if (this.#closed) {
      socket.destroy();
      return;
    }
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
    // A socket error is handled by the RTMP connection; this guard only keeps an early error (before
    // the connection attaches its handlers) from becoming an uncaught exception.
    socket.on('error', () => {});
    this.#o.onSocket(socket, this.#endpoint, transientReads);
  }

  /** Starts listening; resolves with the endpoint, whose port is the one actually bound. */
  async listen(): Promise<IngestEndpoint> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#o.port, this.#o.host === '' ? undefined : this.#o.host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    const address = this.#server.address() as net.AddressInfo;
    this.#endpoint = { ...this.#endpoint, port: address.port };
    this.#o.logger.info(
      { endpoint: this.#endpoint.id, port: address.port },
      `${this.#o.protocol.toUpperCase()} ${this.#o.role} ingest listening on port ${address.port}`,
    );
    return this.#endpoint;
  }

  /** Stops accepting; open connections are closed by their owners. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      if (!this.#server.listening) {
        resolve();
      }
    });
  }

  /** Destroys sockets still open (after their sessions had a chance to close cleanly). */
  destroySockets(): void {
    for (const s of this.#sockets) {
      s.destroy();
    }
  }
}
