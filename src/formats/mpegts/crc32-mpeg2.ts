/**
 * CRC_32 of PSI sections (ISO/IEC 13818-1 Annex A): polynomial 0x04C11DB7, register preset to all ones,
 * bits fed most significant first, no final inversion. A section is intact when the CRC over the whole
 * section, its own CRC_32 field included, is 0.
 */

const POLYNOMIAL = 0x04c1_1db7;

/** One entry per leading byte of the register, computed once. */
const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let bit = 0; bit < 8; bit++) {
      c = c & 0x8000_0000 ? (c << 1) ^ POLYNOMIAL : c << 1;
    }
    table[i] = c >>> 0;
  }
  return table;
})();

/** `crc32Mpeg2` is the CRC_32 of `bytes[start, end)`. */
export function crc32Mpeg2(bytes: Uint8Array, start = 0, end = bytes.byteLength): number {
  let crc = 0xffff_ffff;
  for (let i = start; i < end; i++) {
    crc = ((crc << 8) ^ (TABLE[((crc >>> 24) ^ (bytes[i] ?? 0)) & 0xff] ?? 0)) >>> 0;
  }
  return crc;
}
