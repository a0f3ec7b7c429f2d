import { get } from 'node:https';
import type { Sample } from 'mp4box';
import { mp4boxSamples } from '../../src/formats/fmp4/test-support/probe-tools.js';
import { ffprobePath } from './media-tools.js';
import { runProcess } from './run-process.js';

/** `PlaylistSegment` is one `EXTINF` entry of a media playlist. */
export interface PlaylistSegment {
  readonly uri: string;
  /** Media sequence number (RFC 8216bis §6.2.1: EXT-X-MEDIA-SEQUENCE plus the entry's index). */
  readonly sequence: number;
  /** `EXTINF` duration, seconds. */
  readonly duration: number;
  /** Whether an `EXT-X-DISCONTINUITY` precedes it. */
  readonly discontinuity: boolean;
  /** The `EXT-X-MAP` URI in force for it. */
  readonly map: string;
}

/** `MediaPlaylist` is what the e2e tests read of an HLS media playlist. */
export interface MediaPlaylist {
  readonly text: string;
  readonly mediaSequence: number;
  readonly discontinuitySequence: number;
  readonly targetDuration: number;
  readonly segments: readonly PlaylistSegment[];
  /** `EXT-X-PART` URIs. */
  readonly parts: readonly string[];
  readonly ended: boolean;
}

function tagValue(text: string, tag: string): string | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${tag}:`));
  return line?.slice(tag.length + 1).trim();
}

/** `parseMediaPlaylist` reads the segments, parts and sequence numbers of an HLS media playlist. */
export function parseMediaPlaylist(text: string): MediaPlaylist {
  const mediaSequence = Number(tagValue(text, '#EXT-X-MEDIA-SEQUENCE') ?? 0);
  const segments: PlaylistSegment[] = [];
  const parts: string[] = [];
  let map = '';
  let duration: number | undefined;
  let discontinuity = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#EXT-X-MAP:')) {
      map = /URI="([^"]+)"/.exec(line)?.[1] ?? '';
    } else if (line.startsWith('#EXTINF:')) {
      duration = Number(line.slice('#EXTINF:'.length).split(',')[0]);
    } else if (line === '#EXT-X-DISCONTINUITY') {
      discontinuity = true;
    } else if (line.startsWith('#EXT-X-PART:')) {
      parts.push(/URI="([^"]+)"/.exec(line)?.[1] ?? '');
    } else if (line !== '' && !line.startsWith('#') && duration !== undefined) {
      segments.push({ uri: line, sequence: mediaSequence + segments.length, duration, discontinuity, map });
      duration = undefined;
      discontinuity = false;
    }
  }
  return {
    text,
    mediaSequence,
    discontinuitySequence: Number(tagValue(text, '#EXT-X-DISCONTINUITY-SEQUENCE') ?? 0),
    targetDuration: Number(tagValue(text, '#EXT-X-TARGETDURATION') ?? 0),
    segments,
    parts,
    ended: text.includes('#EXT-X-ENDLIST'),
  };
}

/** `fetchBytes` GETs `url` and returns the body; anything but 200 throws with the status and body. */
export async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  const body = new Uint8Array(await res.arrayBuffer());
  if (res.status !== 200) {
    throw new Error(`GET ${url} answered ${res.status}: ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
  }
  return body;
}

/** `fetchHttpsBytes` GETs an `https://` URL trusting `ca` (fetch cannot take a CA); 200 only. */
export function fetchHttpsBytes(url: string, ca: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = new Uint8Array(Buffer.concat(chunks));
        if (res.statusCode !== 200) {
          reject(new Error(`GET ${url} answered ${res.statusCode}: ${Buffer.from(body).toString('utf8')}`));
        } else {
          resolve(body);
        }
      });
    }).on('error', reject);
  });
}

/** `fetchText` GETs `url` as text (see `fetchBytes`). */
export async function fetchText(url: string): Promise<string> {
  return Buffer.from(await fetchBytes(url)).toString('utf8');
}

/** `RenditionMedia` is a rendition's playlist with its init segment and every listed segment. */
export interface RenditionMedia {
  readonly playlist: MediaPlaylist;
  readonly init: Uint8Array;
  readonly segments: readonly Uint8Array[];
}

