/** `H264NaluType` lists the H.264 nal_unit_type values Inlet looks at (ITU-T H.264 Table 7-1). */
export const H264NaluType = {
  nonIdrSlice: 1,
  idrSlice: 5,
  sei: 6,
  sps: 7,
  pps: 8,
  accessUnitDelimiter: 9,
  endOfSequence: 10,
  endOfStream: 11,
  fillerData: 12,
} as const;

/** `h264NaluType` is the nal_unit_type of an H.264 NAL unit header byte (its low five bits). */
export function h264NaluType(headerByte: number): number {
  return headerByte & 0x1f;
}
