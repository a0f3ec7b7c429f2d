/**
 * `npm run bench:delivery [-- --minutes 120 --requests 30 --segments 30]`: the cost of dynamic packaging.
 *
 * Starts Inlet (the build) with the `default` streaming endpoint Running, creates an asset and a live
 * output with a 25-hour window, and has Debian's ffmpeg push (`-c copy`, `-readrate --speed`, 20× real
 * time by default) `--minutes` of the 720p30 3 Mbit/s fixture: an FLV made once (cached in
 * `bench-results/delivery/`) by repeating the 8 s fixture's tags with continuing timestamps, since
 * ffmpeg's own `-stream_loop` skips the first GOP of every loop on FLV and would leave a gap (and a
 * discontinuity) every 8 s. It then asks for every streaming format of a locator on that asset, first while the live
 * output still records (a live DVR presentation), then after the live output is deleted (on demand):
 * manifests (`--requests` each, one at a time) and `--segments` random segments of every format (CMAF as
 * stored, TS made from CMAF on first request and the last ten again from the cache, Smooth fragments). It prints a
 * markdown table per phase: median and maximum time to first byte and to the last byte, and the server's CPU
 * time per request (its whole process, from /proc), next to a plain `readFile` of the same segment files
 * in this process, the floor a segment request is held to. Results are written to
 * `bench-results/delivery/`.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { CliArgs } from './common/cli-args.js';
import { REPO, startInletProcess, type InletProcess } from './common/inlet-process.js';
import { cpuMs } from './common/proc-stats.js';
import { startManaged, stopAll, waitFor } from './common/processes.js';
import { summarize } from './common/stats.js';
import { ensureFixture, LOOP_SECONDS } from './fixtures/fixture-catalog.js';
import { encodeFlvHeader, encodeFlvTag } from '../src/formats/flv/flv-file-writer.js';
import { loadFlvLoop } from './load/flv-loop.js';

const args = new CliArgs(process.argv.slice(2));
const minutes = args.number('minutes', 120);
const requests = args.number('requests', 30);
const segmentCount = args.number('segments', 30);
/** Push speed, × real time (ffmpeg `-readrate`): a 2-hour archive in 6 minutes by default. */
const speed = args.number('speed', 20);
args.checkUnknown();

const TOKEN = 'bench-delivery-token';
/** Made TS segments asked for again: 10 of 2.5 MB fit the 64 MB cache of made segments. */
const CACHE_HITS = 10;
/** Debian's ffmpeg (5.1): the bundled 4.x build has no `-readrate`. */
const DEBIAN_FFMPEG = '/usr/bin/ffmpeg';
const ACCOUNT =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/inlet/providers/Microsoft.Media/mediaservices/inlet';

interface Timed {
  readonly status: number;
  readonly bytes: number;
  readonly ttfbMs: number;
  readonly totalMs: number;
  readonly body: Buffer;
}

