import type { ByteWriter } from '../../lib/bytes/byte-writer.js';

/**
 * ISO BMFF box primitives (ISO/IEC 14496-12 §4.2), in two styles that combine:
 * - chunk lists (`box`, `fullBox`): a box is a list of byte runs, so large payloads (sample data in
 *   `mdat`) are referenced, never copied, until the segment is assembled once at the end;
 * - `ByteWriter` helpers (`writeBoxHeader`, `beginBox`/`endBox`): headers written straight into one
 *   preallocated buffer, which is how the movie fragment writer builds `moof` for every segment and part.
 */

/** `BoxChunks` is a box or box payload as a list of byte runs, in order. */
export type BoxChunks = Uint8Array[];

/** `chunksLength` is the total size of a list of byte runs. */
export function chunksLength(chunks: readonly Uint8Array[]): number {
  let n = 0;
  for (const c of chunks) {
    n += c.byteLength;
  }
  return n;
}

/** `concatChunks` assembles byte runs into one buffer (the single copy of sample data). */
export function concatChunks(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunksLength(chunks));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function header(type: string, size: number): Uint8Array {
  if (type.length !== 4) {
    throw new TypeError(`box type must be four characters, got "${type}"`);
  }
  const h = new Uint8Array(8);
  const v = new DataView(h.buffer);
  v.setUint32(0, size);
  for (let i = 0; i < 4; i++) {
    h[4 + i] = type.charCodeAt(i);
  }
  return h;
}

/** `box` wraps payload chunks into a box of `type` with a 32-bit size (ISO/IEC 14496-12 §4.2). */
export function box(type: string, ...payload: (Uint8Array | BoxChunks)[]): BoxChunks {
  const flat: Uint8Array[] = [];
  for (const p of payload) {
    if (p instanceof Uint8Array) {
      flat.push(p);
    } else {
      flat.push(...p);
    }
  }
  const size = 8 + chunksLength(flat);
  if (size > 0xffff_ffff) {
    throw new RangeError(`box ${type} is ${size} bytes; 64-bit box sizes are not written`);
  }
  return [header(type, size), ...flat];
}

/** `fullBoxHeader` is the version and 24-bit flags that start a FullBox payload (§4.2). */
export function fullBoxHeader(version: number, flags: number): Uint8Array {
  return Uint8Array.of(version & 0xff, (flags >>> 16) & 0xff, (flags >>> 8) & 0xff, flags & 0xff);
}

/** `fullBox` wraps payload chunks into a FullBox with `version` and `flags`. */
export function fullBox(
  type: string,
  version: number,
  flags: number,
  ...payload: (Uint8Array | BoxChunks)[]
): BoxChunks {
  return box(type, fullBoxHeader(version, flags), ...payload);
}

/** `BOX_HEADER_SIZE` is the size of a box header with a 32-bit size: size(4) + type(4) (§4.2). */
export const BOX_HEADER_SIZE = 8;

/** `FULL_BOX_HEADER_SIZE` is a box header plus the FullBox version(1) + flags(3) (§4.2). */
export const FULL_BOX_HEADER_SIZE = 12;

/** `writeFourCc` appends a four-character code (box type or brand) as four latin1 bytes. */
export function writeFourCc(w: ByteWriter, code: string): void {
  if (code.length !== 4) {
    throw new TypeError(`a four-character code must have four characters, got "${code}"`);
  }
  for (let i = 0; i < 4; i++) {
    if (code.charCodeAt(i) > 0xff) {
      throw new TypeError(`four-character code "${code}" has a character outside latin1`);
    }
  }
  w.ascii(code);
}

/** `writeBoxHeader` appends the header of a box of `size` bytes in total, header included (§4.2). */
export function writeBoxHeader(w: ByteWriter, type: string, size: number): void {
  if (!Number.isInteger(size) || size < BOX_HEADER_SIZE || size > 0xffff_ffff) {
    throw new RangeError(`box ${type} size ${size} does not fit a 32-bit box header`);
  }
  w.u32(size);
  writeFourCc(w, type);
}

/** `writeFullBoxHeader` appends a FullBox header: box header, version and 24-bit flags (§4.2). */
export function writeFullBoxHeader(
  w: ByteWriter,
  type: string,
  size: number,
  version: number,
  flags: number,
): void {
  writeBoxHeader(w, type, size);
  w.u8(version);
  w.u24(flags);
}

/**
 * `beginBox` starts a box whose size is not known yet: it writes a placeholder size and returns the
 * box's start offset in `w`, to be closed by `endBox`. Used for container boxes of the init segment.
 */
export function beginBox(w: ByteWriter, type: string): number {
  const start = w.length;
  w.u32(0);
  writeFourCc(w, type);
  return start;
}

/** `beginFullBox` is `beginBox` for a FullBox: it also writes version and flags. */
export function beginFullBox(w: ByteWriter, type: string, version: number, flags: number): number {
  const start = beginBox(w, type);
  w.u8(version);
  w.u24(flags);
  return start;
}

/** `endBox` patches the size of the box begun at `start` to cover everything written since. */
export function endBox(w: ByteWriter, start: number): void {
  const size = w.length - start;
  if (size > 0xffff_ffff) {
    throw new RangeError(`box at ${start} is ${size} bytes; 64-bit box sizes are not written`);
  }
  w.patchU32(start, size);
}
