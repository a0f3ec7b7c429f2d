import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { FULL_BOX_HEADER_SIZE, writeFullBoxHeader } from '../box.js';
import { assertUint, assertUint32, assertUint64 } from './field-range.js';

/** `SidxReference` is one entry of a segment index: a subsegment (or a nested `sidx`). */
export interface SidxReference {
  /** True when the entry points at another `sidx` rather than at media. */
  readonly referencesIndex: boolean;
  /** Bytes from the first byte of this subsegment to the first byte of the next (31 bits). */
  readonly referencedSize: number;
  /** Duration in the index's timescale. */
  readonly subsegmentDuration: number;
  readonly startsWithSap: boolean;
  /** SAP type 0..6 (ISO/IEC 14496-12 Annex I); 1 for an IDR start. */
  readonly sapType: number;
  /** Presentation time of the SAP minus the subsegment's earliest presentation time (28 bits). */
  readonly sapDeltaTime: number;
}

/** `Sidx` is the content of a SegmentIndexBox, written as version 1 (64-bit times and offsets). */
export interface Sidx {
  /** The track the index describes. */
  readonly referenceId: number;
  readonly timescale: number;
  readonly earliestPresentationTime: number;
  /** Bytes from the end of this box to the first referenced byte. */
  readonly firstOffset: number;
  readonly references: readonly SidxReference[];
}

/** `sidxSize` is FullBox header + 4 + 4 + 8 + 8 + reserved(2) + reference_count(2) + 12 per reference. */
export function sidxSize(sidx: Sidx): number {
  return FULL_BOX_HEADER_SIZE + 28 + 12 * sidx.references.length;
}

/** The 31-bit referenced_size and 28-bit SAP_delta_time limits of §8.16.3.2. */
const MAX_REFERENCED_SIZE = 0x7fff_ffff;
const MAX_SAP_DELTA_TIME = 0x0fff_ffff;
const MAX_SAP_TYPE = 7;

/** `writeSidx` appends a version 1 SegmentIndexBox (ISO/IEC 14496-12 §8.16.3). */
export function writeSidx(w: ByteWriter, sidx: Sidx): void {
  assertUint32('sidx reference_ID', sidx.referenceId);
  assertUint32('sidx timescale', sidx.timescale);
  assertUint64('sidx earliest_presentation_time', sidx.earliestPresentationTime);
  assertUint64('sidx first_offset', sidx.firstOffset);
  assertUint('sidx reference_count', sidx.references.length, 0xffff);
  writeFullBoxHeader(w, 'sidx', sidxSize(sidx), 1, 0);
  w.u32(sidx.referenceId);
  w.u32(sidx.timescale);
  w.u64(sidx.earliestPresentationTime);
  w.u64(sidx.firstOffset);
  w.u16(0); // reserved
  w.u16(sidx.references.length);
  for (const r of sidx.references) {
    assertUint('sidx referenced_size', r.referencedSize, MAX_REFERENCED_SIZE);
    assertUint32('sidx subsegment_duration', r.subsegmentDuration);
    assertUint('sidx SAP_type', r.sapType, MAX_SAP_TYPE);
    assertUint('sidx SAP_delta_time', r.sapDeltaTime, MAX_SAP_DELTA_TIME);
    w.u32((r.referencesIndex ? 0x8000_0000 : 0) + r.referencedSize); // reference_type(1) + size(31)
    w.u32(r.subsegmentDuration);
    // starts_with_SAP(1) + SAP_type(3) + SAP_delta_time(28)
    w.u32((r.startsWithSap ? 0x8000_0000 : 0) + r.sapType * 0x1000_0000 + r.sapDeltaTime);
  }
}
