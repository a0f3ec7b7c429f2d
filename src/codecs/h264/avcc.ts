import { ByteReader } from '../../lib/bytes/byte-reader.js';
import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import type { H264Config } from '../codec-config.js';
import { parseH264Sps } from './h264-sps.js';

/** configurationVersion of an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1.2). */
const AVCC_VERSION = 1;
/** Profiles whose record carries the chroma_format / bit depth extension (ISO/IEC 14496-15 §5.3.3.1.2). */
const EXTENSION_PROFILES = new Set([100, 110, 122, 144]);

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** `avcCodecString` is the RFC 6381 §3.3 codec string `avc1.PPCCLL` (lowercase hex). */
export function avcCodecString(profileIdc: number, constraintFlags: number, levelIdc: number): string {
  return `avc1.${hex2(profileIdc)}${hex2(constraintFlags)}${hex2(levelIdc)}`;
}

function readNalus(r: ByteReader, count: number, what: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    out.push(r.bytesView(r.u16(`${what} length`), what));
  }
  return out;
}

/**
 * `parseAvcc` decodes an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1) into an `H264Config`:
 * the SPS/PPS lists, NAL length size, profile/constraints/level, the codec string and the cropped
 * picture size from the first SPS (0×0 when that SPS cannot be read). The record is copied once; the
 * parameter sets are views into that copy. Throws `MediaFormatError` for a malformed record.
 */
export function parseAvcc(record: Uint8Array): H264Config {
  const own = record.slice();
  const r = new ByteReader(own);
  const version = r.u8('avcc configurationVersion');
  if (version !== AVCC_VERSION) {
    throw new MediaFormatError('avcc-bad-version', `avcc configurationVersion is ${version}, expected 1`, 0);
  }
  const profileIdc = r.u8('avcc profile');
  const constraintFlags = r.u8('avcc profile compatibility');
  const levelIdc = r.u8('avcc level');
  const nalLengthSize = (r.u8('avcc lengthSizeMinusOne') & 0x03) + 1;
  if (nalLengthSize === 3) {
    throw new MediaFormatError(
      'avcc-bad-length-size',
      'avcc lengthSizeMinusOne is 2 (3-byte lengths are not allowed)',
      4,
    );
  }
  const sps = readNalus(r, r.u8('avcc numOfSequenceParameterSets') & 0x1f, 'sps');
  const pps = readNalus(r, r.u8('avcc numOfPictureParameterSets'), 'pps');
  const first = sps[0];
  if (first === undefined) {
    throw new MediaFormatError('avcc-no-sps', 'avcc record has no sequence parameter set', 5);
  }
  let width = 0;
  let height = 0;
  try {
    ({ width, height } = parseH264Sps(first));
  } catch (e) {
    if (!(e instanceof MediaFormatError)) {
      throw e;
    }
  }
  return {
    codec: 'h264',
    kind: 'video',
    codecString: avcCodecString(profileIdc, constraintFlags, levelIdc),
    width,
    height,
    nalLengthSize,
    record: own,
    profileIdc,
    constraintFlags,
    levelIdc,
    sps,
    pps,
  };
}

/**
 * `buildAvcc` writes an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1) from SPS and PPS NAL
 * units (no start codes), with 4-byte NAL lengths by default. Profile fields come from the first SPS;
 * high profiles get the chroma format and bit depth extension with no SPS extension units.
 */
export function buildAvcc(
  sps: readonly Uint8Array[],
  pps: readonly Uint8Array[],
  nalLengthSize = 4,
): Uint8Array {
  const first = sps[0];
  if (first === undefined) {
    throw new RangeError('an avcC record needs at least one sps');
  }
  if (nalLengthSize !== 1 && nalLengthSize !== 2 && nalLengthSize !== 4) {
    throw new RangeError(`nal length size must be 1, 2 or 4, got ${nalLengthSize}`);
  }
  const info = parseH264Sps(first);
  const w = new ByteWriter(64);
  w.u8(AVCC_VERSION).u8(info.profileIdc).u8(info.constraintFlags).u8(info.levelIdc);
  w.u8(0xfc | (nalLengthSize - 1)); // reserved '111111'b
  w.u8(0xe0 | sps.length); // reserved '111'b
  for (const s of sps) {
    w.u16(s.byteLength).bytes(s);
  }
  w.u8(pps.length);
  for (const p of pps) {
    w.u16(p.byteLength).bytes(p);
  }
  if (EXTENSION_PROFILES.has(info.profileIdc)) {
    w.u8(0xfc | info.chromaFormatIdc); // reserved '111111'b
    w.u8(0xf8 | (info.bitDepthLuma - 8)); // reserved '11111'b
    w.u8(0xf8 | (info.bitDepthChroma - 8));
    w.u8(0); // numOfSequenceParameterSetExt
  }
  return w.toBytes();
}
