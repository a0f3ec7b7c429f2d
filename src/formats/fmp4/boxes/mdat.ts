import { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { BOX_HEADER_SIZE, type BoxChunks, chunksLength, writeFourCc } from '../box.js';

/** `MDAT_LARGE_HEADER_SIZE` is size(4) = 1 + type(4) + largesize(8), for payloads past 4 GiB (§4.2). */
const MDAT_LARGE_HEADER_SIZE = 16;

/** `mdatHeaderSize` is the header size of an `mdat` with `payloadSize` bytes: 8, or 16 past 32 bits. */
export function mdatHeaderSize(payloadSize: number): number {
  return payloadSize + BOX_HEADER_SIZE > 0xffff_ffff ? MDAT_LARGE_HEADER_SIZE : BOX_HEADER_SIZE;
}

/**
 * `writeMdatHeader` appends the header of a MediaDataBox (ISO/IEC 14496-12 §8.1.1) whose payload of
 * `payloadSize` bytes follows as separate chunks (sample data is referenced, not copied).
 */
export function writeMdatHeader(w: ByteWriter, payloadSize: number): void {
  if (!Number.isSafeInteger(payloadSize) || payloadSize < 0) {
    throw new RangeError(`mdat payload size must be a non-negative safe integer, got ${payloadSize}`);
  }
  const headerSize = mdatHeaderSize(payloadSize);
  if (headerSize === BOX_HEADER_SIZE) {
    w.u32(BOX_HEADER_SIZE + payloadSize);
    writeFourCc(w, 'mdat');
  } else {
    w.u32(1); // size 1: the 64-bit largesize follows the type
    writeFourCc(w, 'mdat');
    w.u64(MDAT_LARGE_HEADER_SIZE + payloadSize);
  }
}

/** `mdat` is a MediaDataBox as chunks: a fresh header followed by the payload views themselves. */
export function mdat(payload: readonly Uint8Array[]): BoxChunks {
  const size = chunksLength(payload);
  const w = new ByteWriter(mdatHeaderSize(size));
  writeMdatHeader(w, size);
  return [w.view(), ...payload];
}
