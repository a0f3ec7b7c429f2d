import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { BOX_HEADER_SIZE, FULL_BOX_HEADER_SIZE, writeBoxHeader, writeFullBoxHeader } from '../box.js';

/** `stblSize` is `stbl` header + `stsd` + empty `stts`, `stsc`, `stco` (count 0) + empty `stsz`. */
export function stblSize(sampleEntry: Uint8Array): number {
  const stsd = FULL_BOX_HEADER_SIZE + 4 + sampleEntry.byteLength;
  const emptyTable = FULL_BOX_HEADER_SIZE + 4; // entry_count = 0
  const stsz = FULL_BOX_HEADER_SIZE + 8; // sample_size + sample_count
  return BOX_HEADER_SIZE + stsd + 3 * emptyTable + stsz;
}

/**
 * `assertSampleEntry` checks that `sampleEntry` is one whole box (its 32-bit size equals its length):
 * the sample entry is written by the codec layer and copied here unparsed.
 */
export function assertSampleEntry(sampleEntry: Uint8Array): void {
  const n = sampleEntry.byteLength;
  const size =
    n >= BOX_HEADER_SIZE
      ? new DataView(sampleEntry.buffer, sampleEntry.byteOffset, n).getUint32(0)
      : Number.NaN;
  if (size !== n) {
    throw new RangeError(
      `sample entry must be one complete box: ${n} bytes given, box size field says ${size}`,
    );
  }
}

/**
 * `writeStbl` appends a SampleTableBox for a fragmented track (ISO/IEC 14496-12 §8.5.1, §8.8.1): one
 * sample description (`stsd` §8.5.2 with the finished `sampleEntry` box, e.g. `avc1`+`avcC`) and empty
 * `stts` (§8.6.1.2), `stsc` (§8.7.4), `stsz` (§8.7.3) and `stco` (§8.7.5): every sample is in movie
 * fragments.
 */
export function writeStbl(w: ByteWriter, sampleEntry: Uint8Array): void {
  assertSampleEntry(sampleEntry);
  writeBoxHeader(w, 'stbl', stblSize(sampleEntry));
  writeFullBoxHeader(w, 'stsd', FULL_BOX_HEADER_SIZE + 4 + sampleEntry.byteLength, 0, 0);
  w.u32(1); // entry_count
  w.bytes(sampleEntry);
  writeFullBoxHeader(w, 'stts', FULL_BOX_HEADER_SIZE + 4, 0, 0);
  w.u32(0); // entry_count
  writeFullBoxHeader(w, 'stsc', FULL_BOX_HEADER_SIZE + 4, 0, 0);
  w.u32(0); // entry_count
  writeFullBoxHeader(w, 'stsz', FULL_BOX_HEADER_SIZE + 8, 0, 0);
  w.u32(0); // sample_size: sizes are per sample
  w.u32(0); // sample_count
  writeFullBoxHeader(w, 'stco', FULL_BOX_HEADER_SIZE + 4, 0, 0);
  w.u32(0); // entry_count
}
