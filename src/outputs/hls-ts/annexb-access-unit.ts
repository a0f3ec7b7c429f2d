import type { VideoCodecConfig } from '../../codecs/codec-config.js';
import { H264NaluType, h264NaluType } from '../../codecs/h264/h264-nalu-type.js';
import { HevcNaluType, hevcNaluType } from '../../codecs/hevc/hevc-nalu-type.js';
import { splitLengthPrefixed } from '../../codecs/nal/length-prefixed.js';

/**
 * Video access units for MPEG-TS: the byte stream format of ITU-T H.264 / H.265 Annex B, which
 * ISO/IEC 13818-1 §2.14 (AVC) and §2.17 (HEVC) require of PES payloads. Each access unit starts with an
 * access unit delimiter (§2.14.1: "each AVC access unit shall contain an access unit delimiter"), and
 * each random access point carries its parameter sets in-band, because a TS segment is decoded with no
 * init segment.
 */

/** Four-byte start code: zero_byte + start_code_prefix_one_3bytes (H.264 §B.1.1). */
const START_CODE = Uint8Array.of(0, 0, 0, 1);
/** H.264 AUD: nal_unit_type 9, primary_pic_type 7 (any slice type), rbsp_stop_one_bit. */
const H264_AUD = Uint8Array.of(0, 0, 0, 1, 0x09, 0xf0);
/**
 * H.265 AUD per TemporalId + 1 (H.265 §7.3.2.5, §7.4.2.2: the delimiter has the TemporalId of its
 * access unit): nal_unit_type 35, nuh_layer_id 0, pic_type 2 (I, P or B slices), rbsp_stop_one_bit.
 */
const HEVC_AUDS: readonly Uint8Array[] = Array.from({ length: 8 }, (_, temporalIdPlusOne) =>
  Uint8Array.of(0, 0, 0, 1, HevcNaluType.accessUnitDelimiter << 1, Math.max(1, temporalIdPlusOne), 0x50),
);

/**
 * `annexBAccessUnit` turns one length-prefixed sample (ISO/IEC 14496-15 §4.3.2) into Annex B byte runs:
 * an access unit delimiter (replacing any the sample holds), then for a key frame that carries no SPS
 * of its own the parameter sets of `config` (H.264 SPS, PPS; H.265 VPS, SPS, PPS), then every NAL unit
 * behind a start code. The runs are views of the sample, the config and shared constants: nothing is
 * copied. Throws `MediaFormatError` when a NAL unit length runs past the sample.
 */
export function annexBAccessUnit(
  sample: Uint8Array,
  config: VideoCodecConfig,
  keyframe: boolean,
): Uint8Array[] {
  const nalus = splitLengthPrefixed(sample, config.nalLengthSize);
  const hevc = config.codec === 'hevc';
  const typeOf = hevc ? hevcNaluType : h264NaluType;
  const aud = hevc ? HevcNaluType.accessUnitDelimiter : H264NaluType.accessUnitDelimiter;
  const sps = hevc ? HevcNaluType.sps : H264NaluType.sps;
  let hasSps = false;
  let temporalIdPlusOne = 1;
  for (const nal of nalus) {
    const type = typeOf(nal[0] ?? 0);
    hasSps ||= type === sps;
    if (hevc && type < HevcNaluType.vps && temporalIdPlusOne === 1) {
      temporalIdPlusOne = Math.max(1, (nal[1] ?? 1) & 0x07);
    }
  }
  const out: Uint8Array[] = [hevc ? (HEVC_AUDS[temporalIdPlusOne] ?? H264_AUD) : H264_AUD];
  if (keyframe && !hasSps) {
    const sets =
      config.codec === 'hevc'
        ? [...config.vps, ...config.sps, ...config.pps]
        : [...config.sps, ...config.pps];
    for (const set of sets) {
      out.push(START_CODE, set);
    }
  }
  for (const nal of nalus) {
    if (typeOf(nal[0] ?? 0) !== aud) {
      out.push(START_CODE, nal);
    }
  }
  return out;
}
