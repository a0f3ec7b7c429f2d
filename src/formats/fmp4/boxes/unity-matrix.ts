import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';

/**
 * `UNITY_MATRIX` is the identity transformation matrix of `mvhd` and `tkhd` (ISO/IEC 14496-12 §6.2.2):
 * a, b, u, c, d, v, x, y, w where a, b, c, d, x, y are 16.16 and u, v, w are 2.30 fixed point.
 */
export const UNITY_MATRIX: readonly number[] = [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000];

/** `writeUnityMatrix` appends the 36 bytes of `UNITY_MATRIX`. */
export function writeUnityMatrix(w: ByteWriter): void {
  for (const v of UNITY_MATRIX) {
    w.u32(v);
  }
}
