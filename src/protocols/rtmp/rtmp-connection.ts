import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { decodeAmf0 } from '../../formats/amf0/amf0-decoder.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { splitAggregate } from './aggregate.js';
import { CHUNK_LIMIT_CODES, ChunkReader } from './chunk-reader.js';
import { ChunkWriter } from './chunk-writer.js';
import { amfBody, decodeCommand } from './command.js';
import { ServerHandshake } from './handshake.js';
import type { RtmpResume } from './rtmp-door.js';
import {
  PeerBandwidthLimit,
  acknowledgementBody,
  decodeUserControl,
  readControlU32,
  setChunkSizeBody,
  setPeerBandwidthBody,
  userControlBody,
  windowAckSizeBody,
  type RtmpMessage,
} from './message.js';
import { ChunkStreamId, RtmpMessageType, UserControlEvent } from './message-type.js';
import type {
  RtmpCloseReason,
  RtmpConnectionOptions,
  RtmpConnectionStats,
  RtmpServerHandler,
  RtmpSocket,
} from './rtmp-connection-types.js';
import { resolveRtmpLimits, type RtmpLimits } from './rtmp-limits.js';
import { ServerCommands, type CommandTransport } from './server-commands.js';

/**
 * Window acknowledgement size and peer bandwidth Inlet announces after `connect` (§5.4.4, §5.4.5):
 * 2.5 MB, what Flash Media Server sends; encoders ack at most every 2.5 MB.
 */
const SERVER_WINDOW = 2_500_000;
/** Outgoing chunk size announced after `connect`: fewer chunk headers than the default 128. */
const SERVER_CHUNK_SIZE = 4096;
/** How long a connection that was told to close may take to flush its last answer. */
const CLOSE_GRACE_MS = 2_000;
/** Most bytes after the handshake a recording connection keeps for `detach` (commands, not media). */
const MAX_RECORDED_BYTES = 64 * 1024;

/**
 * `RtmpConnection` is the server side of one RTMP (or RTMPS) connection: handshake, chunk stream,
 * protocol control, the publish command flow and delivery of the accepted stream's media and data to
 * the {@link RtmpServerHandler}. A protocol fault, exceeded limit or timeout closes only this connection:
 * `onClose` is called exactly once and "closed: <code>" is logged once; nothing is thrown out of socket
 * event handlers.
 */
