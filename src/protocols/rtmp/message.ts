import { MediaFormatError } from '../../lib/media-format-error.js';

/**
 * `RtmpMessage` is one reassembled RTMP message (RTMP Specification 1.0, §6.1): the message header fields
 * plus its payload. `timestamp` is the 32-bit millisecond timestamp after applying deltas and extended
 * timestamps, exactly as the peer sent it (it wraps at 2^32). `payload` is owned by this message: a fresh
 * buffer or a view of received bytes that are never reused or overwritten.
 */
export interface RtmpMessage {
  /** Chunk stream id the message arrived on (2..65599). */
  readonly csid: number;
  /** Message type id ({@link RtmpMessageType}). */
  readonly typeId: number;
  /** Message stream id (0 for the NetConnection, the id from `createStream` for a NetStream). */
  readonly streamId: number;
  /** 32-bit timestamp in milliseconds. */
  readonly timestamp: number;
  readonly payload: Uint8Array;
}

/** `PeerBandwidthLimit` is the limit type of Set Peer Bandwidth (RTMP Specification 1.0, §5.4.5). */
export const PeerBandwidthLimit = { hard: 0, soft: 1, dynamic: 2 } as const;

function u32Body(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0);
  return b;
}

/** `setChunkSizeBody` is the payload of Set Chunk Size (§5.4.1): 31-bit size, top bit zero. */
export function setChunkSizeBody(size: number): Uint8Array {
  return u32Body(size & 0x7fffffff);
}

/** `abortBody` is the payload of Abort Message (§5.4.2): the chunk stream id to abort. */
export function abortBody(csid: number): Uint8Array {
  return u32Body(csid);
}

/** `acknowledgementBody` is the payload of Acknowledgement (§5.4.3): bytes received so far (wraps). */
export function acknowledgementBody(sequence: number): Uint8Array {
  return u32Body(sequence);
}

/** `windowAckSizeBody` is the payload of Window Acknowledgement Size (§5.4.4). */
export function windowAckSizeBody(size: number): Uint8Array {
  return u32Body(size);
}

/** `setPeerBandwidthBody` is the payload of Set Peer Bandwidth (§5.4.5): window size + limit type. */
export function setPeerBandwidthBody(size: number, limitType: number): Uint8Array {
  const b = new Uint8Array(5);
  new DataView(b.buffer).setUint32(0, size >>> 0);
  b[4] = limitType;
  return b;
}

/**
 * `userControlBody` is the payload of a User Control message (§7.1.7): a 16-bit event type, the 32-bit
 * event value (a stream id or a ping timestamp) and, for SetBufferLength, a second 32-bit value.
 */
export function userControlBody(event: number, value: number, extra?: number): Uint8Array {
  const b = new Uint8Array(extra === undefined ? 6 : 10);
  const v = new DataView(b.buffer);
  v.setUint16(0, event);
  v.setUint32(2, value >>> 0);
  if (extra !== undefined) {
    v.setUint32(6, extra >>> 0);
  }
  return b;
}

/**
 * `readControlU32` reads the leading 32-bit value of a protocol control message payload and throws
 * `MediaFormatError` (`rtmp-bad-control`) when the payload is shorter than 4 bytes.
 */
export function readControlU32(payload: Uint8Array, what: string): number {
  if (payload.byteLength < 4) {
    throw new MediaFormatError(
      'rtmp-bad-control',
      `rtmp ${what}: payload has ${payload.byteLength} bytes, need 4`,
      0,
    );
  }
  return new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0);
}

/** `UserControl` is a decoded User Control message (§7.1.7). */
export interface UserControl {
  readonly event: number;
  /** The first 32-bit value (stream id or ping timestamp), or undefined when the payload is short. */
  readonly value: number | undefined;
}

/**
 * `decodeUserControl` decodes a User Control payload; throws `MediaFormatError` (`rtmp-bad-control`) when
 * it is shorter than the 2-byte event type.
 */
export function decodeUserControl(payload: Uint8Array): UserControl {
  if (payload.byteLength < 2) {
    throw new MediaFormatError(
      'rtmp-bad-control',
      `rtmp user control: payload has ${payload.byteLength} bytes`,
      0,
    );
  }
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  return { event: v.getUint16(0), value: payload.byteLength >= 6 ? v.getUint32(2) : undefined };
}
