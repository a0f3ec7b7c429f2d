import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { encodeAmf0 } from '../../formats/amf0/amf0-encoder.js';
import { isAmf0Object, type Amf0Value } from '../../formats/amf0/amf0-value.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { ChunkReader } from './chunk-reader.js';
import { ChunkWriter } from './chunk-writer.js';
import { decodeCommand, encodeCommand, type RtmpCommand } from './command.js';
import { ClientHandshake } from './handshake.js';
import {
  acknowledgementBody,
  decodeUserControl,
  readControlU32,
  setChunkSizeBody,
  userControlBody,
  type RtmpMessage,
} from './message.js';
import { ChunkStreamId, RtmpMessageType, UserControlEvent } from './message-type.js';
import { NetStatusCode, RtmpStatusError } from './net-status.js';
import { parseRtmpUrl } from './rtmp-url.js';

/** `RtmpPublisherOptions` configures {@link RtmpPublisher.connect}. */
export interface RtmpPublisherOptions {
  /** `rtmp[s]://host[:port]/app[/stream]`; see {@link parseRtmpUrl}. */
  readonly url: string;
  /** Stream name (key). When given, the whole URL path is the app; otherwise the URL carries it. */
  readonly streamName?: string;
  /** TLS options for `rtmps://`: trusted CAs, and whether to verify the certificate (default true). */
  readonly tls?: { readonly ca?: ConnectionOptions['ca']; readonly rejectUnauthorized?: boolean };
  readonly logger?: Logger;
  /**
   * Outgoing chunk size, announced right after the handshake. Default: 4096 with `wire: 'message'`; with
   * `wire: 'ffmpeg'`, none: the publisher sends in 128-byte chunks until the server's Set Chunk Size
   * arrives, then sends the same Set Chunk Size back and uses that size, as ffmpeg does.
   */
  readonly chunkSize?: number;
  /**
   * How messages go on the wire. `message` (default): one buffer and one socket write per message, Nagle
   * off. `ffmpeg`: what ffmpeg's RTMP muxer sends (docs/BENCHMARKS.md, "Wire behaviour"): the header and
   * every chunk their own socket write ({@link ChunkWriter.write}), Nagle on (ffmpeg sets no
   * `TCP_NODELAY`), `publish` on chunk stream 8, metadata on the audio chunk stream 4, `_checkbw`
   * answering `onBWDone`, transaction ids counted on through `FCUnpublish` and `deleteStream`.
   */
  readonly wire?: 'message' | 'ffmpeg';
  /** Time allowed from TCP connect to `NetStream.Publish.Start`; default 10 s. */
  readonly timeoutMs?: number;
}

/** Limits for what a server may send to the publisher: it only ever answers with small messages. */
const CLIENT_LIMITS = { maxMessageSize: 1024 * 1024, maxChunkStreams: 64, maxBufferedBytes: 4 * 1024 * 1024 };
const DEFAULT_CHUNK_SIZE = 4096;
const DEFAULT_TIMEOUT_MS = 10_000;
/** Transaction ids of the publish sequence (FMLE numbering); ffmpeg counts `_checkbw` in before `publish`. */
const TXN = { connect: 1, releaseStream: 2, fcPublish: 3, createStream: 4, publish: 5 } as const;
/** ffmpeg's chunk stream for `publish` (`RTMP_SOURCE_CHANNEL`); its metadata goes on the audio one. */
const FFMPEG_PUBLISH_CSID = 8;

/**
 * `RtmpPublisher` publishes one stream to an RTMP server, the way FMLE and ffmpeg do: plain handshake,
 * Set Chunk Size, `connect` (with `tcUrl`), `releaseStream`, `FCPublish`, `createStream`, `publish`.
 * {@link RtmpPublisher.connect} resolves once `NetStream.Publish.Start` arrives and rejects with an
 * {@link RtmpStatusError} otherwise. Sending is cheap (one buffer and one socket write per message, or
 * with `wire: 'ffmpeg'` ffmpeg's writes of views of the payload) and reports backpressure: the `send*`
 * methods return what `socket.write` returned; wait with {@link RtmpPublisher.whenWritable} when it was
 * false. It answers pings and acknowledges the server's window.
 */
