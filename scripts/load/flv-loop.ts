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
  readonly body: Uint8Array;
}

/** `FlvLoop` holds what a publisher sends once per connection and what it loops. */
export interface FlvLoop {
  readonly file: string;
  /** `onMetaData` object, sent first on each connection. */
  readonly metadata: Amf0Value | undefined;
  /** Sequence headers (decoder configurations), sent after the metadata on each connection. */
  readonly config: readonly LoopTag[];
  /** Coded frames in file (decode) order, times relative to the first. */
  readonly media: readonly LoopTag[];
  /** Loop length, ms: the next loop's tags are sent `periodMs` later with timestamps `periodMs` higher. */
  readonly periodMs: number;
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
      config.push({ type: tag.type, time: 0, body: tag.body });
    } else {
      raw.push({ type: tag.type, ts: tag.timestamp, body: tag.body });
    }
  }
  if (raw.length === 0) {
    throw new Error(`${file} holds no coded audio or video frame to loop`);
  }
  const first = raw[0]?.ts ?? 0;
  const media = raw.map((t) => ({ type: t.type, time: t.ts - first, body: t.body }));
  const video = media.filter((t) => t.type === FlvTagType.video).map((t) => t.time);
  const audio = media.filter((t) => t.type === FlvTagType.audio).map((t) => t.time);
  const periodMs = Math.max(trackSpan(video), trackSpan(audio), 1);
  return {
    file,
    metadata,
    config,
    media,
    periodMs,
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
