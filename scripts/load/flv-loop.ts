/**
 * `FlvLoop` is an FLV file prepared for looping by many publishers at once: parsed once, its tag bodies are
 * views into the one file buffer that every stream shares (no per-stream copy of the media).
 */
import { readFileSync } from 'node:fs';
import { decodeAmf0 } from '../../src/formats/amf0/amf0-decoder.js';
import type { Amf0Value } from '../../src/formats/amf0/amf0-value.js';
import { FlvFileReader, FlvTagType } from '../../src/formats/flv/flv-file-reader.js';

/** Legacy FLV codec ids with an AVC-style packet type byte (FLV spec v10.1 §E.4.3.1): AVC, HEVC (12). */
const AVC_STYLE_CODECS = new Set([7, 12]);
/** SoundFormat 10 = AAC (FLV spec §E.4.2.1); 9 = Enhanced RTMP audio ExHeader. */
const SOUND_AAC = 10;
const SOUND_EX_HEADER = 9;
/** Enhanced RTMP: IsExHeader bit of the first video byte; PacketType 0 = SequenceStart, 4 = Metadata. */
const VIDEO_EX_HEADER = 0x80;
const EX_SEQUENCE_START = 0;
const EX_METADATA = 4;

/** `LoopTag` is one media tag of the loop. */
export interface LoopTag {
  readonly type: typeof FlvTagType.audio | typeof FlvTagType.video;
  /** Milliseconds from the start of the loop (the first media tag is at 0). */
  readonly time: number;
  /**
   * When ffmpeg `-re` sends it, ms from the start of the loop: at or a little after `time` (see
   * {@link ffmpegSendTimes}); 0 for sequence headers, which go out on connect.
   */
  readonly sendAt: number;
  readonly body: Uint8Array;
}

/** `FlvLoop` holds what a publisher sends once per connection and what it loops. */
export interface FlvLoop {
  readonly file: string;
  /** `onMetaData` object, sent first on each connection. */
  readonly metadata: Amf0Value | undefined;
  /** Sequence headers (decoder configurations), sent after the metadata on each connection. */
  readonly config: readonly LoopTag[];
  /** Coded frames in timestamp order (file order for equal ones), times relative to the first. */
  readonly media: readonly LoopTag[];
  /** Loop length, ms: the next loop's tags are sent `periodMs` later with timestamps `periodMs` higher. */
  readonly periodMs: number;
  /**
   * Where ffmpeg 4 starts each repeat of `-stream_loop` (index into `media`): it seeks to the file's
   * start time (the earliest first presentation time of the tracks) and lands on the first video
   * keyframe at or after it, so the tags before that keyframe are left out of every repeat (2 s of the
   * 720p30 fixture, whose audio starts 46 ms after its first keyframe). 0 when the start is a keyframe.
   */
  readonly ffmpeg4RepeatIndex: number;
  /** Coded video and audio frames per loop. */
  readonly videoFrames: number;
  readonly audioFrames: number;
  /** Media bytes per loop (tag bodies). */
  readonly bytesPerLoop: number;
}

/** `isConfigTag` tells a sequence header (or Enhanced RTMP metadata) from a coded frame. */
export function isConfigTag(type: number, body: Uint8Array): boolean {
  const b0 = body[0] ?? 0;
  if (type === FlvTagType.video) {
    if ((b0 & VIDEO_EX_HEADER) !== 0) {
      const packetType = b0 & 0x0f;
      return packetType === EX_SEQUENCE_START || packetType === EX_METADATA;
    }
    return AVC_STYLE_CODECS.has(b0 & 0x0f) && body[1] === 0;
  }
  const format = b0 >> 4;
  if (format === SOUND_EX_HEADER) {
    return (b0 & 0x0f) === EX_SEQUENCE_START;
  }
  return format === SOUND_AAC && body[1] === 0;
}

/**
 * `ffmpegSendTimes` is when ffmpeg (`-re -c copy`, observed with 4.1 and 5.1) sends each tag of a loop
 * that repeats every `periodMs`, in ms from the loop's start. Its reader takes the next packet once the
 * last one read is due, and its muxer writes a packet once it holds a later packet of the other track:
 * a packet goes out when the packet after the next one of the other track may be read. That is what
 * groups its sends (about 1.5 messages per wake-up for 720p30 + AAC, as `AA` and `AAV` runs) instead of
 * one per timestamp. Computed for the steady state (the middle one of three loops). With one track
 * a packet is written as soon as it is read: when the one before it is due.
 */
export function ffmpegSendTimes(
  media: readonly { type: number; time: number }[],
  periodMs: number,
): number[] {
  const n = media.length;
  const all = [0, 1, 2].flatMap((k) =>
    media.map((t, i) => ({ k, i, type: t.type, at: k * periodMs + t.time })),
  );
  all.sort((a, b) => a.at - b.at || a.k - b.k || a.i - b.i);
  // read[j]: the previous tag is due (tags in timestamp order, so it is the latest one read).
  const read = all.map((_, j) => (j === 0 ? 0 : (all[j - 1]?.at ?? 0)));
  // nextOther[j]: the first later tag of another track (-1: none).
  const nextOther = new Array<number>(all.length).fill(-1);
  const nextOf = new Map<number, number>();
  for (let j = all.length - 1; j >= 0; j--) {
    const type = all[j]?.type ?? 0;
    let best = -1;
    for (const [t, at] of nextOf) {
      if (t !== type && (best < 0 || at < best)) {
        best = at;
      }
    }
    nextOther[j] = best;
    nextOf.set(type, j);
  }
  const out = new Array<number>(n).fill(0);
  let last = 0;
  all.forEach((e, j) => {
    const k = nextOther[j] ?? -1;
    last = Math.max(last, read[k < 0 ? j : k] ?? 0);
    if (e.k === 1) {
      out[e.i] = last - periodMs;
    }
  });
  return out;
}

