import { DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE } from './chunk-reader.js';
import type { RtmpMessage } from './message.js';
import { RtmpMessageType } from './message-type.js';

/** A timestamp or delta of 0xFFFFFF or more goes into the 4-byte extended timestamp (§5.3.1.3). */
const EXTENDED = 0xffffff;
/** Message header size by chunk type (fmt) 0..3 (§5.3.1.2). */
const MESSAGE_HEADER_SIZE = [11, 7, 3, 0] as const;
/** Chunk stream ids 0 and 1 select the 2- and 3-byte basic header; 65599 is the largest 3-byte id. */
const MIN_CSID = 2;
const MAX_CSID = 65599;

/**
 * How a writer picks the header type of a message's first chunk (docs/design/rtmp.md#chunk-writer):
 * `compact` the smallest header every implementation reads the same way; `ffmpeg` the one ffmpeg's RTMP
 * muxer picks (libavformat `rtmppkt.c`), for a publisher that must look like ffmpeg on the wire.
 */
export type ChunkHeaderRule = 'compact' | 'ffmpeg';

/** What the writer remembers per chunk stream to compress the next header (§5.3.1.2). */
interface SentStream {
  streamId: number;
  typeId: number;
  length: number;
  timestamp: number;
  /** The timestamp field of the last header: the absolute timestamp after type 0, else the delta. */
  field: number;
  /** The last header was type 1, 2 or 3, so a type-3 header for a new message means "same delta". */
  deltaHeader: boolean;
}

/** The first chunk's header of one message. */
interface Header {
  fmt: 0 | 1 | 2 | 3;
  field: number;
  ext: boolean;
}

/**
 * `ChunkWriter` splits messages into chunks (RTMP Specification 1.0, §5.3): `encode` as one buffer per
 * message (the payload copied once, one socket write), `write` as ffmpeg's pieces (views of the payload,
 * one sink call per header and per chunk).
 */
export class ChunkWriter {
  #chunkSize: number;
  readonly #rule: ChunkHeaderRule;
  #streams = new Map<number, SentStream>();
  /** Type-3 basic header per chunk stream id, shared by every `write` (never modified). */
  #markers = new Map<number, Buffer>();