/**
 * `fetchRendition` reads the media playlist at `playlistUrl` and downloads the (single) init segment and
 * every segment it lists, resolving URIs against the playlist URL.
 */
export async function fetchRendition(playlistUrl: string): Promise<RenditionMedia> {
  const playlist = parseMediaPlaylist(await fetchText(playlistUrl));
  const maps = new Set(playlist.segments.map((s) => s.map));
  if (maps.size !== 1) {
    throw new Error(`expected one EXT-X-MAP in ${playlistUrl}, found ${[...maps].join(', ')}`);
  }
  const resolve = (uri: string): string => new URL(uri, playlistUrl).toString();
  const init = await fetchBytes(resolve([...maps][0] ?? ''));
  const segments = await Promise.all(playlist.segments.map((s) => fetchBytes(resolve(s.uri))));
  return { playlist, init, segments };
}

/** `TrackSamples` is what mp4box.js reads from an init segment followed by media segments. */
export interface TrackSamples {
  readonly codec: string;
  readonly timescale: number;
  readonly samples: readonly Sample[];
}

/** `readSamples` parses init + segments with mp4box.js (one track, id 1) and returns its samples. */
export function readSamples(init: Uint8Array, segments: readonly Uint8Array[]): TrackSamples {
  // A plain Uint8Array: `Buffer#slice` (used by the parser to copy) would share the Buffer pool.
  const read = mp4boxSamples(new Uint8Array(Buffer.concat([init, ...segments])), 1);
  const track = read.tracks[0];
  if (read.tracks.length !== 1 || track?.id !== 1 || !read.isFragmented) {
    throw new Error(`expected one fragmented track with id 1, mp4box read ${JSON.stringify(read.tracks)}`);
  }
  return { codec: track.codec, timescale: track.timescale, samples: read.samples };
}

/** `ProbeResult` is ffprobe's JSON answer and what it printed on stderr. */
export interface ProbeResult {
  readonly code: number | null;
  readonly stderr: string;
  readonly streams: readonly Record<string, unknown>[];
  readonly format: Record<string, unknown> | undefined;
}

/**
 * `ffprobeUrl` runs the bundled ffprobe (`-v error`, JSON output) on `input` with extra options (e.g.
 * `-show_streams`, demuxer options placed before `-i`).
 */
export async function ffprobeUrl(
  input: string,
  show: readonly string[],
  inputOptions: readonly string[] = [],
): Promise<ProbeResult> {
  const r = await runProcess(
    ffprobePath(),
    ['-v', 'error', ...inputOptions, ...show, '-of', 'json', '-i', input],
    60_000,
  );
  const parsed = (r.code === 0 ? JSON.parse(r.stdout) : {}) as {
    streams?: Record<string, unknown>[];
    format?: Record<string, unknown>;
  };
  return { code: r.code, stderr: r.stderr, streams: parsed.streams ?? [], format: parsed.format };
}

/** `DecodedFrame` is one frame ffprobe decoded: presentation time in stream ticks, key frame flag. */
export interface DecodedFrame {
  readonly pts: number;
  readonly keyframe: boolean;
}

/**
 * `ffprobeFrames` decodes every frame of the first stream of `file` with the bundled ffprobe
 * (`-show_frames`), in presentation order, and returns them with what ffprobe printed on stderr.
 */
export async function ffprobeFrames(
  file: string,
): Promise<{ code: number | null; stderr: string; frames: DecodedFrame[] }> {
  const r = await runProcess(
    ffprobePath(),
    ['-v', 'error', '-select_streams', '0', '-show_entries', 'frame=pts,key_frame', '-of', 'json', file],
    60_000,
  );
  const parsed = (r.code === 0 ? JSON.parse(r.stdout) : {}) as {
    frames?: { pts?: number; key_frame?: number }[];
  };
  const frames = (parsed.frames ?? []).map((f) => ({ pts: Number(f.pts), keyframe: f.key_frame === 1 }));
  return { code: r.code, stderr: r.stderr, frames };
}