export class RtmpPublisher {
  #socket: Socket;
  #logger: Logger | undefined;
  #handshake: ClientHandshake | undefined = new ClientHandshake();
  #reader: ChunkReader;
  /** `wire: 'ffmpeg'`: ffmpeg's header rule, and messages sent in ffmpeg's pieces. */
  readonly #asFfmpeg: boolean;
  #writer: ChunkWriter;
  /** With `wire: 'ffmpeg'` and no chunk size of its own: answer the server's Set Chunk Size with it. */
  #echoChunkSize = false;
  /** Next transaction id (ffmpeg numbering). */
  #txn = 1;
  /** `onBWDone` arrived; ffmpeg answers it with `_checkbw` (after `createStream` when it came first). */
  #bwDone = false;
  #createStreamSent = false;
  #sink = (bytes: Uint8Array): boolean => this.#write(bytes);
  #pending = new Map<number, { resolve: (c: RtmpCommand) => void; reject: (e: Error) => void }>();
  #waiter: { resolve: () => void; reject: (e: Error) => void } | undefined;
  #streamName: string;
  #streamId = 0;
  #published = false;
  #closed = false;
  #bytesSent = 0;
  #bytesReceived = 0;
  #serverWindow = 0;
  #lastAck = 0;
  #lastStatus: Record<string, Amf0Value> | undefined;
  #closedPromise: Promise<void>;

  private constructor(
    socket: Socket,
    streamName: string,
    logger: Logger | undefined,
    wire: 'message' | 'ffmpeg',
    chunkSize: number | undefined,
  ) {
    this.#socket = socket;
    this.#streamName = streamName;
    this.#logger = logger;
    this.#asFfmpeg = wire === 'ffmpeg';
    this.#writer = new ChunkWriter({ headers: this.#asFfmpeg ? 'ffmpeg' : 'compact' });
    this.#echoChunkSize = this.#asFfmpeg && chunkSize === undefined;
    this.#reader = new ChunkReader({ ...CLIENT_LIMITS, onMessage: (m) => this.#onMessage(m) });
    this.#closedPromise = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (b: Buffer) => this.#onData(b));
    socket.on('close', () =>
      this.#onClosed(new RtmpStatusError('NetConnection.Connect.Closed', 'server closed the connection')),
    );
    socket.on('error', (e) =>
      this.#onClosed(new RtmpStatusError('NetConnection.Connect.Failed', e.message, { cause: e })),
    );
  }

