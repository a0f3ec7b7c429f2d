/**
 * `ChunkStream` is the per chunk stream state of the reader (RTMP Specification 1.0, §5.3.1): the last
 * header fields and the message being assembled.
 */
export interface ChunkStream {
  timestamp: number;
  delta: number;
  length: number;
  typeId: number;
  streamId: number;
  /** The last type 0/1/2 header carried an extended timestamp (so type-3 chunks may repeat it). */
  extended: boolean;
  /** Raw value of the last extended timestamp field (absolute for type 0, a delta for types 1/2). */
  extendedValue: number;
  /** Message being assembled, or undefined between messages. */
  body: Uint8Array | undefined;
  received: number;
}

/** `newStream` is the state of a chunk stream before its first header. */
export function newStream(): ChunkStream {
  return {
    timestamp: 0,
    delta: 0,
    length: 0,
    typeId: 0,
    streamId: 0,
    extended: false,
    extendedValue: 0,
    body: undefined,
    received: 0,
  };
}

/** `u24` reads a 24-bit big-endian value (timestamp and length fields). */
export function u24(b: Uint8Array, p: number): number {
  return ((b[p] ?? 0) << 16) | ((b[p + 1] ?? 0) << 8) | (b[p + 2] ?? 0);
}

/** `u32be` reads a 32-bit big-endian value (extended timestamp). */
export function u32be(b: Uint8Array, p: number): number {
  return (((b[p] ?? 0) << 24) | ((b[p + 1] ?? 0) << 16) | ((b[p + 2] ?? 0) << 8) | (b[p + 3] ?? 0)) >>> 0;
}

/** `u32le` reads a 32-bit little-endian value (message stream id, §5.3.1.2.1). */
export function u32le(b: Uint8Array, p: number): number {
  return ((b[p] ?? 0) | ((b[p + 1] ?? 0) << 8) | ((b[p + 2] ?? 0) << 16) | ((b[p + 3] ?? 0) << 24)) >>> 0;
}
