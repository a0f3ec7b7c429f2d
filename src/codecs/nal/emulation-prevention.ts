/**
 * `removeEmulationPrevention` turns a NAL unit into its RBSP by dropping every emulation_prevention_three_byte
 * (the 0x03 of a 0x00 0x00 0x03 sequence; ITU-T H.264 §7.4.1, H.265 §7.4.2). Returns the input itself (no
 * copy) when it contains none, which is the common case for parameter sets.
 */
export function removeEmulationPrevention(nal: Uint8Array): Uint8Array {
  const n = nal.byteLength;
  let first = -1;
  for (let i = 2; i < n; i++) {
    if (nal[i] === 0x03 && nal[i - 1] === 0 && nal[i - 2] === 0) {
      first = i;
      break;
    }
  }
  if (first < 0) {
    return nal;
  }
  const out = new Uint8Array(n);
  out.set(nal.subarray(0, first));
  let len = first;
  let zeros = 0;
  for (let i = first + 1; i < n; i++) {
    const b = nal[i] ?? 0;
    if (b === 0x03 && zeros >= 2) {
      zeros = 0;
      continue;
    }
    zeros = b === 0 ? zeros + 1 : 0;
    out[len++] = b;
  }
  return out.subarray(0, len);
}