export class RtmpConnection {
  #socket: RtmpSocket;
  #logger: Logger;
  #limits: RtmpLimits;
  #handler: RtmpServerHandler;
  #handshake: ServerHandshake | undefined = new ServerHandshake();
  #reader: ChunkReader;
  #writer = new ChunkWriter();
  #commands: ServerCommands;
  #closed = false;
  #bytesReceived = 0;
  #messagesReceived = 0;
  #mediaIgnored = 0;
  #malformedData = 0;
  #malformedAggregates = 0;
  #peerWindow = 0;
  #lastAck = 0;
  /** Copies of the bytes after the handshake (`record`), until `detach` or 64 KiB. */
  #recorded: Uint8Array[] | undefined;
  #recordedBytes = 0;
  /** Bytes written after the handshake. */
  #answeredBytes = 0;
  /** Answer bytes still to drop (`resume.answeredBytes`): a detached reader sent them already. */
  #mute = 0;
  #handshakeTimer: NodeJS.Timeout;
  /** The socket listeners, kept to remove them on `detach`. */
  readonly #listeners = {
    data: (chunk: Buffer): void => this.#onData(chunk),
    end: (): void => this.#finish({ code: 'client-closed', message: 'peer ended the connection' }),
    close: (): void => this.#finish({ code: 'client-closed', message: 'connection closed' }),
    // A reset is how many encoders hang up (ffmpeg over TLS does): the client closed, not a fault.
    error: (e: NodeJS.ErrnoException): void =>
      this.#finish({
        code: e.code === 'ECONNRESET' || e.code === 'EPIPE' ? 'client-closed' : 'socket-error',
        message: e.message,
      }),
  };
  #idleTimer: NodeJS.Timeout;

  constructor(options: RtmpConnectionOptions) {
    this.#socket = options.socket;
    this.#logger = options.logger;
    this.#limits = resolveRtmpLimits(options.limits);
    this.#handler = options.handler;
    this.#recorded = options.record === true ? [] : undefined;
    this.#reader = new ChunkReader({
      maxMessageSize: this.#limits.maxMessageSize,
      maxChunkStreams: this.#limits.maxChunkStreams,
      maxBufferedBytes: this.#limits.maxBufferedBytes,
      transientInput: options.transientReads ?? false,
      onMessage: (m) => this.#onMessage(m),
    });
    const transport: CommandTransport = {
      sendCommand: (streamId, payload) =>
        this.#send({
          csid: ChunkStreamId.command,
          typeId: RtmpMessageType.commandAmf0,
          streamId,
          timestamp: 0,
          payload,
        }),
      sendConnectPreamble: () => this.#sendConnectPreamble(),
      sendStreamBegin: (streamId) =>
        this.#sendControl(
          RtmpMessageType.userControl,
          userControlBody(UserControlEvent.streamBegin, streamId),
        ),
      closeAfterFlush: (reason) => this.#finish(reason, true),
      fail: (e) => this.#fail(e),
      isClosed: () => this.#closed,
    };
    this.#commands = new ServerCommands({ transport, handler: this.#handler, logger: this.#logger });
    this.#handshakeTimer = setTimeout(
      () =>
        this.#finish({
          code: 'handshake-timeout',
          message: `no handshake within ${this.#limits.handshakeTimeoutMs} ms`,
        }),
      this.#limits.handshakeTimeoutMs,
    ).unref();
    this.#idleTimer = setTimeout(
      () =>
        this.#finish({
          code: 'idle-timeout',
          message: `nothing received for ${this.#limits.idleTimeoutMs} ms`,
        }),
      this.#limits.idleTimeoutMs,
    ).unref();
    // Answers are small and latency matters more than packet count (nginx-rtmp sets tcp_nodelay too);
    // the writes of one read are batched with cork/uncork instead.
    (this.#socket as Partial<Pick<Socket, 'setNoDelay'>>).setNoDelay?.(true);
    this.#socket.on('data', this.#listeners.data);
    this.#socket.on('end', this.#listeners.end);
    this.#socket.on('close', this.#listeners.close);
    this.#socket.on('error', this.#listeners.error);
    this.#logger.info({ remoteAddress: this.remoteAddress, remotePort: this.remotePort }, 'opened');
    const resume = options.resume;
    if (resume !== undefined) {
      this.#handshake = undefined;
      clearTimeout(this.#handshakeTimer);
      this.#bytesReceived = resume.bytesReceived;
      this.#mute = resume.answeredBytes ?? 0;
      // After the caller has kept its reference to this connection: the data may close it at once.
      // The door paused the socket; what it buffered since comes after the resumed bytes.
      queueMicrotask(() => {
        this.#onData(resume.data, false);
        this.#socket.resume();
      });
    }
  }

  /** Peer address, as the socket reported it when the connection was opened. */
  get remoteAddress(): string | undefined {
    return this.#socket.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.#socket.remotePort;
  }

  /** Total bytes received, handshake included. */
  get bytesReceived(): number {
    return this.#bytesReceived;
  }

  /** Messages reassembled from the chunk stream (aggregates count once). */
  get messagesReceived(): number {
    return this.#messagesReceived;
  }

  /** Bytes held for partly received messages and headers (bounded by `maxBufferedBytes`). */
  get bufferedBytes(): number {
    return this.#reader.bufferedBytes;
  }

  /** Whether the connection has ended. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Counters of this connection. */
  get stats(): RtmpConnectionStats {
    return {
      bytesReceived: this.#bytesReceived,
      messagesReceived: this.#messagesReceived,
      mediaIgnored: this.#mediaIgnored,
      malformedData: this.#malformedData,
      malformedAggregates: this.#malformedAggregates,
    };
  }

  /** `close` ends the connection (idempotent) and destroys the socket; default reason `server-closed`. */
  close(reason: RtmpCloseReason = { code: 'server-closed', message: 'closed by server' }): void {
    this.#finish(reason);
  }

  #onData(chunk: Uint8Array, count = true): void {
    if (this.#closed) {
      return;
    }
    if (count) {
      this.#bytesReceived += chunk.byteLength;
    }
    this.#idleTimer.refresh();
    this.#socket.cork();
    try {
      let data: Uint8Array | undefined = chunk;
      if (this.#handshake !== undefined) {
        const step = this.#handshake.feed(chunk);
        if (step.send !== undefined) {
          this.#write(step.send);
        }
        if (!step.done) {
          return;
        }
        this.#logger.debug({ mode: this.#handshake.mode }, 'handshake done');
        this.#handshake = undefined;
        clearTimeout(this.#handshakeTimer);
        data = step.rest;
      }
      if (data !== undefined && data.byteLength > 0) {
        this.#record(data);
        this.#reader.feed(data);
      }
      if (this.#peerWindow > 0 && this.#bytesReceived - this.#lastAck >= this.#peerWindow && !this.#closed) {
        this.#lastAck = this.#bytesReceived;
        this.#sendControl(RtmpMessageType.acknowledgement, acknowledgementBody(this.#bytesReceived));
      }
    } catch (e) {
      this.#fail(e);
    } finally {
      this.#socket.uncork();
    }
  }

  #record(data: Uint8Array): void {
    const recorded = this.#recorded;
    if (recorded === undefined) {
      return;
    }
    this.#recordedBytes += data.byteLength;
    if (this.#recordedBytes > MAX_RECORDED_BYTES) {
      // Media is flowing: nothing will be handed on any more.
      this.#recorded = undefined;
      return;
    }
    recorded.push(Uint8Array.prototype.slice.call(data));
  }

  /**
   * `detach` hands the connection on, from inside a handler callback (e.g. `onPublish`, once the stream
   * name tells who should serve it): the connection stops reading and answering, removes its listeners
   * and timers without closing the socket or calling `onClose`, and returns where a connection made with
   * `resume` (in this or another process) goes on: every byte after the handshake, read again, with the
   * answers already sent muted. Needs `record`; throws when the recording was given up (64 KiB).
   */
  detach(): RtmpResume {
    const recorded = this.#recorded;
    if (recorded === undefined || this.#closed) {
      throw new Error('this RTMP connection cannot be detached (not recording, or closed)');
    }
    this.#closed = true;
    clearTimeout(this.#handshakeTimer);
    clearTimeout(this.#idleTimer);
    this.#socket.pause();
    this.#socket.off('data', this.#listeners.data);
    this.#socket.off('end', this.#listeners.end);
    this.#socket.off('close', this.#listeners.close);
    this.#socket.off('error', this.#listeners.error);
    this.#socket.on('error', () => undefined);
    const data = recorded.length === 1 ? (recorded[0] as Uint8Array) : Buffer.concat(recorded);
    return { bytesReceived: this.#bytesReceived, data, answeredBytes: this.#answeredBytes };
  }

  #fail(e: unknown): void {
    if (e instanceof MediaFormatError) {
      const code = CHUNK_LIMIT_CODES.has(e.code) ? 'limit-exceeded' : 'protocol-error';
      this.#finish({ code, message: e.message });
    } else {
      this.#logger.error({ err: e }, 'handler or internal error');
      this.#finish({
        code: 'server-closed',
        message: `internal error: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }

  #onMessage(msg: RtmpMessage): void {
    if (this.#closed) {
      return;
    }
    this.#messagesReceived++;
    switch (msg.typeId) {
      case RtmpMessageType.audio:
      case RtmpMessageType.video:
        return this.#onMedia(msg);
      case RtmpMessageType.dataAmf0:
      case RtmpMessageType.dataAmf3:
        return this.#onDataMessage(msg);
      case RtmpMessageType.commandAmf0:
      case RtmpMessageType.commandAmf3:
        return this.#commands.handle(decodeCommand(msg.typeId, msg.payload), msg.streamId);
      case RtmpMessageType.aggregate:
        return this.#onAggregate(msg);
      case RtmpMessageType.windowAckSize:
        this.#peerWindow = readControlU32(msg.payload, 'window acknowledgement size');
        return;
      case RtmpMessageType.userControl: {
        const uc = decodeUserControl(msg.payload);
        if (uc.event === UserControlEvent.pingRequest && uc.value !== undefined) {
          this.#sendControl(
            RtmpMessageType.userControl,
            userControlBody(UserControlEvent.pingResponse, uc.value),
          );
        }
        return;
      }
      default:
        // Set Chunk Size and Abort were applied by the reader; acknowledgements, peer bandwidth and shared
        // objects need no action.
        return;
    }
  }

  #onMedia(msg: RtmpMessage): void {
    const streamId = this.#commands.deliverTo(msg.streamId);
    if (streamId === undefined) {
      this.#mediaIgnored++;
      return;
    }
    this.#handler.onMedia({
      streamId,
      kind: msg.typeId === RtmpMessageType.audio ? 'audio' : 'video',
      timestamp: msg.timestamp,
      payload: msg.payload,
    });
  }

  #onDataMessage(msg: RtmpMessage): void {
    const streamId = this.#commands.deliverTo(msg.streamId);
    if (streamId === undefined) {
      this.#mediaIgnored++;
      return;
    }
    let values;
    try {
      values = decodeAmf0(amfBody(msg.typeId, msg.payload));
    } catch (e) {
      if (!(e instanceof MediaFormatError)) {
        throw e;
      }
      this.#malformedData++;
      this.#logger.debug({ err: e.message }, 'malformed data message ignored');
      return;
    }
    this.#handler.onData({ streamId, timestamp: msg.timestamp, values });
  }

  #onAggregate(msg: RtmpMessage): void {
    try {
      splitAggregate(msg, (sub) => {
        if (sub.typeId === RtmpMessageType.dataAmf0) {
          this.#onDataMessage(sub);
        } else {
          this.#onMedia(sub);
        }
      });
    } catch (e) {
      if (!(e instanceof MediaFormatError)) {
        throw e;
      }
      this.#malformedAggregates++;
      this.#logger.debug({ err: e.message }, 'malformed aggregate message: rest ignored');
    }
  }

  #sendConnectPreamble(): void {
    this.#sendControl(RtmpMessageType.windowAckSize, windowAckSizeBody(SERVER_WINDOW));
    this.#sendControl(
      RtmpMessageType.setPeerBandwidth,
      setPeerBandwidthBody(SERVER_WINDOW, PeerBandwidthLimit.dynamic),
    );
    this.#sendControl(RtmpMessageType.setChunkSize, setChunkSizeBody(SERVER_CHUNK_SIZE));
    this.#writer.setChunkSize(SERVER_CHUNK_SIZE);
  }

  /** Protocol control and user control messages go on chunk stream 2, message stream 0 (§5.4). */
  #sendControl(typeId: number, payload: Uint8Array): void {
    this.#send({ csid: ChunkStreamId.control, typeId, streamId: 0, timestamp: 0, payload });
  }

  #send(msg: RtmpMessage): void {
    if (!this.#closed) {
      this.#write(this.#writer.encode(msg));
    }
  }

  #write(bytes: Uint8Array): void {
    if (this.#closed) {
      return;
    }
    if (this.#handshake === undefined) {
      this.#answeredBytes += bytes.byteLength;
    }
    let out = bytes;
    if (this.#mute > 0) {
      const muted = Math.min(this.#mute, out.byteLength);
      this.#mute -= muted;
      out = out.subarray(muted);
      if (out.byteLength === 0) {
        return;
      }
    }
    this.#socket.write(out);
    // Answers are small; a peer that lets them pile up is not reading at all.
    if (this.#socket.writableLength > this.#limits.maxBufferedBytes) {
      this.#finish({
        code: 'limit-exceeded',
        message: `peer is not reading: ${this.#socket.writableLength} bytes queued`,
      });
    }
  }

  #finish(reason: RtmpCloseReason, graceful = false): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    clearTimeout(this.#handshakeTimer);
    clearTimeout(this.#idleTimer);
    if (graceful) {
      this.#socket.end();
      const t = setTimeout(() => this.#socket.destroy(), CLOSE_GRACE_MS).unref();
      this.#socket.once('close', () => clearTimeout(t));
    } else {
      this.#socket.destroy();
    }
    this.#logger.info(
      { code: reason.code, bytesReceived: this.#bytesReceived, messagesReceived: this.#messagesReceived },
      `closed: ${reason.code}: ${reason.message}`,
    );
    try {
      this.#handler.onClose(reason);
    } catch (e) {
      this.#logger.error({ err: e }, 'onClose handler failed');
    }
  }
}
