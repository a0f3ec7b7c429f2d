import { someNaluHeader } from '../nal/length-prefixed.js';
import { hevcNaluType, isHevcIrap } from './hevc-nalu-type.js';

function isIrapHeader(headerByte: number): boolean {
  return isHevcIrap(hevcNaluType(headerByte));
}

/**
 * `isHevcKeyframe` tells whether a length-prefixed H.265 access unit holds an IRAP picture (nal_unit_type
 * 16..23: BLA, IDR, CRA; ITU-T H.265 §7.4.2.2), i.e. is a random access point. Allocation-free; malformed
 * data gives false, so callers can fall back to the FLV frame type.
 */
export function isHevcKeyframe(data: Uint8Array, nalLengthSize: number): boolean {
  return someNaluHeader(data, nalLengthSize, isIrapHeader);
}
