import { ByteReader } from '../../lib/bytes/byte-reader.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import type { HevcConfig } from '../codec-config.js';
import { hevcCodecString } from './hevc-codec-string.js';
import { HevcNaluType } from './hevc-nalu-type.js';
import { parseHevcSps } from './hevc-sps.js';
import type { HevcProfileTierLevel } from './profile-tier-level.js';

/**
 * configurationVersion of an HEVCDecoderConfigurationRecord is 1 (ISO/IEC 14496-15 §8.3.3.1.2); 0 is
 * accepted too because early encoders wrote it with an otherwise valid layout.
 */
const MAX_HVCC_VERSION = 1;
/** Bytes before numOfArrays in the record. */
const HVCC_HEADER_SIZE = 22;

/**
 * `parseHvcc` decodes an HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 §8.3.3.1) into an `HevcConfig`:
 * VPS/SPS/PPS arrays (other arrays, e.g. SEI, are skipped), `nalLengthSize` = lengthSizeMinusOne + 1, the
 * Annex E codec string from the record's profile/tier/level fields, and the conformance-window size of
 * the first SPS (0×0 when it cannot be read). The record is copied once; parameter sets are views into
 * the copy. Throws `MediaFormatError` for a malformed record.
 */
export function parseHvcc(record: Uint8Array): HevcConfig {
  const own = record.slice();
  const r = new ByteReader(own);
  const version = r.u8('hvcc configurationVersion');
  if (version > MAX_HVCC_VERSION) {
    throw new MediaFormatError('hvcc-bad-version', `hvcc configurationVersion is ${version}, expected 1`, 0);
  }
  const b = r.u8('hvcc profile');
  const compatibilityFlags = r.u32('hvcc compatibility flags');
  const constraintIndicatorFlags = r.bytesView(6, 'hvcc constraint flags');
  const ptl: HevcProfileTierLevel = {
    profileSpace: b >> 6,
    tierFlag: (b >> 5) & 1,
    profileIdc: b & 0x1f,
    compatibilityFlags,
    constraintIndicatorFlags,
    levelIdc: r.u8('hvcc level'),
  };
  r.skip(HVCC_HEADER_SIZE - 1 - r.position, 'hvcc header');
  const nalLengthSize = (r.u8('hvcc lengthSizeMinusOne') & 0x03) + 1;
  if (nalLengthSize === 3) {
    throw new MediaFormatError(
      'hvcc-bad-length-size',
      'hvcc lengthSizeMinusOne is 2 (3-byte lengths are not allowed)',
      21,
    );
  }
  const vps: Uint8Array[] = [];
  const sps: Uint8Array[] = [];
  const pps: Uint8Array[] = [];
  const arrays = r.u8('hvcc numOfArrays');
  for (let i = 0; i < arrays; i++) {
    const type = r.u8('hvcc array nal type') & 0x3f;
    const count = r.u16('hvcc numNalus');
    const list =
      type === HevcNaluType.vps
        ? vps
        : type === HevcNaluType.sps
          ? sps
          : type === HevcNaluType.pps
            ? pps
            : undefined;
    for (let j = 0; j < count; j++) {
      const nal = r.bytesView(r.u16('hvcc nalUnitLength'), 'hvcc nal unit');
      list?.push(nal);
    }
  }
  const first = sps[0];
  if (first === undefined) {
    throw new MediaFormatError('hvcc-no-sps', 'hvcc record has no sequence parameter set', HVCC_HEADER_SIZE);
  }
  let width = 0;
  let height = 0;
  try {
    ({ width, height } = parseHevcSps(first));
  } catch (e) {
    if (!(e instanceof MediaFormatError)) {
      throw e;
    }
  }
  return {
    codec: 'hevc',
    kind: 'video',
    codecString: hevcCodecString(ptl),
    width,
    height,
    nalLengthSize,
    record: own,
    vps,
    sps,
    pps,
  };
}
