import { connect, type Socket } from 'node:net';
import type { Amf0Value } from '../../../formats/amf0/amf0-value.js';
import { ChunkReader } from '../chunk-reader.js';
import { ChunkWriter } from '../chunk-writer.js';
import { decodeCommand, encodeCommand, type RtmpCommand } from '../command.js';
import { ClientHandshake } from '../handshake.js';
import type { RtmpMessage } from '../message.js';
import { ChunkStreamId, RtmpMessageType } from '../message-type.js';

/**
 * `RawRtmpClient` is a test client that does the plain handshake and then lets a test send any message
 * (or raw bytes) and inspect every message the server sent.
 */
export class RawRtmpClient {
  readonly socket: Socket;
  readonly writer = new ChunkWriter();
  readonly received: RtmpMessage[] = [];
  readonly closed: Promise<void>;
  #reader = new ChunkReader({
    maxMessageSize: 1 << 24,
    maxChunkStreams: 1000,
    maxBufferedBytes: 1 << 26,
    onMessage: (m) => {
      this.received.push(m);
      this.#notify();
    },
  });
  #listeners = new Set<() => void>();

  private constructor(socket: Socket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    this.closed.then(() => this.#notify());
  }

  /** Connects to 127.0.0.1:`port` and completes the plain handshake. */
  static async connect(port: number): Promise<RawRtmpClient> {
    const socket = connect({ host: '127.0.0.1', port });
    const c = new RawRtmpClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const hs = new ClientHandshake();
    socket.write(hs.hello());
    await new Promise<void>((resolve) => {
      const onData = (b: Buffer): void => {
        const step = hs.feed(b);
        if (step.send !== undefined) {
          socket.write(step.send);
        }
        if (step.done) {
          socket.off('data', onData);
          socket.on('data', (d: Buffer) => c.#reader.feed(d));
          if (step.rest !== undefined) {
            c.#reader.feed(step.rest);
          }
          resolve();
        }
      };
      socket.on('data', onData);
    });
    return c;
  }

  #notify(): void {
    for (const l of this.#listeners) {
      l();
    }
  }

  /** Sends one message through the client's chunk writer. */
  send(msg: Partial<RtmpMessage> & { typeId: number; payload: Uint8Array }): void {
    this.socket.write(
      this.writer.encode({
        csid: msg.csid ?? ChunkStreamId.command,
        typeId: msg.typeId,
        streamId: msg.streamId ?? 0,
        timestamp: msg.timestamp ?? 0,
        payload: msg.payload,
      }),
    );
  }

  /** Sends an AMF0 command. */
  command(streamId: number, name: string, txn: number, obj: Amf0Value, ...args: Amf0Value[]): void {
    this.send({
      typeId: RtmpMessageType.commandAmf0,
      streamId,
      payload: encodeCommand(name, txn, obj, ...args),
    });
  }

  /** Commands received so far, decoded. */
  commands(): RtmpCommand[] {
    return this.received
      .filter((m) => m.typeId === RtmpMessageType.commandAmf0)
      .map((m) => decodeCommand(m.typeId, m.payload));
  }

  /** Waits until `pred` holds (checked on every message, on close and every 5 ms), or fails after `timeoutMs`. */
  async until(pred: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
    if (pred()) {
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => {
        stop();
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      // Conditions on server-side state change without a message to this client: poll as well.
      const poll = setInterval(() => check(), 5);
      const stop = (): void => {
        clearTimeout(t);
        clearInterval(poll);
        this.#listeners.delete(check);
      };
      const check = (): void => {
        if (pred()) {
          stop();
          resolve();
        }
      };
      this.#listeners.add(check);
    });
  }

  /** Runs connect, createStream and publish; resolves with the stream id once onStatus arrives. */
  async publish(app: string, name: string): Promise<{ streamId: number; status: Amf0Value }> {
    this.command(0, 'connect', 1, { app, tcUrl: `rtmp://127.0.0.1/${app}` });
    await this.until(() => this.commands().some((c) => c.transactionId === 1), 'connect answer');
    this.command(0, 'createStream', 2, null);
    await this.until(() => this.commands().some((c) => c.transactionId === 2), 'createStream answer');
    const created = this.commands().find((c) => c.transactionId === 2);
    const streamId = typeof created?.args[0] === 'number' ? created.args[0] : 0;
    this.command(streamId, 'publish', 3, null, name, 'live');
    await this.until(() => this.commands().some((c) => c.name === 'onStatus'), 'publish status');
    return { streamId, status: this.commands().find((c) => c.name === 'onStatus')?.args[0] };
  }

  destroy(): void {
    this.socket.destroy();
  }
}
