import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { FULL_BOX_HEADER_SIZE, writeFullBoxHeader } from '../box.js';
import { assertUint, assertUint32 } from './field-range.js';

/** `Mdhd` is the content of a MediaHeaderBox. */
export interface Mdhd {
  /** Ticks per second of this track's sample times (90000 for video, the sample rate for audio). */
  readonly timescale: number;
  /** Media duration in `timescale` ticks; 0 in a fragmented movie header. */
  readonly duration: number;
  /** ISO 639-2/T three-letter code, lowercase (`und` when unknown). */
  readonly language: string;
}

/**
 * `MDHD_SIZE` is the size of a version 0 `mdhd`: FullBox header + creation/modification time, timescale,
 * duration (4 x 4) + pad/language(2) + pre_defined(2).
 */
export const MDHD_SIZE = FULL_BOX_HEADER_SIZE + 16 + 4;

/** The packed form stores each letter as its code minus 0x60, so 'a'..'z' become 1..26 (§8.4.2.3). */
const LANGUAGE_LETTER_OFFSET = 0x60;

/**
 * `packLanguage` packs an ISO 639-2/T code into the 15-bit `mdhd` language field: three 5-bit letters,
 * each its character code minus 0x60 (ISO/IEC 14496-12 §8.4.2.3). `und` packs to 0x55c4.
 */
export function packLanguage(language: string): number {
  if (!/^[a-z]{3}$/.test(language)) {
    throw new RangeError(`mdhd language must be a lowercase ISO 639-2/T code like "eng", got "${language}"`);
  }
  let packed = 0;
  for (let i = 0; i < 3; i++) {
    packed = (packed << 5) | (language.charCodeAt(i) - LANGUAGE_LETTER_OFFSET);
  }
  return packed;
}

/** `unpackLanguage` is the inverse of `packLanguage`. */
export function unpackLanguage(packed: number): string {
  return String.fromCharCode(
    ((packed >> 10) & 0x1f) + LANGUAGE_LETTER_OFFSET,
    ((packed >> 5) & 0x1f) + LANGUAGE_LETTER_OFFSET,
    (packed & 0x1f) + LANGUAGE_LETTER_OFFSET,
  );
}

/** `writeMdhd` appends a version 0 MediaHeaderBox (ISO/IEC 14496-12 §8.4.2). */
export function writeMdhd(w: ByteWriter, mdhd: Mdhd): void {
  assertUint('mdhd timescale', mdhd.timescale, 0xffff_ffff);
  if (mdhd.timescale === 0) {
    throw new RangeError('mdhd timescale must not be 0: give the ticks per second of the track');
  }
  assertUint32('mdhd duration', mdhd.duration);
  const language = packLanguage(mdhd.language);
  writeFullBoxHeader(w, 'mdhd', MDHD_SIZE, 0, 0);
  w.u32(0); // creation_time
  w.u32(0); // modification_time
  w.u32(mdhd.timescale);
  w.u32(mdhd.duration);
  w.u16(language); // pad(1) = 0 + language(15)
  w.u16(0); // pre_defined
}
