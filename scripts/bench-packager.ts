/**
 * `npm run bench:packager [-- --pairs 1,4,8 --seconds 60]`: packaging throughput and memory.
 *
 * Records once (cached in `bench-results/packager/`) a 720p30 3 Mbit/s H.264 + AAC FLV made by the bundled
 * ffmpeg with a 2 s GOP, parses it into access units, then for each configuration feeds N copies of the
 * stream (N encoder pushes: StreamTimeline + StreamFragmenter each, one PresentationPackager with 2N
 * renditions) as fast as possible, building the rendition's HLS media playlist, the multivariant playlist
 * and the MPD after every published segment, as the HTTP layer would for one request each. Prints a
 * markdown table: segments and media megabytes packaged per CPU-second (`process.cpuUsage()`), and the
 * media bytes held at the end per 3 Mbit/s video rendition.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { StreamFragmenter } from '../src/media/stream-fragmenter.js';
import { StreamTimeline } from '../src/media/stream-timeline.js';
import { buildMpd } from '../src/outputs/dash/mpd.js';
import { buildMultivariantPlaylist } from '../src/outputs/hls/multivariant-playlist.js';
import { buildRenditionPlaylist } from '../src/outputs/hls/rendition-playlist.js';
import { DiskSegmentStore } from '../src/packager/disk-segment-store.js';
import { PresentationPackager } from '../src/packager/presentation-packager.js';
import { readFlvMedia, type FlvMedia } from '../src/packager/test-support/flv-media.js';
import { ffmpegPath } from '../test/support/media-tools.js';

interface Config {
  readonly pairs: number;
  readonly lowLatency: boolean;
  readonly disk: boolean;
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : process.argv[index + 1];
}

const seconds = Number(argument('seconds') ?? 60);
const pairList = (argument('pairs') ?? '1,4,8').split(',').map(Number);
const cacheDir = join(process.cwd(), 'bench-results', 'packager');
const input = join(cacheDir, `720p30-3M-${seconds}s.flv`);

function record(): FlvMedia {
  if (!existsSync(input)) {
    mkdirSync(cacheDir, { recursive: true });
    process.stderr.write(`recording ${input} with ffmpeg (once)...\n`);
    execFileSync(ffmpegPath(), [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...[
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=1280x720:rate=30',
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=440:sample_rate=48000',
      ],
      ...[
        '-t',
        String(seconds),
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-b:v',
        '3M',
        '-maxrate',
        '3M',
        '-bufsize',
        '6M',
      ],
      ...['-g', '60', '-keyint_min', '60', '-sc_threshold', '0', '-pix_fmt', 'yuv420p'],
      ...['-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-f', 'flv', input],
    ]);
  }
  return readFlvMedia(new Uint8Array(readFileSync(input)));
}

interface Result {
  readonly segments: number;
  readonly megabytes: number;
  readonly cpuSeconds: number;
  readonly heldBytes: number;
  /** Growth of heap + array buffers over the run, MB (LL parts are copies; other payloads are views). */
  readonly memoryDeltaMb: number;
}

async function run(media: FlvMedia, config: Config): Promise<Result> {
  const { video, audio } = media;
  if (video === undefined || audio === undefined) {
    throw new Error('the recording has no H.264 or no AAC track');
  }
  const logger = pino({ level: 'silent' });
  const storeDir = config.disk ? mkdtempSync(join(tmpdir(), 'inlet-bench-')) : undefined;
  const store =
    storeDir === undefined
      ? undefined
      : new DiskSegmentStore({ dir: storeDir, logger, maxQueuedBytes: 512 * 1024 * 1024 });
  let wall = Date.UTC(2024, 0, 1);
  let bytes = 0;
  let manifestChars = 0;
  const packager = new PresentationPackager({
    logger,
    lowLatency: config.lowLatency,
    now: () => wall,
    ...(store === undefined ? {} : { store }),
    observer: {
      onSegment: (id, segment) => {
        bytes += segment.byteLength;
        const presentation = packager.presentation();
        manifestChars += (buildRenditionPlaylist(presentation, id) ?? '').length;
        manifestChars += buildMultivariantPlaylist(presentation).length + buildMpd(presentation).length;
      },
    },
  });
  const frame = 1024 / 48;
  const streams = Array.from({ length: config.pairs }, (_v, i) => {
    const timeline = new StreamTimeline();
    const fragmenter = new StreamFragmenter({ observer: packager.fragmenterObserver((t) => `s${i}-${t}`) });
    timeline.addTrack('video', { nominalFrameDuration: 1000 / 30, learnFrameDuration: true });
    timeline.addTrack('audio', { nominalFrameDuration: frame, learnFrameDuration: false });
    fragmenter.addTrack({ id: 'video', kind: 'video', frameDuration: 1000 / 30 });
    fragmenter.addTrack({ id: 'audio', kind: 'audio', frameDuration: frame });
    packager.addRendition({ id: `s${i}-video`, track: video, frameRate: 30 });
    packager.addRendition({ id: `s${i}-audio`, track: audio });
    return { timeline, fragmenter };
  });
  const used = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const memoryBefore = used();
  const before = process.cpuUsage();
  for (const u of media.units) {
    wall = Date.UTC(2024, 0, 1) + u.e;
    for (const { timeline, fragmenter } of streams) {
      const verdict = timeline.push(u.track, u.raw, u.cts);
      if (verdict.kind === 'ok' || verdict.kind === 'discontinuity') {
        fragmenter.push(
          { trackId: u.track, dts: verdict.dts, pts: verdict.pts, keyframe: u.keyframe, data: u.data },
          verdict.epoch,
        );
      }
    }
  }
  // The disk writes run once the loop yields: wait for them so their CPU time counts.
  await store?.idle();
  const cpu = process.cpuUsage(before);
  const stats = packager.stats();
  const memoryDeltaMb = (used() - memoryBefore) / 1e6;
  if (manifestChars === 0) {
    throw new Error('no manifest was built');
  }
  packager.close();
  await store?.close();
  if (storeDir !== undefined) {
    rmSync(storeDir, { recursive: true, force: true });
  }
  return {
    segments: stats.segments,
    megabytes: bytes / 1e6,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    heldBytes: stats.memoryBytes / config.pairs,
    memoryDeltaMb,
  };
}

const media = record();
const configs: Config[] = [
  ...pairList.map((pairs) => ({ pairs, lowLatency: false, disk: false })),
  { pairs: pairList.at(-1) ?? 1, lowLatency: true, disk: false },
  { pairs: pairList.at(-1) ?? 1, lowLatency: false, disk: true },
];
console.log(
  `packager benchmark: ${seconds} s of 720p30 3 Mbit/s H.264 + 128 kbit/s AAC per encoder, node ${process.version}`,
);
console.log('');
console.log(
  '| encoders | renditions | low latency | store | segments | MB | CPU s | segments / CPU s | MB / CPU s | held per encoder (MB) | heap + buffers Δ (MB) |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const config of configs) {
  const r = await run(media, config);
  console.log(
    `| ${config.pairs} | ${2 * config.pairs} | ${config.lowLatency ? 'yes' : 'no'} | ${config.disk ? 'disk' : 'memory'} | ${r.segments} | ${r.megabytes.toFixed(1)} | ${r.cpuSeconds.toFixed(2)} | ${(r.segments / r.cpuSeconds).toFixed(0)} | ${(r.megabytes / r.cpuSeconds).toFixed(0)} | ${(r.heldBytes / 1e6).toFixed(1)} | ${r.memoryDeltaMb.toFixed(1)} |`,
  );
}
