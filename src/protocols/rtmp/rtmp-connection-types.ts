import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { Amf0Object, Amf0Value } from '../../formats/amf0/amf0-value.js';
import type { RtmpLimits } from './rtmp-limits.js';
import type { RtmpResume } from './rtmp-door.js';

/** `RtmpSocket` is what {@link RtmpConnection} runs over: a `net.Socket`, a `tls.TLSSocket` or a test duplex. */
export type RtmpSocket = Duplex & {
  readonly remoteAddress?: string | undefined;
  readonly remotePort?: number | undefined;
};

/** `RtmpConnectionOptions` configures one server-side RTMP connection. */
export interface RtmpConnectionOptions {
  readonly socket: RtmpSocket;
  /** Per-connection child logger; the connection logs "opened" and "closed: <reason>" once each. */
  readonly logger: Logger;
  /** Overrides of {@link DEFAULT_RTMP_LIMITS}. */
  readonly limits?: Partial<RtmpLimits>;
  readonly handler: RtmpServerHandler;
  /**
   * The socket's `data` events are views of a buffer it reuses for the next read (a shared read buffer):
   * the connection copies every byte it keeps. Default false: a `data` chunk stays valid.
   */
  readonly transientReads?: boolean;
  /**
   * The handshake (and maybe more) was read elsewhere, by an `RtmpDoor`: the connection starts past the
   * handshake and first reads `resume.data`, as if it had just arrived.
   */
  readonly resume?: RtmpResume;
  /**
   * Keep a copy of every byte after the handshake (at most 64 KiB), so that `detach` can hand the
   * connection on before any media arrives.
   */
  readonly record?: boolean;
}

/** `PublishRequest` is a `publish` command after `connect` and `createStream` (RTMP Specification 1.0, §7.2.2.6). */
export interface PublishRequest {
  /** `app` from the connect command object (e.g. `live/<token>`), as sent. */
  readonly app: string;
  readonly tcUrl: string | undefined;
  /** The publishing name, raw: it may carry a `?query`. */
  readonly streamName: string;
  /** Publishing type: `live`, `record` or `append` (encoders send `live`). */
  readonly publishType: string;
  /** Message stream id the media will arrive on. */
  readonly streamId: number;
  /** The connect command object. */
  readonly connect: Amf0Object;
}

/**
 * `PublishDecision` is the handler's answer to a publish. A refusal is sent as an `onStatus` error with
 * `code` and `description`; the connection is then closed unless `closeConnection` is false.
 */
export type PublishDecision =
  | { readonly accept: true }
  | {
      readonly accept: false;
      readonly code: string;
      readonly description: string;
      readonly closeConnection?: boolean;
    };

/** `ConnectDecision` is the optional early answer to `connect` (`NetConnection.Connect.Rejected`). */
export type ConnectDecision =
  { readonly accept: true } | { readonly accept: false; readonly description: string };

/** `RtmpMediaMessage` is an audio or video message of an accepted publish: an FLV tag body. */
export interface RtmpMediaMessage {
  readonly streamId: number;
  readonly kind: 'audio' | 'video';
  /** 32-bit milliseconds as the peer sent them (after deltas and extended timestamps; wraps at 2^32). */
  readonly timestamp: number;
  /** The FLV AUDIODATA/VIDEODATA body; a view that stays valid (never reused). Copy to keep it long. */
  readonly payload: Uint8Array;
}

/** `RtmpDataMessage` is a data message (type 18, or 15 without its leading 0 byte) of an accepted publish. */
export interface RtmpDataMessage {
  readonly streamId: number;
  readonly timestamp: number;
  /** The AMF0 values, e.g. `['@setDataFrame', 'onMetaData', {...}]`. */
  readonly values: Amf0Value[];
}

/** `RtmpCloseCode` says why a connection ended. */
export type RtmpCloseCode =
  | 'client-closed'
  | 'idle-timeout'
  | 'handshake-timeout'
  | 'protocol-error'
  | 'limit-exceeded'
  | 'server-closed'
  | 'socket-error';

/** `RtmpCloseReason` is the close code with a human-readable message. */
export interface RtmpCloseReason {
  readonly code: RtmpCloseCode;
  readonly message: string;
}

/** `UnpublishReason` is the command that ended a publish. */
export type UnpublishReason = 'FCUnpublish' | 'deleteStream' | 'closeStream';

/**
 * `RtmpServerHandler` is what the ingest layer plugs into a connection. Callbacks run synchronously on
 * the socket's event loop turn; an exception thrown by one closes that connection (`server-closed`).
 */
export interface RtmpServerHandler {
  /** Optional early check of `connect`; a refusal answers `NetConnection.Connect.Rejected` and closes. */
  onConnect?(app: string, connect: Amf0Object): ConnectDecision;
  /** Decides a publish; `NetStream.Publish.Start` is sent only after an accept. */
  onPublish(req: PublishRequest): PublishDecision | Promise<PublishDecision>;
  /** Audio/video of the accepted stream, in arrival order. */
  onMedia(msg: RtmpMediaMessage): void;
  /** Data messages (metadata) of the accepted stream. */
  onData(msg: RtmpDataMessage): void;
  /** The accepted publish ended by command (once per publish). A dropped connection only calls onClose. */
  onUnpublish(streamId: number, reason: UnpublishReason): void;
  /** The connection ended; called exactly once. */
  onClose(reason: RtmpCloseReason): void;
}

/** `RtmpConnectionStats` are the counters of one connection. */
export interface RtmpConnectionStats {
  readonly bytesReceived: number;
  readonly messagesReceived: number;
  /** Audio/video/data messages dropped because no publish was accepted on their stream. */
  readonly mediaIgnored: number;
  /** Data messages whose AMF could not be decoded. */
  readonly malformedData: number;
  /** Aggregate messages that could not be split completely. */
  readonly malformedAggregates: number;
}