/** One GET, timed from the request to the response headers (TTFB) and to its last byte. */
function timedGet(url: string): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(url, { agent: false }, (res) => {
      const ttfbMs = performance.now() - t0;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          bytes: body.length,
          ttfbMs,
          totalMs: performance.now() - t0,
          body,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function api(inlet: InletProcess, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(inlet.http(`${ACCOUNT}${path}?api-version=2022-11-01`), {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 400) {
    throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  }
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** `Row` is one measured request kind. */
interface Row {
  readonly what: string;
  readonly bytes: number;
  readonly ttfb: ReturnType<typeof summarize>;
  readonly total: ReturnType<typeof summarize>;
  /** Server CPU per request, ms. */
  readonly cpuMs: number;
}

/** Requests `urls` one after another and measures them as one row. */
async function measure(inlet: InletProcess, what: string, urls: readonly string[]): Promise<Row> {
  const pid = inlet.process.child.pid ?? 0;
  const cpu0 = cpuMs(pid, false);
  const timings: Timed[] = [];
  for (const url of urls) {
    const t = await timedGet(url);
    if (t.status !== 200) {
      throw new Error(`${what}: ${url} answered ${t.status}: ${t.body.toString('utf8').slice(0, 300)}`);
    }
    timings.push(t);
  }
  const cpu = (cpuMs(pid, false) - cpu0) / urls.length;
  return {
    what,
    bytes: Math.round(timings.reduce((n, t) => n + t.bytes, 0) / timings.length),
    ttfb: summarize(timings.map((t) => t.ttfbMs)),
    total: summarize(timings.map((t) => t.totalMs)),
    cpuMs: cpu,
  };
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

function pick<T>(items: readonly T[], n: number): T[] {
  // Evenly spread over the whole archive (old and new segments alike), deterministic.
  if (items.length <= n) {
    return [...items];
  }
  return Array.from({ length: n }, (_, i) => items[Math.floor(((i + 0.5) * items.length) / n)] as T);
}

/** Every manifest and a spread of segments of every format, for one phase. */
async function phase(inlet: InletProcess, base: string, label: string, dataDir: string): Promise<Row[]> {
  const repeat = (url: string): string[] => Array.from({ length: requests }, () => url);
  const rows: Row[] = [];
  const cmafMaster = (await timedGet(`${base}manifest(format=m3u8-cmaf)`)).body.toString('utf8');
  const videoPlaylist = new URL(lines(cmafMaster)[0] ?? '', base).href;
  const tsMaster = (await timedGet(`${base}manifest(format=m3u8-aapl)`)).body.toString('utf8');
  const tsPlaylist = new URL(lines(tsMaster)[0] ?? '', base).href;
  rows.push(await measure(inlet, 'HLS CMAF multivariant', repeat(`${base}manifest(format=m3u8-cmaf)`)));
  rows.push(await measure(inlet, 'HLS CMAF video playlist', repeat(videoPlaylist)));
  rows.push(await measure(inlet, 'HLS TS multivariant', repeat(`${base}manifest(format=m3u8-aapl)`)));
  rows.push(await measure(inlet, 'HLS TS playlist', repeat(tsPlaylist)));
  rows.push(
    await measure(inlet, 'DASH MPD (mpd-time-cmaf)', repeat(`${base}manifest(format=mpd-time-cmaf)`)),
  );
  rows.push(await measure(inlet, 'DASH MPD (mpd-time-csf)', repeat(`${base}manifest(format=mpd-time-csf)`)));
  rows.push(await measure(inlet, 'Smooth manifest', repeat(`${base}manifest`)));

  const cmafSegments = lines((await timedGet(videoPlaylist)).body.toString('utf8')).map(
    (u) => new URL(u, videoPlaylist).href,
  );
  const tsSegments = lines((await timedGet(tsPlaylist)).body.toString('utf8')).map(
    (u) => new URL(u, tsPlaylist).href,
  );
  const cmafPick = pick(cmafSegments, segmentCount);
  const tsPick = pick(tsSegments, segmentCount);
  rows.push(await measure(inlet, 'CMAF video segment (as stored)', cmafPick));
  rows.push(await measure(inlet, 'TS segment, made on request', tsPick));
  // The cache holds the newest made segments (64 MB): ask again for the last few made, as players at the
  // same live edge do.
  rows.push(await measure(inlet, 'TS segment, again (cache hit)', tsPick.slice(-CACHE_HITS)));
  const smooth = (await timedGet(`${base}manifest`)).body.toString('utf8');
  const video = /<StreamIndex Type="video"[^>]*>([\s\S]*?)<\/StreamIndex>/.exec(smooth)?.[1] ?? '';
  const bitrate = /Bitrate="(\d+)"/.exec(video)?.[1] ?? '0';
  const times: number[] = [];
  let t = 0;
  for (const c of video.matchAll(/<c(?: t="(\d+)")? d="(\d+)"(?: r="(\d+)")?\/>/g)) {
    t = c[1] === undefined ? t : Number(c[1]);
    for (let i = 0; i < Number(c[3] ?? 1); i++) {
      times.push(t);
      t += Number(c[2]);
    }
  }
  rows.push(
    await measure(
      inlet,
      'Smooth video fragment',
      pick(times, segmentCount).map((time) => `${base}QualityLevels(${bitrate})/Fragments(video=${time})`),
    ),
  );
  // The floor: reading the stored CMAF segment files of the same rendition in this process.
  const dir = join(dataDir, 'assets', 'bench-archive', 'cam-video');
  const files = pick(
    readdirSync(dir).filter((f) => f.endsWith('.m4s')),
    segmentCount,
  );
  const reads: number[] = [];
  let bytes = 0;
  for (const f of files) {
    const r0 = performance.now();
    bytes += (await readFile(join(dir, f))).length;
    reads.push(performance.now() - r0);
  }
  const s = summarize(reads);
  rows.push({
    what: 'readFile of a stored CMAF segment (floor)',
    bytes: Math.round(bytes / files.length),
    ttfb: s,
    total: s,
    cpuMs: NaN,
  });
  console.log(
    `[bench:delivery] ${label}: ${cmafSegments.length} CMAF video segments, ${tsSegments.length} TS segments, ${times.length} Smooth video fragments listed; measured ${rows.length} request kinds`,
  );
  return rows;
}

/**
 * `longFlv` is `loops` repetitions of the fixture as one FLV with continuing timestamps (sequence headers
 * once), written once to `bench-results/delivery/` and reused.
 */
function longFlv(fixture: string, loops: number): string {
  const dir = join(REPO, 'bench-results', 'delivery');
  const file = join(dir, `720p30-${loops}x.flv`);
  if (existsSync(file)) {
    return file;
  }
  mkdirSync(dir, { recursive: true });
  const loop = loadFlvLoop(fixture);
  console.log(`[bench:delivery] writing ${file}: ${loops} × ${loop.periodMs} ms of ${fixture}`);
  const partial = `${file}.partial`;
  const fd = openSync(partial, 'w');
  try {
    writeSync(fd, encodeFlvHeader({ audio: true, video: true }));
    for (const tag of loop.config) {
      writeSync(fd, encodeFlvTag(tag.type, 0, tag.body));
    }
    for (let i = 0; i < loops; i++) {
      const chunks = loop.media.map((t) => encodeFlvTag(t.type, t.time + i * loop.periodMs, t.body));
      writeSync(fd, Buffer.concat(chunks));
    }
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
  return file;
}

function markdown(title: string, rows: readonly Row[]): string {
  const f = (n: number): string => (Number.isNaN(n) ? '—' : n < 10 ? n.toFixed(2) : n.toFixed(1));
  const head =
    '| request | bytes | TTFB p50 ms | TTFB max ms | total p50 ms | total max ms | server CPU ms/request |\n|---|---:|---:|---:|---:|---:|---:|';
  const body = rows.map(
    (r) =>
      `| ${r.what} | ${r.bytes} | ${f(r.ttfb.p50)} | ${f(r.ttfb.max)} | ${f(r.total.p50)} | ${f(r.total.max)} | ${f(r.cpuMs)} |`,
  );
  return `### ${title}\n\n${head}\n${body.join('\n')}\n`;
}

async function main(): Promise<void> {
  if (!existsSync(DEBIAN_FFMPEG)) {
    throw new Error(
      `${DEBIAN_FFMPEG} is missing: install it with apt-get install -y ffmpeg (its -readrate paces the push)`,
    );
  }
  const loops = Math.max(1, Math.ceil((minutes * 60) / LOOP_SECONDS));
  const fixture = longFlv(await ensureFixture('720p30'), loops);
  const inlet = await startInletProcess({
    mode: 'dist',
    liveEvents: [{ name: 'show' }],
    config: { api: { tokens: [TOKEN] }, streaming: { defaultEndpoint: 'Running' } },
  });
  try {
    await api(inlet, 'PUT', '/assets/bench-archive', { properties: {} });
    await api(inlet, 'PUT', '/liveEvents/show/liveOutputs/rec', {
      properties: { assetName: 'bench-archive', archiveWindowLength: 'PT25H', manifestName: 'archive' },
    });
    await waitFor(
      'the live output',
      async () => {
        const o = (await api(inlet, 'GET', '/liveEvents/show/liveOutputs/rec')) as {
          properties?: { resourceState?: string };
        };
        return o.properties?.resourceState === 'Running';
      },
      30_000,
    );
    const locator = (await api(inlet, 'PUT', '/streamingLocators/bench', {
      properties: { assetName: 'bench-archive', streamingPolicyName: 'Predefined_ClearStreamingOnly' },
    })) as { properties: { streamingLocatorId: string } };
    console.log(`[bench:delivery] pushing ${fixture} (${minutes} min of media) at ${speed}× real time`);
    const started = performance.now();
    const push = startManaged(
      'ffmpeg',
      DEBIAN_FFMPEG,
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-readrate',
        String(speed),
        '-i',
        fixture,
        '-c',
        'copy',
        '-f',
        'flv',
        `${inlet.ingestUrl('show')}/cam`,
      ],
      {},
    );
    const progress = setInterval(() => {
      const dir = join(inlet.dataDir, 'assets', 'bench-archive', 'cam-video');
      let n = 0;
      try {
        n = readdirSync(dir).filter((f) => f.endsWith('.m4s')).length;
      } catch {
        // not created yet
      }
      console.log(
        `[bench:delivery] archive: ${n} video segments (${((n * 2) / 60).toFixed(1)} min) after ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    }, 15_000);
    const code = await new Promise<number | null>((r) => push.child.on('exit', r));
    clearInterval(progress);
    if (code !== 0) {
      throw new Error(`ffmpeg exited with ${code}: ${push.output().slice(-2000)}`);
    }
    console.log(`[bench:delivery] ingest done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const base = inlet.http(`/${locator.properties.streamingLocatorId}/archive.ism/`);
    // ffmpeg is done once the socket took its last bytes; Inlet still works through what it buffered.
    // Measure once the archive has stopped growing.
    const videoSegments = (): number => {
      try {
        return readdirSync(join(inlet.dataDir, 'assets', 'bench-archive', 'cam-video')).filter((f) =>
          f.endsWith('.m4s'),
        ).length;
      } catch {
        return 0;
      }
    };
    let last = -1;
    let stableSince = performance.now();
    await waitFor(
      'the archive to take the whole push',
      () => {
        const n = videoSegments();
        if (n !== last) {
          last = n;
          stableSince = performance.now();
        }
        return n > 0 && performance.now() - stableSince > 5_000;
      },
      30 * 60_000,
    );
    console.log(
      `[bench:delivery] archive holds ${last} video segments (${((last * 2) / 60).toFixed(1)} min)`,
    );
    const expected = (loops * LOOP_SECONDS) / 2;
    if (last < expected - 1) {
      throw new Error(
        `the archive holds ${last} of the ${expected} segments pushed: Inlet's disk fell behind the push (see "segment not stored" in ${inlet.logFile}); run again with a lower --speed`,
      );
    }
    const live = await phase(inlet, base, 'recording (live DVR window)', inlet.dataDir);
    await api(inlet, 'DELETE', '/liveEvents/show/liveOutputs/rec');
    await waitFor(
      'the archive to end',
      async () => (await timedGet(`${base}manifest(format=mpd-time-cmaf)`)).body.includes('type="static"'),
      60_000,
    );
    const vod = await phase(inlet, base, 'on demand', inlet.dataDir);
    const text = [
      `Archive: ${minutes} min of 720p30 3 Mbit/s H.264 + AAC (2 s segments), ${requests} requests per manifest, ${segmentCount} segments per format.`,
      '',
      markdown('While the live output records (live DVR presentation)', live),
      markdown('After the live output is deleted (on demand)', vod),
    ].join('\n');
    console.log(`\n${text}`);
    const out = join(REPO, 'bench-results', 'delivery');
    mkdirSync(out, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    writeFileSync(join(out, `delivery-${stamp}.md`), text);
    writeFileSync(
      join(out, `delivery-${stamp}.json`),
      JSON.stringify({ minutes, requests, segmentCount, live, vod }, null, 2),
    );
  } finally {
    await inlet.stop();
    await stopAll();
  }
}

main().catch(async (e: unknown) => {
  console.error(`[bench:delivery] failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  await stopAll();
  process.exit(1);
});
