import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlvFileReader, FlvTagType } from '../../src/formats/flv/flv-file-reader.js';
import { ffmpegPath } from './media-tools.js';
import { runProcess } from './run-process.js';

/** `AvcFixtureOptions` shapes a generated H.264 + AAC FLV test stream. */
export interface AvcFixtureOptions {
  readonly seconds?: number;
  readonly width?: number;
  readonly height?: number;
  readonly fps?: number;
  /** Keyframe interval in seconds (closed GOP). */
  readonly gopSeconds?: number;
  readonly videoKbps?: number;
  /** No audio track when false. */
  readonly audio?: boolean;
  /** No video track when false. */
  readonly video?: boolean;
  /** x264 B-frames (composition offsets); default 2. */
  readonly bFrames?: number;
}

const cacheDir = join(tmpdir(), 'inlet-test-fixtures');

/**
 * `avcFixture` encodes (once per option set, cached in the temp dir) a test pattern with a tone as an
 * FLV file with the bundled ffmpeg and returns its path.
 */
export async function avcFixture(o: AvcFixtureOptions = {}): Promise<string> {
  const opts = {
    seconds: o.seconds ?? 6,
    width: o.width ?? 320,
    height: o.height ?? 240,
    fps: o.fps ?? 30,
    gopSeconds: o.gopSeconds ?? 1,
    videoKbps: o.videoKbps ?? 500,
    audio: o.audio ?? true,
    video: o.video ?? true,
    bFrames: o.bFrames ?? 2,
  };
  const id = createHash('sha1').update(JSON.stringify(opts)).digest('hex').slice(0, 12);
  const file = join(cacheDir, `avc-${id}.flv`);
  if (existsSync(file)) {
    return file;
  }
  mkdirSync(cacheDir, { recursive: true });
  const gop = Math.round(opts.fps * opts.gopSeconds);
  const args = ['-hide_banner', '-loglevel', 'error', '-y'];
  if (opts.video) {
    args.push('-f', 'lavfi', '-i', `testsrc=size=${opts.width}x${opts.height}:rate=${opts.fps}`);
  }
  if (opts.audio) {
    args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  }
  args.push('-t', String(opts.seconds));
  if (opts.video) {
    args.push(
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-tune',
      'zerolatency',
      '-pix_fmt',
      'yuv420p',
      '-g',
      String(gop),
      '-keyint_min',
      String(gop),
      '-sc_threshold',
      '0',
      '-bf',
      String(opts.bFrames),
      '-b:v',
      `${opts.videoKbps}k`,
      '-maxrate',
      `${opts.videoKbps}k`,
      '-bufsize',
      `${opts.videoKbps * 2}k`,
    );
  }
  if (opts.audio) {
    args.push('-c:a', 'aac', '-b:a', '96k', '-ac', '2');
  }
  const tmp = `${file}.${process.pid}.tmp`;
  args.push('-f', 'flv', tmp);
  const r = await runProcess(ffmpegPath(), args, 120_000);
  if (r.code !== 0) {
    throw new Error(`ffmpeg could not make the test fixture: ${r.stderr}`);
  }
  renameSync(tmp, file);
  return file;
}

/** `FlvTagCounts` are the media tags of an FLV file. */
export interface FlvTagCounts {
  readonly video: number;
  readonly audio: number;
  readonly videoBytes: number;
  readonly audioBytes: number;
  readonly lastTimestamp: number;
}

/** `countFlvTags` counts the audio and video tags of an FLV file. */
export function countFlvTags(file: string): FlvTagCounts {
  const reader = new FlvFileReader({ bytes: readFileSync(file) });
  const c = { video: 0, audio: 0, videoBytes: 0, audioBytes: 0, lastTimestamp: 0 };
  for (const tag of reader) {
    if (tag.type === FlvTagType.video) {
      c.video++;
      c.videoBytes += tag.body.byteLength;
    } else if (tag.type === FlvTagType.audio) {
      c.audio++;
      c.audioBytes += tag.body.byteLength;
    }
    c.lastTimestamp = Math.max(c.lastTimestamp, tag.timestamp);
  }
  return c;
}