  /** `connect` opens the connection and publishes; see {@link RtmpPublisherOptions}. */
  static async connect(options: RtmpPublisherOptions): Promise<RtmpPublisher> {
    const url = parseRtmpUrl(options.url, { streamInUrl: options.streamName === undefined });
    const streamName = options.streamName ?? url.streamName ?? '';
    const socket = url.secure
      ? tlsConnect({
          host: url.host,
          port: url.port,
          ca: options.tls?.ca,
          rejectUnauthorized: options.tls?.rejectUnauthorized ?? true,
          ...(/^[\d.]+$|:/.test(url.host) ? {} : { servername: url.host }),
        })
      : netConnect({ host: url.host, port: url.port });
    const wire = options.wire ?? 'message';
    if (wire === 'message') {
      socket.setNoDelay(true);
    }
    const p = new RtmpPublisher(socket, streamName, options.logger, wire, options.chunkSize);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(
      () =>
        p.#onClosed(
          new RtmpStatusError('NetConnection.Connect.Failed', `no publish answer within ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
    try {
      await new Promise<void>((resolve, reject) => {
        p.#waiter = { resolve, reject };
        socket.once(url.secure ? 'secureConnect' : 'connect', () => {
          if (p.#handshake !== undefined) {
            p.#write(p.#handshake.hello());
          }
        });
      });
      await p.#run(
        url.app,
        url.tcUrl,
        options.chunkSize ?? (wire === 'ffmpeg' ? undefined : DEFAULT_CHUNK_SIZE),
      );
      return p;
    } catch (e) {
      p.destroy();
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Message stream id the server gave in `createStream`. */
  get streamId(): number {
    return this.#streamId;
  }

  /** Bytes written to the socket so far (handshake included). */
  get bytesSent(): number {
    return this.#bytesSent;
  }

  /** True while the socket buffer is above its high-water mark; wait with {@link whenWritable}. */
  get writableNeedDrain(): boolean {
    return this.#socket.writableNeedDrain;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The last `onStatus` info object the server sent. */
  get lastStatus(): Record<string, Amf0Value> | undefined {
    return this.#lastStatus;
  }

  /** Resolves when the socket can take more data (at once when it can), or when it closed. */
  whenWritable(): Promise<void> {
    if (!this.#socket.writableNeedDrain || this.#closed) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        this.#socket.off('drain', done);
        this.#socket.off('close', done);
        resolve();
      };
      this.#socket.on('drain', done);
      this.#socket.on('close', done);
    });
  }

  /** Resolves when the socket has closed. */
  whenClosed(): Promise<void> {
    return this.#closedPromise;
  }

  /** Sends `@setDataFrame onMetaData <metadata>` (FLV script data, as ffmpeg and OBS send it). */
  sendMetadata(metadata: Amf0Value): boolean {
    const payload = encodeAmf0('@setDataFrame', 'onMetaData', metadata);
    const csid = this.#asFfmpeg ? ChunkStreamId.audio : ChunkStreamId.data;
    return this.#send(csid, RtmpMessageType.dataAmf0, 0, payload);
  }

  /** Sends a video message: an FLV VIDEODATA body at `timestamp` ms (32-bit). */
  sendVideo(timestamp: number, body: Uint8Array): boolean {
    return this.#send(ChunkStreamId.video, RtmpMessageType.video, timestamp, body);
  }

  /** Sends an audio message: an FLV AUDIODATA body at `timestamp` ms (32-bit). */
  sendAudio(timestamp: number, body: Uint8Array): boolean {
    return this.#send(ChunkStreamId.audio, RtmpMessageType.audio, timestamp, body);
  }

  /** Writes raw bytes, bypassing chunking (fault injection). */
  sendRaw(bytes: Uint8Array): boolean {
    return this.#write(bytes);
  }

  /** Sends `FCUnpublish` and `deleteStream`, ends the socket and resolves once it is closed. */
  async close(): Promise<void> {
    if (!this.#closed && this.#published) {
      const counted = this.#asFfmpeg;
      this.#command(0, encodeCommand('FCUnpublish', counted ? this.#txn++ : 0, null, this.#streamName));
      this.#command(0, encodeCommand('deleteStream', counted ? this.#txn++ : 0, null, this.#streamId));
    }
    this.#socket.end();
    await this.#closedPromise;
  }

  /** Destroys the socket at once. */
  destroy(): void {
    this.#socket.destroy();
  }

  async #run(app: string, tcUrl: string, chunkSize: number | undefined): Promise<void> {
    if (chunkSize !== undefined) {
      this.#control(RtmpMessageType.setChunkSize, setChunkSizeBody(chunkSize));
      this.#writer.setChunkSize(chunkSize);
    }
    const connectObject = {
      app,
      type: 'nonprivate',
      flashVer: 'FMLE/3.0 (compatible; Inlet)',
      tcUrl,
    };
    this.#txn = TXN.connect + 1;
    await this.#call(TXN.connect, encodeCommand('connect', TXN.connect, connectObject));
    this.#command(0, encodeCommand('releaseStream', this.#txn++, null, this.#streamName));
    this.#command(0, encodeCommand('FCPublish', this.#txn++, null, this.#streamName));
    const createTxn = this.#txn++;
    const creating = this.#call(createTxn, encodeCommand('createStream', createTxn, null));
    this.#createStreamSent = true;
    if (this.#bwDone) {
      this.#checkBandwidth();
    }
    const created = await creating;
    const id = created.args[0];
    if (typeof id !== 'number') {
      throw new RtmpStatusError(NetStatusCode.callFailed, 'createStream answer carries no stream id');
    }
    this.#streamId = id;
    const publishTxn = this.#txn++;
    await new Promise<void>((resolve, reject) => {
      this.#waiter = { resolve, reject };
      const payload = encodeCommand('publish', publishTxn, null, this.#streamName, 'live');
      if (this.#asFfmpeg) {
        this.#send(FFMPEG_PUBLISH_CSID, RtmpMessageType.commandAmf0, 0, payload, id);
      } else {
        this.#command(id, payload);
      }
    });
    this.#published = true;
  }

  /** ffmpeg's answer to `onBWDone` (its reply is not waited for). */
  #checkBandwidth(): void {
    this.#command(0, encodeCommand('_checkbw', this.#txn++, null));
  }

  #call(txn: number, payload: Uint8Array): Promise<RtmpCommand> {
    return new Promise((resolve, reject) => {
      this.#pending.set(txn, { resolve, reject });
      this.#command(0, payload);
    });
  }

  #onData(b: Buffer): void {
    this.#bytesReceived += b.byteLength;
    try {
      let data: Uint8Array | undefined = b;
      if (this.#handshake !== undefined) {
        const step = this.#handshake.feed(b);
        if (step.send !== undefined) {
          this.#write(step.send);
        }
        if (!step.done) {
          return;
        }
        this.#handshake = undefined;
        this.#waiter?.resolve();
        data = step.rest;
      }
      if (data !== undefined) {
        this.#reader.feed(data);
      }
      if (this.#serverWindow > 0 && this.#bytesReceived - this.#lastAck >= this.#serverWindow) {
        this.#lastAck = this.#bytesReceived;
        this.#control(RtmpMessageType.acknowledgement, acknowledgementBody(this.#bytesReceived));
      }
    } catch (e) {
      const desc = e instanceof MediaFormatError ? e.message : String(e);
      this.#onClosed(new RtmpStatusError('NetConnection.Connect.Failed', `protocol error: ${desc}`));
      this.#socket.destroy();
    }
  }

  #onMessage(m: RtmpMessage): void {
    switch (m.typeId) {
      case RtmpMessageType.windowAckSize:
        this.#serverWindow = readControlU32(m.payload, 'window acknowledgement size');
        return;
      case RtmpMessageType.setChunkSize:
        // The reader applied it to what the server sends; ffmpeg sends the same message back and uses it.
        if (this.#echoChunkSize) {
          const size = readControlU32(m.payload, 'set chunk size');
          this.#control(RtmpMessageType.setChunkSize, setChunkSizeBody(size));
          this.#writer.setChunkSize(size);
        }
        return;
      case RtmpMessageType.userControl: {
        const uc = decodeUserControl(m.payload);
        if (uc.event === UserControlEvent.pingRequest && uc.value !== undefined) {
          this.#control(
            RtmpMessageType.userControl,
            userControlBody(UserControlEvent.pingResponse, uc.value),
          );
        }
        return;
      }
      case RtmpMessageType.commandAmf0:
      case RtmpMessageType.commandAmf3:
        return this.#onCommand(decodeCommand(m.typeId, m.payload));
      default:
        return;
    }
  }

  #onCommand(cmd: RtmpCommand): void {
    const info = cmd.args[0];
    const infoObject = info !== undefined && isAmf0Object(info) ? info : {};
    const code = typeof infoObject['code'] === 'string' ? infoObject['code'] : '';
    const description = typeof infoObject['description'] === 'string' ? infoObject['description'] : '';
    if (cmd.name === '_result' || cmd.name === '_error') {
      const p = this.#pending.get(cmd.transactionId);
      this.#pending.delete(cmd.transactionId);
      if (cmd.name === '_result') {
        p?.resolve(cmd);
      } else {
        p?.reject(new RtmpStatusError(code || NetStatusCode.callFailed, description));
      }
    } else if (cmd.name === 'onBWDone' && this.#asFfmpeg && !this.#bwDone) {
      this.#bwDone = true;
      if (this.#createStreamSent) {
        this.#checkBandwidth();
      }
    } else if (cmd.name === 'onStatus') {
      this.#lastStatus = infoObject;
      this.#logger?.debug({ code, description }, 'onStatus');
      if (code === NetStatusCode.publishStart) {
        this.#waiter?.resolve();
      } else if (infoObject['level'] === 'error') {
        this.#waiter?.reject(new RtmpStatusError(code, description));
      }
    }
  }

  #onClosed(err: RtmpStatusError): void {
    this.#closed = true;
    this.#waiter?.reject(err);
    for (const p of this.#pending.values()) {
      p.reject(err);
    }
    this.#pending.clear();
  }

  #command(streamId: number, payload: Uint8Array): void {
    this.#send(ChunkStreamId.command, RtmpMessageType.commandAmf0, 0, payload, streamId);
  }

  #control(typeId: number, payload: Uint8Array): void {
    this.#send(ChunkStreamId.control, typeId, 0, payload, 0);
  }

  #send(
    csid: number,
    typeId: number,
    timestamp: number,
    payload: Uint8Array,
    streamId = this.#streamId,
  ): boolean {
    const msg = { csid, typeId, streamId, timestamp, payload };
    return this.#asFfmpeg ? this.#writer.write(msg, this.#sink) : this.#write(this.#writer.encode(msg));
  }

  #write(bytes: Uint8Array): boolean {
    if (this.#closed || this.#socket.destroyed) {
      return false;
    }
    this.#bytesSent += bytes.byteLength;
    return this.#socket.write(bytes);
  }
}
