import type { Logger } from 'pino';
import type { Amf0Object } from '../../formats/amf0/amf0-value.js';
import {
  commandObject,
  connectRejected,
  connectResult,
  errorMessage,
  numberArg,
  onBWDoneMessage,
  onFCPublishMessage,
  onFCUnpublishMessage,
  onStatusMessage,
  resultMessage,
  stringArg,
  type RtmpCommand,
} from './command.js';
import { NetStatusCode, statusInfo } from './net-status.js';
import type {
  PublishDecision,
  PublishRequest,
  RtmpCloseReason,
  RtmpServerHandler,
  UnpublishReason,
} from './rtmp-connection-types.js';

/** `CommandTransport` is what {@link ServerCommands} needs from the connection that owns it. */
export interface CommandTransport {
  /** Sends an AMF0 command payload on message stream `streamId`. */
  sendCommand(streamId: number, payload: Uint8Array): void;
  /** Sends Window Ack Size, Set Peer Bandwidth and Set Chunk Size, as servers do after `connect`. */
  sendConnectPreamble(): void;
  /** Sends User Control StreamBegin for `streamId`. */
  sendStreamBegin(streamId: number): void;
  /** Ends the connection after the queued bytes are sent. */
  closeAfterFlush(reason: RtmpCloseReason): void;
  /** Closes the connection for an error raised outside the socket handlers (an async decision). */
  fail(e: unknown): void;
  isClosed(): boolean;
}

/** Streams one connection may create: encoders create one; this bounds the bookkeeping. */
const MAX_STREAMS = 16;

interface Publish {
  readonly name: string;
  accepted: boolean;
}

/**
 * `ServerCommands` runs the server side of the NetConnection/NetStream command flow encoders use (RTMP
 * Specification 1.0, §7.2): `connect`, `releaseStream`, `FCPublish`, `createStream`, `publish`,
 * `FCUnpublish`, `deleteStream`, `closeStream`, plus `_checkbw` and `getStreamLength`. Unknown commands
 * with a transaction id get an `_error`, without one they are ignored; none is fatal. It decides which
 * message stream's media may be delivered: only a stream whose publish the handler accepted.
 */
export class ServerCommands {
  #transport: CommandTransport;
  #handler: RtmpServerHandler;
  #logger: Logger;
  #connect: Amf0Object | undefined;
  #app = '';
  #streams = new Set<number>();
  #nextStreamId = 1;
  #publishes = new Map<number, Publish>();
  #accepted = 0;
  #acceptedId = 0;

  constructor(options: { transport: CommandTransport; handler: RtmpServerHandler; logger: Logger }) {
    this.#transport = options.transport;
    this.#handler = options.handler;
    this.#logger = options.logger;
  }

  /**
   * `deliverTo` maps a media/data message's stream id to the accepted stream it belongs to, or undefined
   * when it must be ignored. Media on message stream 0 is attributed to the accepted stream when there is
   * exactly one: node-media-server's relay client sends media that way.
   */
  deliverTo(streamId: number): number | undefined {
    if (this.#accepted === 0) {
      return undefined;
    }
    if (streamId === 0 && this.#accepted === 1) {
      return this.#acceptedId;
    }
    return this.#publishes.get(streamId)?.accepted === true ? streamId : undefined;
  }

