import { parseAudioSpecificConfig } from '../../../codecs/aac/audio-specific-config.js';
import type { CodecConfig } from '../../../codecs/codec-config.js';
import { codecHandler } from '../../../codecs/codec-registry.js';
import { buildAvcc } from '../../../codecs/h264/avcc.js';
import { buildHvcc } from '../../../codecs/hevc/build-hvcc.js';
import { splitAnnexb } from '../../../codecs/nal/annexb.js';
import { readTestdata } from '../../../codecs/test-support/testdata.js';
import { buildInitVersion } from '../../../packager/init-version.js';

/**
 * CMAF init segments as the packager writes them (`buildInitVersion`, the codec registry's sample
 * entries), from the parameter sets of `src/codecs/testdata`, for the Smooth codec data tests.
 */

function nalus(file: string): Uint8Array[] {
  return splitAnnexb(readTestdata(file));
}

/** `h264Units` is the first SPS and PPS of an H.264 test stream. */
export function h264Units(file = 'h264-high-1280x720.h264'): { sps: Uint8Array; pps: Uint8Array } {
  const all = nalus(file);
  const sps = all.find((n) => ((n[0] ?? 0) & 0x1f) === 7);
  const pps = all.find((n) => ((n[0] ?? 0) & 0x1f) === 8);
  if (sps === undefined || pps === undefined) {
    throw new Error(`${file} has no SPS or PPS`);
  }
  return { sps, pps };
}

/** `initFor` is the init segment of a track with `config`. */
export function initFor(config: CodecConfig): Uint8Array {
  const track = {
    id: config.kind,
    kind: config.kind,
    name: config.kind,
    timescale: 1000,
    config,
    declaredBitrate: undefined,
    revision: 0,
  };
  return buildInitVersion(0, track, {}).init.data;
}

/** `h264Init` is an H.264 init segment (4-byte NAL lengths unless told otherwise). */
export function h264Init(file = 'h264-high-1280x720.h264', nalLengthSize = 4): Uint8Array {
  const { sps, pps } = h264Units(file);
  return initFor(codecHandler('h264').parseConfig(buildAvcc([sps], [pps], nalLengthSize)));
}

/** `hevcInit` is an HEVC (`hvc1`) init segment. */
export function hevcInit(): Uint8Array {
  const all = nalus('hevc-main-1920x1080.hevc');
  const ofType = (t: number) => all.filter((n) => (((n[0] ?? 0) >> 1) & 0x3f) === t).slice(0, 1);
  return initFor(codecHandler('hevc').parseConfig(buildHvcc(ofType(32), ofType(33), ofType(34))));
}

/** `aacInit` is an AAC init segment with the AudioSpecificConfig `asc`. */
export function aacInit(asc: Uint8Array): Uint8Array {
  return initFor(parseAudioSpecificConfig(asc));
}
