import type { RenditionWindow } from '../../packager/rendition-window.js';
import { type FallbackBandwidth, renditionBandwidth } from '../rendition-bandwidth.js';

/**
 * BANDWIDTH of a TS variant. RFC 8216bis §4.4.6.2 asks for the peak segment bit rate of the variant, and
 * a TS segment is larger than the CMAF media it is made of: every 184 payload bytes pay a 4-byte packet
 * header, every access unit a PES header, a delimiter, an adaptation field with the PCR and, on
 * average, half a packet of stuffing, every AAC frame a 7-byte ADTS header, every audio PES (of about two
 * frames, the fewest the grouping makes at low sample rates) its own header and stuffing, and every
 * segment a PAT and a PMT. The estimate adds these to the CMAF peaks, taking the frame rate as 60 when
 * unknown and 1024 samples per AAC frame, so it errs high.
 */

const PACKET_SIZE = 188;
const PACKET_PAYLOAD = 184;
/** PES header with PTS and DTS, H.264 delimiter, adaptation field with PCR, half a packet of stuffing. */
const VIDEO_PES_OVERHEAD = 19 + 6 + 8 + PACKET_PAYLOAD / 2;
/** PES header with PTS, half a packet of stuffing. */
const AUDIO_PES_OVERHEAD = 14 + PACKET_PAYLOAD / 2;
const ADTS_HEADER = 7;
const AUDIO_FRAMES_PER_PES = 2;
const SAMPLES_PER_AAC_FRAME = 1024;
const UNKNOWN_FRAME_RATE = 60;
/** PAT and PMT, one packet each. */
const PSI_BYTES = 2 * PACKET_SIZE;

/**
 * `tsVariantBandwidth` is the BANDWIDTH to announce for TS segments muxing `video` (or no video) and
 * `audio` (or no audio), each rendition's peak from `renditionBandwidth` (measured, else the fallback);
 * `undefined` while a rendition has neither, like the fMP4 builders. `segmentSeconds` is the TS segment
 * target duration, for the PAT and PMT of each segment.
 */
export function tsVariantBandwidth(
  video: RenditionWindow | undefined,
  audio: RenditionWindow | undefined,
  segmentSeconds: number,
  fallback?: FallbackBandwidth,
): number | undefined {
  const videoPeak = video === undefined ? 0 : renditionBandwidth(video, fallback);
  const audioPeak = audio === undefined ? 0 : renditionBandwidth(audio, fallback);
  if (videoPeak === undefined || audioPeak === undefined || videoPeak + audioPeak === 0) {
    return undefined;
  }
  const frameRate =
    video === undefined
      ? 0
      : video.frameRate !== undefined && video.frameRate > 0
        ? video.frameRate
        : UNKNOWN_FRAME_RATE;
  const audioFrames = audio === undefined ? 0 : (audio.sampleRate ?? audio.timescale) / SAMPLES_PER_AAC_FRAME;
  const overheadBytes =
    frameRate * VIDEO_PES_OVERHEAD +
    audioFrames * ADTS_HEADER +
    (audioFrames / AUDIO_FRAMES_PER_PES) * AUDIO_PES_OVERHEAD +
    PSI_BYTES / Math.max(1, segmentSeconds);
  return Math.ceil(((videoPeak + audioPeak + 8 * overheadBytes) * PACKET_SIZE) / PACKET_PAYLOAD);
}
