/**
 * `splitAnnexB` splits an H.264 Annex B byte stream (ITU-T H.264 Annex B) into NAL units, as views
 * without their start codes and trailing zero bytes.
 */
export function splitAnnexB(stream: Uint8Array): Uint8Array[] {
  const starts: number[] = [];
  for (let i = 0; i + 2 < stream.length; i++) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      starts.push(i + 3);
      i += 2;
    }
  }
  return starts.map((start, k) => {
    let end = k + 1 < starts.length ? (starts[k + 1] as number) - 3 : stream.length;
    while (end > start && stream[end - 1] === 0) {
      end--;
    }
    return stream.subarray(start, end);
  });
}

/** `nalType` is the nal_unit_type of an H.264 NAL unit (low 5 bits of its first byte). */
export function nalType(nal: Uint8Array): number {
  return (nal[0] ?? 0) & 0x1f;
}

/** H.264 nal_unit_type values used by the tests (ITU-T H.264 Table 7-1). */
export const NAL_IDR = 5;
export const NAL_SPS = 7;
export const NAL_PPS = 8;
export const NAL_AUD = 9;

/** `H264Stream` is an Annex B stream regrouped for MP4: parameter sets and AVCC access units. */
export interface H264Stream {
  readonly sps: Uint8Array;
  readonly pps: Uint8Array;
  /** Access units in decode order: NAL units with 4-byte length prefixes, without AUD/SPS/PPS. */
  readonly accessUnits: { readonly keyframe: boolean; readonly data: Uint8Array }[];
}

/** `groupAccessUnits` splits a stream that has an access unit delimiter before every access unit. */
export function groupAccessUnits(stream: Uint8Array): H264Stream {
  let sps: Uint8Array | undefined;
  let pps: Uint8Array | undefined;
  const units: Uint8Array[][] = [];
  for (const nal of splitAnnexB(stream)) {
    const type = nalType(nal);
    if (type === NAL_AUD) {
      units.push([]);
    } else if (type === NAL_SPS) {
      sps ??= nal;
    } else if (type === NAL_PPS) {
      pps ??= nal;
    } else {
      units.at(-1)?.push(nal);
    }
  }
  if (sps === undefined || pps === undefined) {
    throw new Error('the H.264 stream has no SPS or PPS');
  }
  const accessUnits = units.map((nals) => {
    const data = new Uint8Array(nals.reduce((n, x) => n + 4 + x.length, 0));
    const view = new DataView(data.buffer);
    let at = 0;
    for (const nal of nals) {
      view.setUint32(at, nal.length);
      data.set(nal, at + 4);
      at += 4 + nal.length;
    }
    return { keyframe: nals.some((n) => nalType(n) === NAL_IDR), data };
  });
  return { sps, pps, accessUnits };
}
