import { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { MediaFormatError } from '../../../lib/media-format-error.js';
import { type BoxRange, readU64 } from '../reader/box-range.js';
import { assertUint64 } from './field-range.js';
import type { FragmentTime } from './tfxd.js';
import {
  extendedType,
  UUID_FULL_BOX_HEADER_SIZE,
  uuidFullBoxReader,
  writeUuidFullBoxHeader,
} from './uuid-box.js';

/** `TFRF_EXTENDED_TYPE` is the extended type of a TfrfBox ([MS-SSTR] §2.2.4.5). */
export const TFRF_EXTENDED_TYPE = extendedType('D4807EF2-CA39-4695-8E54-26CB9E46A79F');

/** `MAX_TFRF_ENTRIES` is the most entries a `tfrf` holds: FragmentCount is a UINT8 ([MS-SSTR] §2.2.4.5 ABNF). */
export const MAX_TFRF_ENTRIES = 255;

/** `tfrfSize` is the size of a version 1 `tfrf` with `count` entries: header + FragmentCount(1) + 16 each. */
export function tfrfSize(count: number): number {
  return UUID_FULL_BOX_HEADER_SIZE + 1 + 16 * count;
}

/**
 * `writeTfrf` appends a version 1 TfrfBox ([MS-SSTR] §2.2.4.5): the absolute times and durations of the
 * fragments that follow the one it sits in, so a live player extends its fragment list without fetching
 * the manifest again. An empty list is valid: the fragment is at the live edge. FragmentCount is one
 * byte in the ABNF of §2.2.4.5 (and in every client), although the prose of that section says four.
 */
export function writeTfrf(w: ByteWriter, entries: readonly FragmentTime[]): void {
  if (entries.length > MAX_TFRF_ENTRIES) {
    throw new RangeError(`a tfrf holds at most ${MAX_TFRF_ENTRIES} entries, got ${entries.length}`);
  }
  writeUuidFullBoxHeader(w, TFRF_EXTENDED_TYPE, tfrfSize(entries.length), 1, 0);
  w.u8(entries.length);
  for (const e of entries) {
    assertUint64('tfrf fragment_absolute_time', e.fragmentAbsoluteTime);
    assertUint64('tfrf fragment_duration', e.fragmentDuration);
    w.u64(e.fragmentAbsoluteTime);
    w.u64(e.fragmentDuration);
  }
}

/** `tfrfBox` is `writeTfrf` into a buffer of its own (for `TrackFragment.trafBoxes`). */
export function tfrfBox(entries: readonly FragmentTime[]): Uint8Array {
  const w = new ByteWriter(tfrfSize(entries.length));
  writeTfrf(w, entries);
  return w.view();
}

/** `parseTfrf` reads a TfrfBox ([MS-SSTR] §2.2.4.5), version 0 (32-bit times) or 1 (64-bit times). */
export function parseTfrf(bytes: Uint8Array, box: BoxRange): FragmentTime[] {
  const { reader, version } = uuidFullBoxReader(bytes, box, TFRF_EXTENDED_TYPE, 'tfrf');
  const count = reader.u8('tfrf fragment_count');
  const entrySize = version === 1 ? 16 : 8;
  if (count * entrySize > reader.remaining) {
    throw new MediaFormatError(
      'fmp4-bad-count',
      `tfrf at offset ${box.start} claims ${count} entries of ${entrySize} bytes; ${reader.remaining} bytes are left`,
      box.start,
    );
  }
  const entries: FragmentTime[] = [];
  for (let i = 0; i < count; i++) {
    entries.push(
      version === 1
        ? {
            fragmentAbsoluteTime: readU64(reader, 'tfrf fragment_absolute_time'),
            fragmentDuration: readU64(reader, 'tfrf fragment_duration'),
          }
        : {
            fragmentAbsoluteTime: reader.u32('tfrf fragment_absolute_time'),
            fragmentDuration: reader.u32('tfrf fragment_duration'),
          },
    );
  }
  return entries;
}
