import { someNaluHeader } from '../nal/length-prefixed.js';
import { H264NaluType } from './h264-nalu-type.js';

function isIdr(headerByte: number): boolean {
  return (headerByte & 0x1f) === H264NaluType.idrSlice;
}

/**
 * `isH264Keyframe` tells whether a length-prefixed H.264 access unit holds an IDR slice (nal_unit_type 5,
 * ITU-T H.264 Table 7-1), i.e. is a random access point. Allocation-free; malformed data gives false,
 * so callers can fall back to the FLV frame type.
 */
export function isH264Keyframe(data: Uint8Array, nalLengthSize: number): boolean {
  return someNaluHeader(data, nalLengthSize, isIdr);
}
