import type { Logger } from 'pino';
import type { Amf0Object } from '../../formats/amf0/amf0-value.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { ChunkReader } from './chunk-reader.js';
import { decodeCommand } from './command.js';
import { ServerHandshake } from './handshake.js';
import { RtmpMessageType } from './message-type.js';
import type { RtmpCloseReason, RtmpSocket } from './rtmp-connection-types.js';
import { resolveRtmpLimits, type RtmpLimits } from './rtmp-limits.js';
import type { RtmpMessage } from './message.js';

/**
 * Most bytes a client may send between the handshake and `connect`. Encoders send `connect` first (some
 * a Set Chunk Size before it): a few hundred bytes.
 */
const MAX_BYTES_BEFORE_CONNECT = 64 * 1024;

/**
 * `RtmpResume` is where a connection whose handshake ran elsewhere (an {@link RtmpDoor}) goes on: the
 * bytes received so far (handshake included, for acknowledgements) and every byte that followed the
 * handshake, to be read as if they had just arrived.
 */
export interface RtmpResume {
  readonly bytesReceived: number;
  readonly data: Uint8Array;
  /**
   * Bytes the earlier reader already answered after the handshake (an `RtmpConnection` that read up to
   * `publish` and was detached): reading `data` again produces the same answers, and this many bytes
   * of them are not sent a second time. Default 0 (a door answers nothing).
   */
  readonly answeredBytes?: number;
}

/** `RtmpDoorConnect` is what the door read: the `connect` command and where the connection goes on. */
export interface RtmpDoorConnect {
  /** `app` of the connect command object (e.g. `live/<token>`), '' when absent. */
  readonly app: string;
  readonly tcUrl: string | undefined;
  readonly connect: Amf0Object;
  readonly resume: RtmpResume;
}

/** `RtmpDoorOptions` configures an {@link RtmpDoor}. */
export interface RtmpDoorOptions {
  readonly socket: RtmpSocket;
  readonly logger: Logger;
  readonly limits?: Partial<RtmpLimits>;
  /** The socket's `data` events are views of a reused buffer (the door copies what it keeps). */
  readonly transientReads?: boolean;
  /**
   * The client sent `connect`. The door has stopped reading (the socket is paused) and removed its
   * listeners: the socket now belongs to the callee, who answers `connect` with an `RtmpConnection`
   * made with `resume`, here or in another process.
   */
  readonly onConnect: (connect: RtmpDoorConnect) => void;
  /** The connection ended before `connect` (the socket is destroyed). Called at most once. */
  readonly onClose: (reason: RtmpCloseReason) => void;
}

/**
 * `RtmpDoor` runs the server side of an RTMP connection up to the client's `connect` command and answers
 * nothing but the handshake (RTMP Specification 1.0 §5.2): the `app` of `connect` names the live event
 * (`live/<accessToken>`), so whoever owns that live event, possibly another process, can take the socket
 * over and answer `connect` itself. Until then it bounds what the client may cost: the handshake timeout
 * covers the handshake and `connect`, at most 64 KiB may precede `connect`, and any other command or a
 * malformed chunk closes the connection.
 */
