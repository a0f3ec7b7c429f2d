import { DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE } from './chunk-reader.js';
import type { RtmpMessage } from './message.js';

/** A timestamp or delta of 0xFFFFFF or more goes into the 4-byte extended timestamp (§5.3.1.3). */
const EXTENDED = 0xffffff;
/** Message header size by chunk type (fmt) 0..3 (§5.3.1.2). */
const MESSAGE_HEADER_SIZE = [11, 7, 3, 0] as const;
/** Chunk stream ids 0 and 1 select the 2- and 3-byte basic header; 65599 is the largest 3-byte id. */
const MIN_CSID = 2;
const MAX_CSID = 65599;

/** What the writer remembers per chunk stream to compress the next header (§5.3.1.2). */
interface SentStream {
  streamId: number;
  typeId: number;
  length: number;
  timestamp: number;
  delta: number;
  /** The last header was type 1, 2 or 3, so a type-3 header for a new message means "same delta". */
  deltaHeader: boolean;
}

/**
 * `ChunkWriter` splits messages into chunks (RTMP Specification 1.0, §5.3), one buffer per message (the
 * payload copied once, one socket write). Header type choice: see docs/design/rtmp.md#chunk-writer.
 */
export class ChunkWriter {
  #chunkSize: number;
  #streams = new Map<number, SentStream>();

  constructor(options: { chunkSize?: number } = {}) {
    this.#chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  }

  /** The outgoing chunk size. */
  get chunkSize(): number {
    return this.#chunkSize;
  }

  /**
   * `setChunkSize` changes the outgoing chunk size for the following messages; send the Set Chunk Size
   * message (encoded with the old size) before any message encoded with the new one.
   */
  setChunkSize(size: number): void {
    if (!Number.isInteger(size) || size < 1 || size > MAX_CHUNK_SIZE) {
      throw new RangeError(`chunk size ${size} is outside 1..${MAX_CHUNK_SIZE}; pick e.g. 4096`);
    }
    this.#chunkSize = size;
  }

  /** `encode` returns the chunks of one message as one buffer and updates the per-stream header state. */
  encode(msg: RtmpMessage): Buffer {
    const { csid, typeId, streamId, payload } = msg;
    if (!Number.isInteger(csid) || csid < MIN_CSID || csid > MAX_CSID) {
      throw new RangeError(`chunk stream id ${csid} is outside ${MIN_CSID}..${MAX_CSID}`);
    }
    const timestamp = msg.timestamp >>> 0;
    const length = payload.byteLength;
    const prev = this.#streams.get(csid);
    const delta = prev === undefined ? 0 : (timestamp - prev.timestamp) >>> 0;
    let fmt: 0 | 1 | 2 | 3;
    if (prev === undefined || prev.streamId !== streamId || delta >= EXTENDED) {
      fmt = 0;
    } else if (prev.typeId !== typeId || prev.length !== length) {
      fmt = 1;
    } else if (prev.deltaHeader && delta === prev.delta) {
      fmt = 3;
    } else {
      fmt = 2;
    }
    const field = fmt === 0 ? timestamp : delta;
    const ext = fmt === 0 && timestamp >= EXTENDED;
    const basic = csid < 64 ? 1 : csid < 320 ? 2 : 3;
    const extLen = ext ? 4 : 0;
    const headerLen = basic + MESSAGE_HEADER_SIZE[fmt] + extLen;
    const chunks = Math.max(1, Math.ceil(length / this.#chunkSize));
    const out = Buffer.allocUnsafe(headerLen + length + (chunks - 1) * (basic + extLen));

    let p = writeBasic(out, 0, fmt, csid, basic);
    if (fmt <= 2) {
      out.writeUIntBE(ext ? EXTENDED : field, p, 3);
      p += 3;
    }
    if (fmt <= 1) {
      out.writeUIntBE(length, p, 3);
      out[p + 3] = typeId;
      p += 4;
    }
    if (fmt === 0) {
      out.writeUInt32LE(streamId >>> 0, p);
      p += 4;
    }
    if (ext) {
      out.writeUInt32BE(timestamp, p);
      p += 4;
    }
    let at = 0;
    for (;;) {
      const n = Math.min(this.#chunkSize, length - at);
      out.set(payload.subarray(at, at + n), p);
      p += n;
      at += n;
      if (at >= length) {
        break;
      }
      p = writeBasic(out, p, 3, csid, basic);
      if (ext) {
        out.writeUInt32BE(timestamp, p);
        p += 4;
      }
    }
    this.#streams.set(csid, {
      streamId,
      typeId,
      length,
      timestamp,
      delta: fmt === 0 ? timestamp : delta,
      deltaHeader: fmt !== 0,
    });
    return out;
  }
}

/** Basic header (§5.3.1.1): 1 byte for csid 2..63, 2 bytes for 64..319, 3 bytes for 320..65599. */
function writeBasic(out: Buffer, p: number, fmt: number, csid: number, size: number): number {
  if (size === 1) {
    out[p] = (fmt << 6) | csid;
  } else if (size === 2) {
    out[p] = fmt << 6;
    out[p + 1] = csid - 64;
  } else {
    out[p] = (fmt << 6) | 1;
    out[p + 1] = (csid - 64) & 0xff;
    out[p + 2] = (csid - 64) >> 8;
  }
  return p + size;
}
