import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import type { FlvTagTypeValue } from './flv-file-reader.js';

/** `FlvHeaderOptions` says which media an FLV file announces. */
export interface FlvHeaderOptions {
  readonly audio: boolean;
  readonly video: boolean;
}

/** Version-1 header size, also its DataOffset (FLV spec v10.1 §E.2). */
const HEADER_SIZE = 9;
/** Tag header size: type, DataSize, Timestamp, TimestampExtended, StreamID (FLV spec v10.1 §E.4.1). */
const TAG_HEADER_SIZE = 11;
/** DataSize is a UI24. */
const MAX_TAG_DATA_SIZE = 0xff_ffff;
/** Timestamp (UI24) plus TimestampExtended (UI8) hold an unsigned 32-bit millisecond value. */
const MAX_TIMESTAMP = 0xffff_ffff;

/**
 * `encodeFlvHeader` writes the 9-byte FLV version-1 header (FLV spec v10.1 §E.2: "FLV", version 1,
 * TypeFlagsAudio/TypeFlagsVideo, DataOffset 9) followed by PreviousTagSize0 (0), i.e. 13 bytes.
 */
export function encodeFlvHeader(options: FlvHeaderOptions): Uint8Array {
  const w = new ByteWriter(HEADER_SIZE + 4);
  w.ascii('FLV').u8(1);
  w.u8((options.audio ? 0x04 : 0) | (options.video ? 0x01 : 0));
  w.u32(HEADER_SIZE);
  w.u32(0);
  return w.toBytes();
}

/**
 * `encodeFlvTag` writes one FLV tag (FLV spec v10.1 §E.4.1: type, DataSize, Timestamp with
 * TimestampExtended, StreamID 0, the body) followed by its PreviousTagSize (11 + DataSize).
 * `timestamp` is in milliseconds, 0 to 2^32 − 1.
 */
export function encodeFlvTag(type: FlvTagTypeValue, timestamp: number, body: Uint8Array): Uint8Array {
  if (!Number.isInteger(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP) {
    throw new RangeError(`flv tag timestamp must be an integer from 0 to 2^32-1 ms, got ${timestamp}`);
  }
  if (body.byteLength > MAX_TAG_DATA_SIZE) {
    throw new RangeError(`flv tag body is ${body.byteLength} bytes; the limit is ${MAX_TAG_DATA_SIZE}`);
  }
  const w = new ByteWriter(TAG_HEADER_SIZE + body.byteLength + 4);
  w.u8(type);
  w.u24(body.byteLength);
  w.u24(timestamp % 0x100_0000);
  w.u8(Math.floor(timestamp / 0x100_0000));
  w.u24(0);
  w.bytes(body);
  w.u32(TAG_HEADER_SIZE + body.byteLength);
  return w.toBytes();
}
