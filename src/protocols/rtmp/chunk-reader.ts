import { SlabAllocator } from '../../lib/bytes/slab-allocator.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { readControlU32, type RtmpMessage } from './message.js';
import { RtmpMessageType } from './message-type.js';
import { newStream, u24, u32be, u32le, type ChunkStream } from './chunk-stream.js';

/** `DEFAULT_CHUNK_SIZE` is the chunk size both directions start with (RTMP Specification 1.0, §5.4.1). */
export const DEFAULT_CHUNK_SIZE = 128;
/**
 * `MAX_CHUNK_SIZE` caps Set Chunk Size: the spec allows 1..0x7FFFFFFF but notes that every size above
 * 0xFFFFFF is equivalent, since no message is longer than a 24-bit length (§5.4.1). Larger values are
 * clamped to it.
 */
export const MAX_CHUNK_SIZE = 0xffffff;

/** Largest chunk header: 3-byte basic header + 11-byte type-0 message header + 4-byte extended timestamp. */
const MAX_HEADER_SIZE = 18;
/** A 24-bit timestamp field of 0xFFFFFF means "the real value is in the extended timestamp" (§5.3.1.3). */
const EXTENDED = 0xffffff;
/** Message header size by chunk type (fmt) 0..3 (§5.3.1.2). */
const MESSAGE_HEADER_SIZE = [11, 7, 3, 0] as const;
/**
 * A view keeps its whole backing buffer alive. Socket reads arrive in buffers of up to 64 KiB, and a
 * packager keeps audio frames (a few hundred bytes each, one or more per read) for seconds: as views,
 * they would keep every read of the window alive, doubling the media held in memory. A message that fits
 * in one chunk is therefore copied when its backing buffer is at least `PIN_BYTES` (a page: below that
 * the overhead does not matter) and more than `PIN_RATIO` times its size, so a copy is at most a quarter
 * of a socket read (16 KiB) and mostly an audio frame.
 */
const PIN_BYTES = 4096;
const PIN_RATIO = 4;

/** `ChunkHeader` is one parsed chunk header (§5.3.1); the reader reuses one record for every header. */
interface ChunkHeader {
  /** Chunk type 0–3. */
  fmt: number;
  /** The 24-bit timestamp or delta field (0xFFFFFF: extended). */
  tsField: number;
  length: number;
  typeId: number;
  streamId: number;
  /** The extended timestamp, when present. */
  ext: number | undefined;
  /** A type 3 chunk continuing a half-received message. */
  continuing: boolean;
}

/** `ChunkReaderOptions` configures {@link ChunkReader}; every limit fails with a `MediaFormatError`. */
export interface ChunkReaderOptions {
  /** Largest message length accepted (`rtmp-message-too-large`). */
  readonly maxMessageSize: number;
  /** Most distinct chunk stream ids per connection (`rtmp-too-many-chunk-streams`). */
  readonly maxChunkStreams: number;
  /** Most bytes held for partly received messages and headers (`rtmp-buffer-limit`). */
  readonly maxBufferedBytes: number;
  /**
   * The bytes passed to `feed` are reused once it returns (a shared read buffer): every message is
   * copied out. Default false: a message inside one chunk is delivered as a view of the input.
   */
  readonly transientInput?: boolean;
  /** Called synchronously for every complete message, in order. */
  readonly onMessage: (msg: RtmpMessage) => void;
}

/** The limit codes: the connection reports them as `limit-exceeded` rather than a protocol error. */
export const CHUNK_LIMIT_CODES: ReadonlySet<string> = new Set([
  'rtmp-message-too-large',
  'rtmp-too-many-chunk-streams',
  'rtmp-buffer-limit',
]);

/**
 * `ChunkReader` reassembles RTMP messages from a chunk stream (RTMP Specification 1.0, §5.3) fed in slices
 * of any size. Payloads may be views of fed slices: callers may keep them, must not modify fed slices.
 * Buffering is bounded by `maxBufferedBytes`; after a `MediaFormatError` every `feed` throws it again.
 * Headers, extended timestamps, ownership, bounds: see docs/design/rtmp.md#chunk-reader.
 */