/** `ffmpeg4RepeatIndex`: see {@link FlvLoop.ffmpeg4RepeatIndex}. */
function ffmpeg4RepeatIndex(media: readonly LoopTag[]): number {
  let start = Infinity;
  let seenAudio = false;
  let seenVideo = false;
  for (const t of media) {
    if (t.type === FlvTagType.audio && !seenAudio) {
      seenAudio = true;
      start = Math.min(start, t.time);
    } else if (t.type === FlvTagType.video && !seenVideo) {
      seenVideo = true;
      start = Math.min(start, t.time + compositionTime(t.body));
    }
  }
  const i = media.findIndex((t) => t.type === FlvTagType.video && isKeyframe(t.body) && t.time >= start);
  return i < 0 ? 0 : i;
}

/** FLV VIDEODATA FrameType 1 (FLV spec v10.1 §E.4.3.1), Enhanced RTMP included (same bits). */
function isKeyframe(body: Uint8Array): boolean {
  return ((body[0] ?? 0) & 0x70) >> 4 === 1;
}

/** CompositionTime (SI24) of a legacy AVC/HEVC NALU packet, 0 otherwise (FLV spec v10.1 §E.4.3.1). */
function compositionTime(body: Uint8Array): number {
  const b0 = body[0] ?? 0;
  if ((b0 & VIDEO_EX_HEADER) !== 0 || !AVC_STYLE_CODECS.has(b0 & 0x0f) || body[1] !== 1) {
    return 0;
  }
  const v = ((body[2] ?? 0) << 16) | ((body[3] ?? 0) << 8) | (body[4] ?? 0);
  return v & 0x800000 ? v - 0x1000000 : v;
}

/** Span of a track's frames including the last one's duration: count × mean frame spacing, ms. */
function trackSpan(times: readonly number[]): number {
  if (times.length < 2) {
    return 0;
  }
  const first = times[0] ?? 0;
  const last = times[times.length - 1] ?? 0;
  return Math.round(((last - first) / (times.length - 1)) * times.length);
}

/**
 * `loadFlvLoop` reads an FLV file. The loop period is the longer track's span (frames × mean frame
 * spacing), so looping keeps each track's spacing (fixtures hold the same span on both tracks).
 */
export function loadFlvLoop(file: string): FlvLoop {
  const reader = new FlvFileReader({ bytes: new Uint8Array(readFileSync(file)) });
  let metadata: Amf0Value | undefined;
  const config: LoopTag[] = [];
  const raw: { type: LoopTag['type']; ts: number; body: Uint8Array }[] = [];
  for (const tag of reader) {
    if (tag.type === FlvTagType.scriptData) {
      const [name, value] = decodeAmf0(tag.body);
      if (name === 'onMetaData' && metadata === undefined) {
        metadata = value;
      }
      continue;
    }
    if (isConfigTag(tag.type, tag.body)) {
      config.push({ type: tag.type, time: 0, sendAt: 0, body: tag.body });
    } else {
      raw.push({ type: tag.type, ts: tag.timestamp, body: tag.body });
    }
  }
  if (raw.length === 0) {
    throw new Error(`${file} holds no coded audio or video frame to loop`);
  }
  // ffmpeg's muxer interleaves by timestamp (ties stay in file order here): files are not always.
  raw.sort((x, y) => x.ts - y.ts);
  const first = raw[0]?.ts ?? 0;
  const timed = raw.map((t) => ({ type: t.type, time: t.ts - first, body: t.body }));
  const video = timed.filter((t) => t.type === FlvTagType.video).map((t) => t.time);
  const audio = timed.filter((t) => t.type === FlvTagType.audio).map((t) => t.time);
  const periodMs = Math.max(trackSpan(video), trackSpan(audio), 1);
  const sendAt = ffmpegSendTimes(timed, periodMs);
  const media = timed.map((t, i) => ({ ...t, sendAt: sendAt[i] ?? t.time }));
  return {
    file,
    metadata,
    config,
    media,
    periodMs,
    ffmpeg4RepeatIndex: ffmpeg4RepeatIndex(media),
    videoFrames: video.length,
    audioFrames: audio.length,
    bytesPerLoop: media.reduce((n, t) => n + t.body.byteLength, 0),
  };
}

/** `describeFlv` is a one-line summary of a fixture: loop length, frames and bitrate. */
export function describeFlv(file: string): string {
  const loop = loadFlvLoop(file);
  const kbps = (loop.bytesPerLoop * 8) / loop.periodMs;
  return `${loop.periodMs} ms loop, ${loop.videoFrames} video + ${loop.audioFrames} audio frames, ${Math.round(kbps)} kbit/s`;
}
