import { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { type BoxRange, readU64 } from '../reader/box-range.js';
import { assertUint64 } from './field-range.js';
import {
  extendedType,
  UUID_FULL_BOX_HEADER_SIZE,
  uuidFullBoxReader,
  writeUuidFullBoxHeader,
} from './uuid-box.js';

/** `TFXD_EXTENDED_TYPE` is the extended type of a TfxdBox ([MS-SSTR] §2.2.4.4). */
export const TFXD_EXTENDED_TYPE = extendedType('6D1D9B05-42D5-44E6-80E2-141DAFF757B2');

/**
 * `FragmentTime` is the absolute start time and duration of one Smooth Streaming fragment, in the
 * track's timescale: the content of a `tfxd` and of each `tfrf` entry ([MS-SSTR] §2.2.4.4, §2.2.4.5).
 */
export interface FragmentTime {
  /** Decode time of the fragment's first sample (the `tfdt` of the same fragment). */
  readonly fragmentAbsoluteTime: number;
  /** Sum of the durations of the fragment's samples. */
  readonly fragmentDuration: number;
}

/** `TFXD_SIZE` is the size of a version 1 `tfxd`: uuid FullBox header + two 64-bit times. */
export const TFXD_SIZE = UUID_FULL_BOX_HEADER_SIZE + 16;

/**
 * `writeTfxd` appends a version 1 TfxdBox ([MS-SSTR] §2.2.4.4): the absolute time and duration of the
 * fragment it sits in, as 64-bit values (a 90 kHz clock passes 32 bits after 13 hours). Players of live
 * presentations read it to place a fragment without the manifest.
 */
export function writeTfxd(w: ByteWriter, tfxd: FragmentTime): void {
  assertUint64('tfxd fragment_absolute_time', tfxd.fragmentAbsoluteTime);
  assertUint64('tfxd fragment_duration', tfxd.fragmentDuration);
  writeUuidFullBoxHeader(w, TFXD_EXTENDED_TYPE, TFXD_SIZE, 1, 0);
  w.u64(tfxd.fragmentAbsoluteTime);
  w.u64(tfxd.fragmentDuration);
}

/** `tfxdBox` is `writeTfxd` into a buffer of its own (for `TrackFragment.trafBoxes`). */
export function tfxdBox(tfxd: FragmentTime): Uint8Array {
  const w = new ByteWriter(TFXD_SIZE);
  writeTfxd(w, tfxd);
  return w.view();
}

/** `parseTfxd` reads a TfxdBox ([MS-SSTR] §2.2.4.4), version 0 (32-bit times) or 1 (64-bit times). */
export function parseTfxd(bytes: Uint8Array, box: BoxRange): FragmentTime {
  const { reader, version } = uuidFullBoxReader(bytes, box, TFXD_EXTENDED_TYPE, 'tfxd');
  if (version === 1) {
    return {
      fragmentAbsoluteTime: readU64(reader, 'tfxd fragment_absolute_time'),
      fragmentDuration: readU64(reader, 'tfxd fragment_duration'),
    };
  }
  return {
    fragmentAbsoluteTime: reader.u32('tfxd fragment_absolute_time'),
    fragmentDuration: reader.u32('tfxd fragment_duration'),
  };
}
