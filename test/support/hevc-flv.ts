import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { audioSpecificConfigFromAdts, splitAdts } from '../../src/codecs/aac/adts.js';
import { buildHvcc } from '../../src/codecs/hevc/build-hvcc.js';
import { HevcNaluType, hevcNaluType } from '../../src/codecs/hevc/hevc-nalu-type.js';
import { splitAnnexb } from '../../src/codecs/nal/annexb.js';
import { joinLengthPrefixed } from '../../src/codecs/nal/length-prefixed.js';
import { encodeAacAudioBody } from '../../src/formats/flv/flv-audio-body.js';
import { FlvTagType } from '../../src/formats/flv/flv-file-reader.js';
import { encodeFlvHeader, encodeFlvTag } from '../../src/formats/flv/flv-file-writer.js';
import { encodeEnhancedVideoBody, encodeLegacyHevcVideoBody } from '../../src/formats/flv/flv-video-body.js';
import { ffmpegPath, ffprobePath } from './media-tools.js';

const run = promisify(execFile);

/** `HevcAacSourceOptions` shapes the test stream ffmpeg encodes. */
export interface HevcAacSourceOptions {
  /** Default 6. */
  readonly durationSeconds?: number;
  /** Default 640×360. */
  readonly width?: number;
  readonly height?: number;
  /** Frames per second; default 25. */
  readonly frameRate?: number;
  /** Frames between keyframes (closed GOPs, no scene cuts); default 2 s worth. */
  readonly keyframeInterval?: number;
  /** x265 B-frames; default 3 (so composition times are real). 0 turns them off. */
  readonly bFrames?: number;
}

/** `HevcAccessUnit` is one coded picture: times in milliseconds, data as 4-byte length-prefixed NAL units. */
export interface HevcAccessUnit {
  readonly dts: number;
  readonly pts: number;
  readonly keyframe: boolean;
  readonly data: Uint8Array;
}

/** `AacFrame` is one raw AAC frame (ADTS header removed) and its time in milliseconds. */
export interface AacFrame {
  readonly dts: number;
  readonly data: Uint8Array;
}

/** `HevcAacSource` is an encoded HEVC + AAC stream, ready to be wrapped into FLV tags. */
export interface HevcAacSource {
  /** Picture size as ffprobe reports it for the encoded stream. */
  readonly width: number;
  readonly height: number;
  /** The hvcC record built from the stream's VPS/SPS/PPS with `buildHvcc`. */
  readonly hvcc: Uint8Array;
  /** AudioSpecificConfig built from the first ADTS header. */
  readonly asc: Uint8Array;
  readonly video: readonly HevcAccessUnit[];
  readonly audio: readonly AacFrame[];
}

/** `HevcFlvFlavour`: Enhanced RTMP (`hvc1` FourCC) or the legacy codec id 12 with AVC-style packets. */
export type HevcFlvFlavour = 'enhanced' | 'legacy';

/** `FlvTagBody` is one audio or video tag body (an RTMP message body) and its timestamp in ms. */
export interface FlvTagBody {
  readonly type: 'video' | 'audio';
  readonly timestamp: number;
  readonly body: Uint8Array;
}

interface ProbedPacket {
  readonly stream_index: number;
  readonly pts: number;
  readonly dts: number;
  readonly flags: string;
}

interface Probe {
  readonly streams: {
    index: number;
    codec_type: string;
    time_base: string;
    width?: number;
    height?: number;
  }[];
  readonly packets: ProbedPacket[];
}

/**
 * H.265 §7.4.2.4.4: after the VCL units of a picture, the next picture's first slice segment or any of
 * these non-VCL units (parameter sets, delimiter, prefix SEI, reserved 41..44, unspecified 48..55)
 * starts the next access unit.
 */
function startsAccessUnit(nal: Uint8Array): boolean {
  const type = hevcNaluType(nal[0] ?? 0);
  if (type < HevcNaluType.vps) {
    // A VCL unit: first_slice_segment_in_pic_flag is the first bit after the 2-byte header.
    return ((nal[2] ?? 0) & 0x80) !== 0;
  }
  const prefix =
    (type >= HevcNaluType.vps && type <= HevcNaluType.accessUnitDelimiter) ||
    type === HevcNaluType.prefixSei ||
    (type >= 41 && type <= 44) ||
    (type >= 48 && type <= 55);
  return prefix;
}

function accessUnits(annexb: Uint8Array): Uint8Array[][] {
  const out: Uint8Array[][] = [];
  let current: Uint8Array[] = [];
  let seenVcl = false;
  for (const nal of splitAnnexb(annexb)) {
    if (seenVcl && startsAccessUnit(nal)) {
      out.push(current);
      current = [];
      seenVcl = false;
    }
    current.push(nal);
    seenVcl ||= hevcNaluType(nal[0] ?? 0) < HevcNaluType.vps;
  }
  if (current.length > 0) {
    out.push(current);
  }
  return out;
}

