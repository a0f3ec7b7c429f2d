import { parseAudioSpecificConfig } from '../../codecs/aac/audio-specific-config.js';
import { buildAvcc, parseAvcc } from '../../codecs/h264/avcc.js';
import { splitAnnexb } from '../../codecs/nal/annexb.js';
import { readTestdata } from '../../codecs/test-support/testdata.js';
import type { Track } from '../../media/track.js';
import { audioSpecificConfig } from '../../formats/fmp4/test-support/sample-entries.js';

/** H.264 test streams of `src/codecs/testdata` by picture size. */
const H264_FILES = {
  '720p': 'h264-high-1280x720.h264',
  '1080i': 'h264-main-1920x1080i.h264',
} as const;

/** MPEG-4 samplingFrequencyIndex values (ISO/IEC 14496-3 Table 1.16). */
const FREQUENCY_INDEX: Readonly<Record<number, number>> = { 48000: 3, 44100: 4, 32000: 5 };

/** `h264Track` is a video track whose config comes from a real SPS/PPS (`avcC` built and parsed). */
export function h264Track(id: string, size: keyof typeof H264_FILES = '720p', revision = 0): Track {
  const nals = splitAnnexb(readTestdata(H264_FILES[size]));
  const sps = nals.filter((n) => ((n[0] ?? 0) & 0x1f) === 7).slice(0, 1);
  const pps = nals.filter((n) => ((n[0] ?? 0) & 0x1f) === 8).slice(0, 1);
  const config = parseAvcc(buildAvcc(sps, pps));
  return {
    id,
    kind: 'video',
    name: `video_${size}`,
    timescale: 1000,
    config,
    declaredBitrate: undefined,
    revision,
  };
}

/** `aacTrack` is an AAC-LC audio track (stereo). */
export function aacTrack(id: string, sampleRate = 48000, revision = 0): Track {
  const index = FREQUENCY_INDEX[sampleRate];
  if (index === undefined) {
    throw new Error(`no frequency index for ${sampleRate} Hz in the test tracks`);
  }
  const config = parseAudioSpecificConfig(audioSpecificConfig(2, index, 2));
  return {
    id,
    kind: 'audio',
    name: 'audio_128000',
    timescale: 1000,
    config,
    declaredBitrate: 128_000,
    revision,
  };
}
