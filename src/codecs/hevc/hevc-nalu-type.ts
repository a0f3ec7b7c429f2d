/** `HevcNaluType` lists the H.265 nal_unit_type values Inlet looks at (ITU-T H.265 Table 7-1). */
export const HevcNaluType = {
  /** First and last IRAP types (BLA_W_LP .. RSV_IRAP_VCL23): random access points. */
  firstIrap: 16,
  idrWRadl: 19,
  idrNLp: 20,
  craNut: 21,
  lastIrap: 23,
  vps: 32,
  sps: 33,
  pps: 34,
  accessUnitDelimiter: 35,
  endOfSequence: 36,
  endOfBitstream: 37,
  fillerData: 38,
  prefixSei: 39,
  suffixSei: 40,
} as const;

/** `hevcNaluType` is the nal_unit_type of an H.265 NAL unit from its first header byte (bits 1..6). */
export function hevcNaluType(headerByte: number): number {
  return (headerByte >> 1) & 0x3f;
}

/** `isHevcIrap` tells whether a NAL unit type is an IRAP picture (H.265 §7.4.2.2: types 16 to 23). */
export function isHevcIrap(naluType: number): boolean {
  return naluType >= HevcNaluType.firstIrap && naluType <= HevcNaluType.lastIrap;
}