export class ChunkReader {
  #opts: ChunkReaderOptions;
  #chunkSize = DEFAULT_CHUNK_SIZE;
  #streams = new Map<number, ChunkStream>();
  #scratch = new Uint8Array(MAX_HEADER_SIZE);
  /** Bodies of messages that span chunks (every chunk's bytes are copied into them). */
  readonly #bodies = new SlabAllocator();
  #scratchLen = 0;
  readonly #header: ChunkHeader = {
    fmt: 0,
    tsField: 0,
    length: 0,
    typeId: 0,
    streamId: 0,
    ext: undefined,
    continuing: false,
  };
  /** Stream whose chunk payload is being read, and how many payload bytes of this chunk are left. */
  #current: ChunkStream | undefined;
  #currentCsid = 0;
  #chunkLeft = 0;
  #buffered = 0;
  #failed: MediaFormatError | undefined;
  #discarded = 0;

  constructor(options: ChunkReaderOptions) {
    this.#opts = options;
  }

  /** The incoming chunk size (128 until the peer sends Set Chunk Size). */
  get chunkSize(): number {
    return this.#chunkSize;
  }

  /** Bytes currently held: partly received messages (declared lengths) and a partial header. */
  get bufferedBytes(): number {
    return this.#buffered + this.#scratchLen;
  }

  /** Partly received messages dropped by Abort Message or by a new header in the middle of a message. */
  get discardedMessages(): number {
    return this.#discarded;
  }

  /** Number of chunk streams seen so far. */
  get chunkStreams(): number {
    return this.#streams.size;
  }

  /** Consumes `input`; throws `MediaFormatError` on a protocol fault or exceeded limit. */
  feed(input: Uint8Array): void {
    if (this.#failed !== undefined) {
      throw this.#failed;
    }
    try {
      this.#feed(input);
    } catch (e) {
      if (e instanceof MediaFormatError) {
        this.#failed = e;
      }
      throw e;
    }
  }

  #feed(input: Uint8Array): void {
    let pos = 0;
    const end = input.byteLength;
    while (pos < end) {
      if (this.#current !== undefined) {
        pos = this.#readPayload(input, pos);
        continue;
      }
      let used: number;
      if (this.#scratchLen === 0) {
        used = this.#parseHeader(input, pos, end - pos);
        if (used < 0) {
          this.#scratch.set(input.subarray(pos), 0);
          this.#scratchLen = end - pos;
          return;
        }
        pos += used;
      } else {
        const n = Math.min(MAX_HEADER_SIZE - this.#scratchLen, end - pos);
        this.#scratch.set(input.subarray(pos, pos + n), this.#scratchLen);
        used = this.#parseHeader(this.#scratch, 0, this.#scratchLen + n);
        if (used < 0) {
          this.#scratchLen += n;
          pos += n;
          continue;
        }
        const fromScratch = this.#scratchLen;
        this.#scratchLen = 0;
        if (used < fromScratch) {
          // Peeked bytes that turned out not to be a repeated extended timestamp belong to the payload;
          // some of them came from earlier slices and live only in the scratch buffer.
          this.#resume(this.#scratch.slice(used, fromScratch));
          continue;
        }
        pos += used - fromScratch;
      }
      pos = this.#startPayload(input, pos);
    }
  }

  /** Continues after a header with bytes that were held in the scratch buffer (a fresh copy). */
  #resume(left: Uint8Array): void {
    const k = this.#startPayload(left, 0);
    if (k < left.byteLength) {
      this.#feed(left.subarray(k));
    }
  }

  /**
   * Parses one chunk header at `buf[off..off+avail]`. Returns the header size, or -1 when more bytes are
   * needed; has no effect until it succeeds, so it can be retried with more bytes.
   */
  #parseHeader(buf: Uint8Array, off: number, avail: number): number {
    const b0 = buf[off] ?? 0;
    const fmt = b0 >> 6;
    const low = b0 & 0x3f;
    const basic = low === 0 ? 2 : low === 1 ? 3 : 1;
    if (avail < basic) {
      return -1;
    }
    const csid =
      low === 0
        ? 64 + (buf[off + 1] ?? 0)
        : low === 1
          ? 64 + (buf[off + 1] ?? 0) + ((buf[off + 2] ?? 0) << 8)
          : low;
    let need = basic + MESSAGE_HEADER_SIZE[fmt as 0 | 1 | 2 | 3];
    if (avail < need) {
      return -1;
    }
    let st = this.#streams.get(csid);
    if (st === undefined && fmt > 1) {
      throw new MediaFormatError(
        'rtmp-missing-header',
        `rtmp chunk: type ${fmt} chunk on chunk stream ${csid} that has no previous header`,
        off,
      );
    }
    let p = off + basic;
    const h = this.#header;
    h.fmt = fmt;
    h.tsField = fmt <= 2 ? u24(buf, p) : 0;
    h.length = fmt <= 1 ? u24(buf, p + 3) : 0;
    h.typeId = fmt <= 1 ? (buf[p + 6] ?? 0) : 0;
    h.streamId = fmt === 0 ? u32le(buf, p + 7) : 0;
    p = off + need;
    const continuing = st?.body !== undefined && fmt === 3;
    h.continuing = continuing;
    let ext: number | undefined;
    if (fmt <= 2 ? h.tsField === EXTENDED : st?.extended === true) {
      if (avail < need + 4) {
        return -1;
      }
      const v = u32be(buf, p);
      if (!continuing || v === st?.extendedValue) {
        ext = v;
        need += 4;
      }
    }
    if (st === undefined) {
      if (this.#streams.size >= this.#opts.maxChunkStreams) {
        throw new MediaFormatError(
          'rtmp-too-many-chunk-streams',
          `rtmp chunk: chunk stream ${csid} would exceed the limit of ${this.#opts.maxChunkStreams} chunk streams`,
          off,
        );
      }
      st = newStream();
      this.#streams.set(csid, st);
    }
    h.ext = ext;
    this.#applyHeader(st, h);
    this.#current = st;
    this.#currentCsid = csid;
    return need;
  }

  #applyHeader(st: ChunkStream, h: Readonly<ChunkHeader>): void {
    const { fmt, tsField, ext } = h;
    if (h.continuing) {
      return;
    }
    if (st.body !== undefined) {
      // A new message header while a message is half received: drop the partial message (lenient, as
      // nginx-rtmp and librtmp do) rather than failing the connection.
      this.#drop(st);
    }
    if (fmt <= 2) {
      st.extended = tsField === EXTENDED;
    }
    if (ext !== undefined) {
      st.extendedValue = ext;
    }
    const field = ext ?? tsField;
    if (fmt === 0) {
      st.timestamp = field;
      st.delta = field;
      st.streamId = h.streamId;
    } else {
      if (fmt <= 2) {
        st.delta = field;
      } else if (ext !== undefined) {
        st.delta = ext;
      }
      st.timestamp = (st.timestamp + st.delta) >>> 0;
    }
    if (fmt <= 1) {
      st.length = h.length;
      st.typeId = h.typeId;
    }
  }

  /** After a header: start or continue the current chunk's payload. Returns the new input position. */
  #startPayload(input: Uint8Array, pos: number): number {
    const st = this.#current;
    if (st === undefined) {
      return pos;
    }
    if (st.body === undefined) {
      const length = st.length;
      if (length > this.#opts.maxMessageSize) {
        throw new MediaFormatError(
          'rtmp-message-too-large',
          `rtmp chunk: message of ${length} bytes on chunk stream ${this.#currentCsid} exceeds the limit of ${this.#opts.maxMessageSize}`,
          pos,
        );
      }
      if (length <= this.#chunkSize && input.byteLength - pos >= length) {
        // Whole message in this chunk and in this slice: deliver a view, no copy, unless the view would
        // keep a much larger buffer alive (see PIN_BYTES).
        this.#current = undefined;
        const view = input.subarray(pos, pos + length);
        const pinned = input.buffer.byteLength;
        // `new Uint8Array(view)` copies; `slice()` would not when the input is a Node Buffer.
        const copy =
          this.#opts.transientInput === true || (pinned >= PIN_BYTES && length * PIN_RATIO < pinned);
        const body = copy ? this.#bodies.take(length) : view;
        if (copy) {
          body.set(view);
        }
        this.#deliver(st, body);
        return pos + length;
      }
      if (this.#buffered + length + MAX_HEADER_SIZE > this.#opts.maxBufferedBytes) {
        throw new MediaFormatError(
          'rtmp-buffer-limit',
          `rtmp chunk: ${this.#buffered} buffered bytes plus a message of ${length} exceed the limit of ${this.#opts.maxBufferedBytes}`,
          pos,
        );
      }
      this.#buffered += length;
      st.body = this.#bodies.take(length);
      st.received = 0;
    }
    this.#chunkLeft = Math.min(this.#chunkSize, st.length - st.received);
    return this.#readPayload(input, pos);
  }

  #readPayload(input: Uint8Array, pos: number): number {
    const st = this.#current;
    if (st === undefined || st.body === undefined) {
      this.#current = undefined;
      return pos;
    }
    const n = Math.min(this.#chunkLeft, input.byteLength - pos);
    st.body.set(input.subarray(pos, pos + n), st.received);
    st.received += n;
    this.#chunkLeft -= n;
    if (this.#chunkLeft === 0) {
      this.#current = undefined;
      if (st.received === st.length) {
        const body = st.body;
        st.body = undefined;
        this.#buffered -= st.length;
        this.#deliver(st, body);
      }
    }
    return pos + n;
  }

  #drop(st: ChunkStream): void {
    if (st.body !== undefined) {
      this.#buffered -= st.body.byteLength;
      st.body = undefined;
      st.received = 0;
      this.#discarded++;
    }
  }

  #deliver(st: ChunkStream, payload: Uint8Array): void {
    const msg: RtmpMessage = {
      csid: this.#currentCsid,
      typeId: st.typeId,
      streamId: st.streamId,
      timestamp: st.timestamp,
      payload,
    };
    if (msg.typeId === RtmpMessageType.setChunkSize) {
      this.#setChunkSize(readControlU32(payload, 'set chunk size'));
    } else if (msg.typeId === RtmpMessageType.abort) {
      const aborted = this.#streams.get(readControlU32(payload, 'abort message'));
      if (aborted !== undefined) {
        this.#drop(aborted);
      }
    }
    this.#opts.onMessage(msg);
  }

  #setChunkSize(size: number): void {
    if (size === 0 || size > 0x7fffffff) {
      throw new MediaFormatError(
        'rtmp-bad-chunk-size',
        `rtmp set chunk size: ${size} is outside 1..2147483647`,
        0,
      );
    }
    this.#chunkSize = Math.min(size, MAX_CHUNK_SIZE);
  }
}
