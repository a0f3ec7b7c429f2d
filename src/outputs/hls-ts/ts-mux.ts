import type { AacConfig, VideoCodecConfig } from '../../codecs/codec-config.js';
import { PesStreamId, TsStreamType } from '../../formats/mpegts/ts-constants.js';
import { type TsPes, type TsStream, writeTsSegment } from '../../formats/mpegts/ts-segment-writer.js';
import { audioPes } from './ts-audio-pes.js';
import { type LoadedTrack, trackMedia } from './ts-media-configs.js';
import type { TsSegmentPlan } from './ts-plan.js';
import { videoPes } from './ts-video-pes.js';

/** `TsSegmentMedia` is what the caller loaded for a `TsSegmentPlan`: one entry per planned track. */
export interface TsSegmentMedia {
  readonly video?: LoadedTrack;
  readonly audio?: LoadedTrack;
}

/**
 * The program layout of every TS segment, as ffmpeg and most HLS packagers write it: program 1, PMT on
 * PID 0x1000, video on 0x100, audio on 0x101.
 */
const PROGRAM_NUMBER = 1;
const PMT_PID = 0x1000;
const VIDEO_PID = 0x100;
const AUDIO_PID = 0x101;

/**
 * `muxTsSegment` makes TS segment `plan` (see `planTsSegment`) from the loaded CMAF media: PAT, PMT,
 * then the video access units and the grouped audio frames interleaved by decode time, the first video
 * access unit (a key frame, with the first PCR) first. The PCR rides on video, or on audio in an
 * audio-only segment. Pure: the same plan and bytes give the same segment. Throws `Error` when the
 * loaded media does not match the plan, `MediaFormatError` when it is malformed or holds a codec TS
 * cannot carry.
 */
export function muxTsSegment(plan: TsSegmentPlan, media: TsSegmentMedia): Uint8Array {
  const streams: TsStream[] = [];
  let video: TsPes[] = [];
  let audio: TsPes[] = [];
  if (plan.video !== undefined) {
    const tracks = trackMedia(plan.video, media.video, (c) =>
      c.kind === 'video' ? (c as VideoCodecConfig) : undefined,
    );
    const made = videoPes(tracks, VIDEO_PID);
    streams.push({ pid: VIDEO_PID, streamType: made.streamType, streamId: PesStreamId.video });
    video = made.pes;
  }
  if (plan.audio !== undefined) {
    const tracks = trackMedia(plan.audio, media.audio, (c) =>
      c.codec === 'aac' ? (c as AacConfig) : undefined,
    );
    streams.push({ pid: AUDIO_PID, streamType: TsStreamType.aacAdts, streamId: PesStreamId.audio });
    audio = audioPes(plan.audio, tracks, AUDIO_PID);
  }
  const pcrPid = plan.video !== undefined ? VIDEO_PID : AUDIO_PID;
  return writeTsSegment(
    { programNumber: PROGRAM_NUMBER, pmtPid: PMT_PID, pcrPid, streams },
    interleave(video, audio),
  );
}

/** Merges video (by DTS) and audio (by PTS) in time order, the first video PES first. */
function interleave(video: readonly TsPes[], audio: readonly TsPes[]): TsPes[] {
  const out: TsPes[] = [];
  let v = 0;
  let a = 0;
  while (v < video.length || a < audio.length) {
    const nextVideo = video[v];
    const nextAudio = audio[a];
    if (
      nextVideo !== undefined &&
      (v === 0 || nextAudio === undefined || (nextVideo.dts ?? nextVideo.pts) <= nextAudio.pts)
    ) {
      out.push(nextVideo);
      v++;
    } else if (nextAudio !== undefined) {
      out.push(nextAudio);
      a++;
    }
  }
  return out;
}
