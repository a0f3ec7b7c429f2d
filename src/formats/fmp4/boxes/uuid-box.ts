import type { ByteReader } from '../../../lib/bytes/byte-reader.js';
import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { MediaFormatError } from '../../../lib/media-format-error.js';
import { writeBoxHeader } from '../box.js';
import { type BoxRange, payloadReader, readFullBoxHeader } from '../reader/box-range.js';

/**
 * Boxes of type `uuid` (ISO/IEC 14496-12 §4.2, §11.1): a user extension names itself with a 16-byte
 * extended type after the box type. Smooth Streaming ([MS-SSTR] §2.2.4) puts its `tfxd` and `tfrf`
 * boxes into a `traf` this way, both as FullBoxes (version and flags after the extended type).
 */

/** `UUID_FULL_BOX_HEADER_SIZE` is size(4) + `uuid`(4) + extended_type(16) + version(1) + flags(3). */
export const UUID_FULL_BOX_HEADER_SIZE = 28;

/** `extendedType` turns a UUID in its text form (`6D1D9B05-42D5-44E6-80E2-141DAFF757B2`) into its 16 bytes. */
export function extendedType(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9A-Fa-f]{32}$/.test(hex)) {
    throw new TypeError(`an extended type is a UUID of 32 hex digits, got "${uuid}"`);
  }
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

/** `writeUuidFullBoxHeader` appends the header of a `uuid` FullBox of `size` bytes in total (§4.2). */
export function writeUuidFullBoxHeader(
  w: ByteWriter,
  type: Uint8Array,
  size: number,
  version: number,
  flags: number,
): void {
  if (type.byteLength !== 16) {
    throw new RangeError(`a uuid box extended type has 16 bytes, got ${type.byteLength}`);
  }
  writeBoxHeader(w, 'uuid', size);
  w.bytes(type);
  w.u8(version);
  w.u24(flags);
}

/** `hasExtendedType` tells whether `box` is a `uuid` box whose extended type is `type`. */
export function hasExtendedType(bytes: Uint8Array, box: BoxRange, type: Uint8Array): boolean {
  const at = box.start + box.headerSize;
  if (box.type !== 'uuid' || box.end - at < 16) {
    return false;
  }
  for (let i = 0; i < 16; i++) {
    if (bytes[at + i] !== type[i]) {
      return false;
    }
  }
  return true;
}

/**
 * `uuidFullBoxReader` checks that `box` is a `uuid` box of extended type `type` (named `name` in errors)
 * and returns a reader positioned after its version and flags, with the version read.
 */
export function uuidFullBoxReader(
  bytes: Uint8Array,
  box: BoxRange,
  type: Uint8Array,
  name: string,
): { reader: ByteReader; version: number } {
  if (!hasExtendedType(bytes, box, type)) {
    throw new MediaFormatError(
      'fmp4-bad-uuid',
      `box ${JSON.stringify(box.type)} at offset ${box.start} is not a ${name} (uuid ${uuidText(type)})`,
      box.start,
    );
  }
  const reader = payloadReader(bytes, box);
  reader.skip(16, `${name} extended type`);
  const { version } = readFullBoxHeader(reader, { ...box, type: name }, 1);
  return { reader, version };
}

/** `uuidText` prints an extended type in its text form, upper-case with dashes. */
export function uuidText(type: Uint8Array): string {
  const hex = Array.from(type, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
}