  constructor(options: { chunkSize?: number; headers?: ChunkHeaderRule } = {}) {
    this.#chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    this.#rule = options.headers ?? 'compact';
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
    const { csid, payload } = msg;
    const h = this.#header(msg);
    const basic = basicSize(csid);
    const extLen = h.ext ? 4 : 0;
    const length = payload.byteLength;
    const chunks = Math.max(1, Math.ceil(length / this.#chunkSize));
    const out = Buffer.allocUnsafe(
      basic + MESSAGE_HEADER_SIZE[h.fmt] + extLen + length + (chunks - 1) * (basic + extLen),
    );
    let p = writeHeader(out, msg, h);
    let at = 0;
    for (;;) {
      const n = Math.min(this.#chunkSize, length - at);
      out.set(payload.subarray(at, at + n), p);
      p += n;
      at += n;
      if (at >= length) {
        break;
      }
      p = writeBasic(out, p, 3, csid);
      if (h.ext) {
        out.writeUInt32BE(h.field, p);
        p += 4;
      }
    }
    return out;
  }

  /**
   * `write` sends one message through `sink` the way ffmpeg does (`ff_rtmp_packet_write`): the header in
   * one call, then each chunk's payload (a view of the message payload, no copy) in its own call, with each
   * continuation chunk's type-3 basic header (and extended timestamp) in a call of its own before it.
   * Returns what the last `sink` call returned.
   */
  write(msg: RtmpMessage, sink: (bytes: Uint8Array) => boolean): boolean {
    const { csid, payload } = msg;
    const h = this.#header(msg);
    const marker = this.#marker(csid);
    let last: boolean;
    if (h.fmt === 3 && !h.ext) {
      last = sink(marker);
    } else {
      const header = Buffer.allocUnsafe(basicSize(csid) + MESSAGE_HEADER_SIZE[h.fmt] + (h.ext ? 4 : 0));
      writeHeader(header, msg, h);
      last = sink(header);
    }
    const length = payload.byteLength;
    for (let at = 0; at < length;) {
      const end = Math.min(length, at + this.#chunkSize);
      last = sink(payload.subarray(at, end));
      at = end;
      if (at < length) {
        last = sink(marker);
        if (h.ext) {
          const extended = Buffer.allocUnsafe(4);
          extended.writeUInt32BE(h.field, 0);
          last = sink(extended);
        }
      }
    }
    return last;
  }

  /** Picks the first chunk's header by the writer's rule and remembers the message for the next one. */
  #header(msg: RtmpMessage): Header {
    const { csid, typeId, streamId } = msg;
    if (!Number.isInteger(csid) || csid < MIN_CSID || csid > MAX_CSID) {
      throw new RangeError(`chunk stream id ${csid} is outside ${MIN_CSID}..${MAX_CSID}`);
    }
    const timestamp = msg.timestamp >>> 0;
    const length = msg.payload.byteLength;
    const prev = this.#streams.get(csid);
    let h: Header;
    if (this.#rule === 'ffmpeg') {
      // ffmpeg forces a full header for data messages and for audio or video at timestamp 0, and keeps
      // an extended delta in a type 1/2/3 header.
      const full =
        typeId === RtmpMessageType.dataAmf0 ||
        ((typeId === RtmpMessageType.audio || typeId === RtmpMessageType.video) && timestamp === 0);
      const delta = prev !== undefined && !full && prev.streamId === streamId && timestamp >= prev.timestamp;
      const field = delta ? timestamp - prev.timestamp : timestamp;
      const fmt = !delta
        ? 0
        : prev.typeId !== typeId || prev.length !== length
          ? 1
          : field === prev.field
            ? 3
            : 2;
      h = { fmt, field, ext: field >= EXTENDED };
    } else {
      const delta = prev === undefined ? 0 : (timestamp - prev.timestamp) >>> 0;
      let fmt: 0 | 1 | 2 | 3;
      if (prev === undefined || prev.streamId !== streamId || delta >= EXTENDED) {
        fmt = 0;
      } else if (prev.typeId !== typeId || prev.length !== length) {
        fmt = 1;
      } else if (prev.deltaHeader && delta === prev.field) {
        fmt = 3;
      } else {
        fmt = 2;
      }
      const field = fmt === 0 ? timestamp : delta;
      h = { fmt, field, ext: fmt === 0 && timestamp >= EXTENDED };
    }
    this.#streams.set(csid, {
      streamId,
      typeId,
      length,
      timestamp,
      field: h.field,
      deltaHeader: h.fmt !== 0,
    });
    return h;
  }

  #marker(csid: number): Buffer {
    let m = this.#markers.get(csid);
    if (m === undefined) {
      m = Buffer.allocUnsafe(basicSize(csid));
      writeBasic(m, 0, 3, csid);
      this.#markers.set(csid, m);
    }
    return m;
  }
}

/** Writes the first chunk's basic and message header (and extended timestamp); returns the end offset. */
function writeHeader(out: Buffer, msg: RtmpMessage, h: Header): number {
  let p = writeBasic(out, 0, h.fmt, msg.csid);
  if (h.fmt <= 2) {
    out.writeUIntBE(h.ext ? EXTENDED : h.field, p, 3);
    p += 3;
  }
  if (h.fmt <= 1) {
    out.writeUIntBE(msg.payload.byteLength, p, 3);
    out[p + 3] = msg.typeId;
    p += 4;
  }
  if (h.fmt === 0) {
    out.writeUInt32LE(msg.streamId >>> 0, p);
    p += 4;
  }
  if (h.ext) {
    out.writeUInt32BE(h.field, p);
    p += 4;
  }
  return p;
}

function basicSize(csid: number): number {
  return csid < 64 ? 1 : csid < 320 ? 2 : 3;
}

/** Basic header (§5.3.1.1): 1 byte for csid 2..63, 2 bytes for 64..319, 3 bytes for 320..65599. */
function writeBasic(out: Buffer, p: number, fmt: number, csid: number): number {
  const size = basicSize(csid);
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