function isParameterSetOrDelimiter(nal: Uint8Array): boolean {
  const type = hevcNaluType(nal[0] ?? 0);
  return type >= HevcNaluType.vps && type <= HevcNaluType.accessUnitDelimiter;
}

function toMs(ticks: number, timeBase: string): number {
  const [num, den] = timeBase.split('/').map(Number);
  return Math.round((ticks * 1000 * (num ?? 1)) / (den ?? 1));
}

/**
 * `generateHevcAacSource` encodes a test pattern and a tone with the bundled ffmpeg (libx265 with
 * B-frames and closed GOPs, native AAC) into an MP4, then extracts raw Annex B HEVC and ADTS AAC. Real
 * decode and presentation times come from `ffprobe -show_packets` of the MP4; the Annex B stream is cut
 * into access units and each is checked against ffprobe's packet count. All times are shifted together
 * so that the earliest decode time is 0 ms.
 */
export async function generateHevcAacSource(options: HevcAacSourceOptions = {}): Promise<HevcAacSource> {
  const width = options.width ?? 640;
  const height = options.height ?? 360;
  const rate = options.frameRate ?? 25;
  const gop = options.keyframeInterval ?? 2 * rate;
  const dir = await mkdtemp(join(tmpdir(), 'inlet-hevc-flv-'));
  try {
    const mp4 = join(dir, 'source.mp4');
    const x265 = `keyint=${gop}:min-keyint=${gop}:scenecut=0:open-gop=0:bframes=${options.bFrames ?? 3}:log-level=error`;
    const quiet = ['-hide_banner', '-loglevel', 'error'];
    const pattern = ['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${rate}`];
    const tone = ['-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=48000'];
    const videoCodec = [
      '-c:v',
      'libx265',
      '-preset',
      'ultrafast',
      '-x265-params',
      x265,
      '-pix_fmt',
      'yuv420p',
    ];
    const audioCodec = ['-c:a', 'aac', '-b:a', '96k', '-ac', '2'];
    const duration = ['-t', String(options.durationSeconds ?? 6)];
    await run(ffmpegPath(), [
      ...quiet,
      ...pattern,
      ...tone,
      ...duration,
      ...videoCodec,
      ...audioCodec,
      '-f',
      'mp4',
      mp4,
    ]);
    const hevcPath = join(dir, 'video.hevc');
    const adtsPath = join(dir, 'audio.adts');
    const videoOut = ['-map', '0:v', '-c', 'copy', '-bsf:v', 'hevc_mp4toannexb', '-f', 'hevc', hevcPath];
    const audioOut = ['-map', '0:a', '-c', 'copy', '-f', 'adts', adtsPath];
    await run(ffmpegPath(), [...quiet, '-i', mp4, ...videoOut, ...audioOut]);
    const { stdout } = await run(
      ffprobePath(),
      ['-v', 'error', '-show_streams', '-show_packets', '-of', 'json', mp4],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const probe = JSON.parse(stdout) as Probe;
    const videoStream = probe.streams.find((s) => s.codec_type === 'video');
    const audioStream = probe.streams.find((s) => s.codec_type === 'audio');
    if (videoStream === undefined || audioStream === undefined) {
      throw new Error('ffprobe did not find both a video and an audio stream in the encoded mp4');
    }
    const videoPackets = probe.packets.filter((p) => p.stream_index === videoStream.index);
    const audioPackets = probe.packets.filter((p) => p.stream_index === audioStream.index);

    const units = accessUnits(new Uint8Array(await readFile(hevcPath)));
    const frames = splitAdts(new Uint8Array(await readFile(adtsPath)));
    if (units.length !== videoPackets.length || frames.length !== audioPackets.length) {
      throw new Error(
        `extracted ${units.length} access units and ${frames.length} adts frames, ffprobe counts ` +
          `${videoPackets.length} and ${audioPackets.length}`,
      );
    }
    const first = units[0] ?? [];
    const ofType = (type: number): Uint8Array[] => first.filter((n) => hevcNaluType(n[0] ?? 0) === type);
    const hvcc = buildHvcc(ofType(HevcNaluType.vps), ofType(HevcNaluType.sps), ofType(HevcNaluType.pps));
    const asc = audioSpecificConfigFromAdts(frames[0]!.header);

    const vt = videoStream.time_base;
    const at = audioStream.time_base;
    const shift = -Math.min(0, toMs(videoPackets[0]?.dts ?? 0, vt), toMs(audioPackets[0]?.dts ?? 0, at));
    const video = units.map((nalus, i): HevcAccessUnit => {
      const p = videoPackets[i]!;
      // Parameter sets and delimiters travel in the sequence start, not in the coded frames.
      const data = joinLengthPrefixed(nalus.filter((n) => !isParameterSetOrDelimiter(n)));
      return {
        dts: toMs(p.dts, vt) + shift,
        pts: toMs(p.pts, vt) + shift,
        keyframe: p.flags.startsWith('K'),
        data,
      };
    });
    const audio = frames.map((f, i): AacFrame => ({
      dts: toMs(audioPackets[i]!.dts, at) + shift,
      data: f.payload,
    }));
    return { width: videoStream.width ?? 0, height: videoStream.height ?? 0, hvcc, asc, video, audio };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function videoTag(flavour: HevcFlvFlavour, unit: HevcAccessUnit): Uint8Array {
  const compositionTime = unit.pts - unit.dts;
  if (flavour === 'legacy') {
    return encodeLegacyHevcVideoBody({
      packetType: 'coded-frames',
      keyframe: unit.keyframe,
      compositionTime,
      body: unit.data,
    });
  }
  return encodeEnhancedVideoBody({
    packetType: compositionTime === 0 ? 'coded-frames-x' : 'coded-frames',
    fourCc: 'hvc1',
    keyframe: unit.keyframe,
    compositionTime,
    body: unit.data,
  });
}

/**
 * `hevcFlvTags` wraps a source into FLV tag bodies in decode order: the video sequence start (`hvcC`), the
 * AAC sequence header, then frames interleaved by timestamp. `enhanced` writes Enhanced RTMP `hvc1`
 * packets (CodedFrames with a composition time, CodedFramesX when it is 0); `legacy` writes codec id 12
 * with AVC-style packets. Audio is legacy AAC (SoundFormat 10) in both, as encoders send it.
 */
export function hevcFlvTags(source: HevcAacSource, flavour: HevcFlvFlavour): FlvTagBody[] {
  const start =
    flavour === 'legacy'
      ? encodeLegacyHevcVideoBody({ packetType: 'sequence-start', body: source.hvcc })
      : encodeEnhancedVideoBody({ packetType: 'sequence-start', fourCc: 'hvc1', body: source.hvcc });
  const tags: FlvTagBody[] = [
    { type: 'video', timestamp: 0, body: start },
    {
      type: 'audio',
      timestamp: 0,
      body: encodeAacAudioBody({ packetType: 'sequence-start', body: source.asc }),
    },
  ];
  let v = 0;
  let a = 0;
  while (v < source.video.length || a < source.audio.length) {
    const unit = source.video[v];
    const frame = source.audio[a];
    if (unit !== undefined && (frame === undefined || unit.dts <= frame.dts)) {
      tags.push({ type: 'video', timestamp: unit.dts, body: videoTag(flavour, unit) });
      v++;
    } else if (frame !== undefined) {
      tags.push({
        type: 'audio',
        timestamp: frame.dts,
        body: encodeAacAudioBody({ packetType: 'coded-frames', body: frame.data }),
      });
      a++;
    }
  }
  return tags;
}

/** `encodeFlvFile` writes tag bodies as an FLV file (header with audio and video flags, then the tags). */
export function encodeFlvFile(tags: readonly FlvTagBody[]): Uint8Array {
  return Buffer.concat([
    encodeFlvHeader({ audio: true, video: true }),
    ...tags.map((t) =>
      encodeFlvTag(t.type === 'video' ? FlvTagType.video : FlvTagType.audio, t.timestamp, t.body),
    ),
  ]);
}

/** `HevcFlvOptions` selects the flavour (and optionally an .flv file to write) on top of the source options. */
export interface HevcFlvOptions extends HevcAacSourceOptions {
  readonly flavour: HevcFlvFlavour;
  /** When set, the tags are also written there as an FLV file. */
  readonly flvPath?: string;
}

/**
 * `makeHevcFlvTags` encodes an HEVC + AAC test stream with ffmpeg and returns it as FLV tag bodies of
 * the chosen flavour, ready to publish over RTMP (see `generateHevcAacSource` and `hevcFlvTags`).
 */
export async function makeHevcFlvTags(
  options: HevcFlvOptions,
): Promise<{ source: HevcAacSource; tags: FlvTagBody[] }> {
  const source = await generateHevcAacSource(options);
  const tags = hevcFlvTags(source, options.flavour);
  if (options.flvPath !== undefined) {
    await writeFile(options.flvPath, encodeFlvFile(tags));
  }
  return { source, tags };
}
