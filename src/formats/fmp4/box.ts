/**
 * ISO BMFF box primitives (ISO/IEC 14496-12 §4.2). A box is written as a list of byte chunks so that
 * large payloads (sample data in `mdat`) are referenced, never copied, until the segment is assembled
 * once at the end.
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