export class RtmpDoor {
  readonly #o: RtmpDoorOptions;
  readonly #limits: RtmpLimits;
  readonly #timer: NodeJS.Timeout;
  #handshake: ServerHandshake | undefined = new ServerHandshake();
  readonly #reader: ChunkReader;
  /** Copies of every byte after the handshake. */
  readonly #after: Uint8Array[] = [];
  #afterBytes = 0;
  #bytesReceived = 0;
  #done = false;
  readonly #onData = (chunk: Buffer): void => this.#data(chunk);
  readonly #onEnd = (): void =>
    this.#close({ code: 'client-closed', message: 'peer ended the connection before connect' });
  readonly #onError = (e: NodeJS.ErrnoException): void =>
    this.#close({
      code: e.code === 'ECONNRESET' || e.code === 'EPIPE' ? 'client-closed' : 'socket-error',
      message: e.message,
    });

  constructor(options: RtmpDoorOptions) {
    this.#o = options;
    this.#limits = resolveRtmpLimits(options.limits);
    this.#reader = new ChunkReader({
      maxMessageSize: Math.min(this.#limits.maxMessageSize, MAX_BYTES_BEFORE_CONNECT),
      maxChunkStreams: this.#limits.maxChunkStreams,
      maxBufferedBytes: MAX_BYTES_BEFORE_CONNECT,
      transientInput: true,
      onMessage: (m) => this.#message(m),
    });
    this.#timer = setTimeout(
      () =>
        this.#close({
          code: 'handshake-timeout',
          message: `no handshake and connect within ${this.#limits.handshakeTimeoutMs} ms`,
        }),
      this.#limits.handshakeTimeoutMs,
    ).unref();
    const socket = options.socket;
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('close', this.#onEnd);
    socket.on('error', this.#onError);
  }

  #data(chunk: Uint8Array): void {
    if (this.#done) {
      return;
    }
    this.#bytesReceived += chunk.byteLength;
    try {
      let data: Uint8Array | undefined = chunk;
      if (this.#handshake !== undefined) {
        const step = this.#handshake.feed(chunk);
        if (step.send !== undefined) {
          this.#o.socket.write(step.send);
        }
        if (!step.done) {
          return;
        }
        this.#handshake = undefined;
        data = step.rest;
      }
      if (data === undefined || data.byteLength === 0) {
        return;
      }
      this.#afterBytes += data.byteLength;
      if (this.#afterBytes > MAX_BYTES_BEFORE_CONNECT) {
        this.#close({
          code: 'limit-exceeded',
          message: `more than ${MAX_BYTES_BEFORE_CONNECT} bytes before the connect command`,
        });
        return;
      }
      this.#after.push(Uint8Array.prototype.slice.call(data));
      this.#reader.feed(data);
    } catch (e) {
      if (e instanceof MediaFormatError) {
        this.#close({ code: 'protocol-error', message: e.message });
      } else {
        this.#o.logger.error({ err: e }, 'rtmp door: internal error');
        this.#close({ code: 'server-closed', message: `internal error: ${String(e)}` });
      }
    }
  }

  #message(msg: RtmpMessage): void {
    if (this.#done) {
      return;
    }
    if (msg.typeId !== RtmpMessageType.commandAmf0 && msg.typeId !== RtmpMessageType.commandAmf3) {
      // Protocol control before connect (Set Chunk Size, Window Acknowledgement Size) is read again by
      // the connection that takes over; the reader applied Set Chunk Size already.
      return;
    }
    const command = decodeCommand(msg.typeId, msg.payload);
    if (command.name !== 'connect') {
      this.#close({
        code: 'protocol-error',
        message: `command ${JSON.stringify(command.name.slice(0, 40))} before connect`,
      });
      return;
    }
    const object: Amf0Object =
      command.object !== null && typeof command.object === 'object' && !Array.isArray(command.object)
        ? (command.object as Amf0Object)
        : {};
    const app = typeof object['app'] === 'string' ? object['app'] : '';
    const tcUrl = typeof object['tcUrl'] === 'string' ? object['tcUrl'] : undefined;
    this.#detach();
    const data = this.#after.length === 1 ? (this.#after[0] as Uint8Array) : Buffer.concat(this.#after);
    this.#o.onConnect({ app, tcUrl, connect: object, resume: { bytesReceived: this.#bytesReceived, data } });
  }

  /** Stops reading and hands the socket on: no more events reach the door. */
  #detach(): void {
    this.#done = true;
    clearTimeout(this.#timer);
    const socket = this.#o.socket;
    socket.pause();
    socket.off('data', this.#onData);
    socket.off('end', this.#onEnd);
    socket.off('close', this.#onEnd);
    socket.off('error', this.#onError);
  }

  #close(reason: RtmpCloseReason): void {
    if (this.#done) {
      return;
    }
    this.#detach();
    this.#o.socket.destroy();
    this.#o.logger.info(
      { code: reason.code, bytesReceived: this.#bytesReceived },
      `closed: ${reason.code}: ${reason.message}`,
    );
    this.#o.onClose(reason);
  }
}
