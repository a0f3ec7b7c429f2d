/**
 * Which codecs an MPEG-TS segment carries (ISO/IEC 13818-1 Table 2-34): H.264 (stream_type 0x1B),
 * HEVC (0x24) and AAC in ADTS (0x0F). ADTS has a 2-bit profile field, so only the AAC object types 1..4
 * fit, with SBR and PS (HE-AAC, `mp4a.40.5` / `mp4a.40.29`) signalled implicitly on an AAC-LC core
 * (ISO/IEC 14496-3 §1.6.5.2). Decided from the RFC 6381 codec string, before any media is read.
 */

const VIDEO_PREFIXES = ['avc1.', 'avc3.', 'hvc1.', 'hev1.'];
const AAC_OBJECT_TYPES = new Set(['1', '2', '3', '4', '5', '29']);

/** `tsCarriesCodec` tells whether media of `codecString` can be muxed into TS segments. */
export function tsCarriesCodec(codecString: string): boolean {
  if (VIDEO_PREFIXES.some((p) => codecString.startsWith(p))) {
    return true;
  }
  const m = /^mp4a\.40\.(\d+)$/.exec(codecString);
  return m?.[1] !== undefined && AAC_OBJECT_TYPES.has(m[1]);
}