  /** `handle` runs one command received on message stream `streamId`. */
  handle(cmd: RtmpCommand, streamId: number): void {
    const txn = cmd.transactionId;
    switch (cmd.name) {
      case 'connect':
        return this.#onConnect(cmd);
      case 'releaseStream':
      case '_checkbw':
        return this.#answer(streamId, txn, undefined);
      case 'getStreamLength':
        return this.#answer(streamId, txn, 0);
      case 'FCPublish':
        this.#transport.sendCommand(streamId, onFCPublishMessage(stringArg(cmd, 0) ?? ''));
        return this.#answer(streamId, txn, undefined);
      case 'createStream':
        return this.#onCreateStream(txn);
      case 'publish':
        return this.#onPublish(cmd, streamId);
      case 'FCUnpublish':
        this.#onFCUnpublish(stringArg(cmd, 0));
        return this.#answer(streamId, txn, undefined);
      case 'deleteStream':
        return this.#onDeleteStream(numberArg(cmd, 0) ?? streamId);
      case 'closeStream':
        return this.#unpublish(streamId, 'closeStream');
      case 'play':
        this.#transport.sendCommand(
          streamId,
          onStatusMessage(statusInfo('error', NetStatusCode.playFailed, 'playback is not supported')),
        );
        return;
      case '_result':
      case '_error':
      case 'onStatus':
      case 'onBWDone':
        return;
      default:
        this.#logger.debug({ command: cmd.name, transactionId: txn }, 'unknown command');
        if (txn > 0) {
          this.#transport.sendCommand(
            streamId,
            errorMessage(
              txn,
              statusInfo('error', NetStatusCode.callFailed, `command ${cmd.name} is not supported`),
            ),
          );
        }
    }
  }

  /** Answers a call that expects a `_result` (transaction id > 0), on the message stream of the call. */
  #answer(streamId: number, txn: number, value: Amf0Object[string]): void {
    if (txn > 0) {
      this.#transport.sendCommand(streamId, resultMessage(txn, value));
    }
  }

  #onConnect(cmd: RtmpCommand): void {
    if (this.#connect !== undefined) {
      this.#logger.debug('second connect ignored');
      return;
    }
    const obj = commandObject(cmd) ?? {};
    const app = typeof obj['app'] === 'string' ? obj['app'] : '';
    const decision = this.#handler.onConnect?.(app, obj) ?? { accept: true };
    if (!decision.accept) {
      this.#transport.sendCommand(0, connectRejected(cmd.transactionId, decision.description));
      this.#transport.closeAfterFlush({
        code: 'server-closed',
        message: `connect rejected: ${decision.description}`,
      });
      return;
    }
    this.#connect = obj;
    this.#app = app;
    const encoding = typeof obj['objectEncoding'] === 'number' ? obj['objectEncoding'] : 0;
    this.#transport.sendConnectPreamble();
    this.#transport.sendCommand(0, connectResult(cmd.transactionId, encoding));
    this.#transport.sendCommand(0, onBWDoneMessage());
    this.#logger.debug({ app }, 'connect accepted');
  }

  #onCreateStream(txn: number): void {
    if (this.#streams.size >= MAX_STREAMS) {
      this.#transport.sendCommand(
        0,
        errorMessage(txn, statusInfo('error', NetStatusCode.callFailed, `more than ${MAX_STREAMS} streams`)),
      );
      return;
    }
    const id = this.#nextStreamId++;
    this.#streams.add(id);
    this.#answer(0, txn, id);
  }

  /**
   * An empty publish name is passed on: some encoders put the whole stream path into the `app` and
   * publish with an empty name; the handler decides.
   */
  #onPublish(cmd: RtmpCommand, streamId: number): void {
    const name = stringArg(cmd, 0) ?? '';
    const refusal =
      this.#connect === undefined
        ? 'publish before connect'
        : !this.#streams.has(streamId)
          ? `publish on stream ${streamId}, which was not created`
          : this.#publishes.has(streamId)
            ? `stream ${streamId} is already publishing`
            : undefined;
    if (refusal !== undefined || this.#connect === undefined) {
      this.#refuse(streamId, name, {
        accept: false,
        code: NetStatusCode.publishBadName,
        description: refusal ?? '',
      });
      return;
    }
    const entry: Publish = { name, accepted: false };
    this.#publishes.set(streamId, entry);
    const req: PublishRequest = {
      app: this.#app,
      tcUrl: typeof this.#connect['tcUrl'] === 'string' ? this.#connect['tcUrl'] : undefined,
      streamName: name,
      publishType: stringArg(cmd, 1) ?? 'live',
      streamId,
      connect: this.#connect,
    };
    const decision = this.#handler.onPublish(req);
    if (decision instanceof Promise) {
      decision
        .then(
          (d) => this.#decided(streamId, entry, d),
          (e: unknown) => {
            this.#logger.error({ err: e }, 'publish handler failed');
            this.#decided(streamId, entry, {
              accept: false,
              code: NetStatusCode.publishFailed,
              description: 'internal error',
            });
          },
        )
        .catch((e: unknown) => this.#transport.fail(e));
    } else {
      this.#decided(streamId, entry, decision);
    }
  }

  /** Applies the handler's decision, unless the publish ended or the connection closed meanwhile. */
  #decided(streamId: number, entry: Publish, d: PublishDecision): void {
    if (this.#transport.isClosed() || this.#publishes.get(streamId) !== entry) {
      return;
    }
    if (!d.accept) {
      this.#publishes.delete(streamId);
      this.#refuse(streamId, entry.name, d);
      return;
    }
    entry.accepted = true;
    this.#accepted++;
    this.#acceptedId = streamId;
    this.#transport.sendStreamBegin(streamId);
    this.#transport.sendCommand(
      streamId,
      onStatusMessage(
        statusInfo('status', NetStatusCode.publishStart, `${entry.name} is now published.`, {
          details: entry.name,
        }),
      ),
    );
    this.#logger.info({ streamName: entry.name, streamId }, 'publish accepted');
  }

  #refuse(streamId: number, name: string, d: Extract<PublishDecision, { accept: false }>): void {
    this.#transport.sendCommand(streamId, onStatusMessage(statusInfo('error', d.code, d.description)));
    this.#logger.info(
      { streamName: name, streamId, code: d.code, description: d.description },
      'publish rejected',
    );
    if (d.closeConnection !== false) {
      this.#transport.closeAfterFlush({
        code: 'server-closed',
        message: `publish rejected: ${d.code}: ${d.description}`,
      });
    }
  }

  #onFCUnpublish(name: string | undefined): void {
    for (const [id, p] of this.#publishes) {
      if (name === undefined || p.name === name || this.#publishes.size === 1) {
        this.#transport.sendCommand(0, onFCUnpublishMessage(p.name));
        this.#unpublish(id, 'FCUnpublish');
        return;
      }
    }
  }

  #onDeleteStream(streamId: number): void {
    this.#unpublish(streamId, 'deleteStream');
    this.#streams.delete(streamId);
  }

  #unpublish(streamId: number, reason: UnpublishReason): void {
    const p = this.#publishes.get(streamId);
    if (p === undefined) {
      return;
    }
    this.#publishes.delete(streamId);
    if (!p.accepted) {
      return;
    }
    this.#accepted--;
    if (this.#accepted === 1) {
      for (const [id, q] of this.#publishes) {
        if (q.accepted) {
          this.#acceptedId = id;
        }
      }
    }
    this.#transport.sendCommand(
      streamId,
      onStatusMessage(
        statusInfo('status', NetStatusCode.unpublishSuccess, `${p.name} is now unpublished.`, {
          details: p.name,
        }),
      ),
    );
    this.#logger.info({ streamName: p.name, streamId, reason }, 'unpublished');
    this.#handler.onUnpublish(streamId, reason);
  }
}
