/**
 * `measureGlassLatency` measures glass-to-player latency of a low-latency live event: the load generator
 * publishes the `glass720p30` fixture, whose frame number is burned in as a bar code
 * (`scripts/fixtures/frame-barcode.ts`); headless Chromium plays the preview page (`/preview/<event>/`,
 * hls.js in low-latency mode) and, for every presented frame (`requestVideoFrameCallback`), draws the
 * video to a canvas, reads the bar code from the pixels and notes `Date.now()`. The frame's "glass" time
 * is when the publisher sent it (the stream's wall-clock anchor + loop + the frame's time), so the figure
 * is ingest + packaging + HTTP + player buffer + decode + display, without an encoder's own delay.
 */
import { chromium } from 'playwright-core';
import { FlvTagType } from '../../src/formats/flv/flv-file-reader.js';
import { startInletProcess } from '../common/inlet-process.js';
import { sleep } from '../common/processes.js';
import { summarize, type Summary } from '../common/stats.js';
import { barcodeLayout } from '../fixtures/frame-barcode.js';
import { LoadGenerator } from '../load/load-generator.js';

/** `GlassResult` are the latencies of the frames Chromium presented, ms. */
export interface GlassResult {
  readonly latency: Summary;
  readonly frames: number;
  readonly unreadable: number;
  readonly player: string;
  /** hls.js's own estimate at the end (`hls.latency`, `hls.targetLatency`), ms; a cross-check. */
  readonly playerLatencyMs: number | undefined;
  readonly playerTargetLatencyMs: number | undefined;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

interface FrameSample {
  readonly n: number;
  readonly at: number;
}

/**
 * Runs in the page (plain JavaScript: this project compiles without the DOM types): samples presented
 * frames for `ms`, decoding each frame number from the bar code against the two reference blocks.
 */
const SAMPLER = `async ({ layout, ms }) => {
  const video = document.getElementById('video');
  const canvas = document.createElement('canvas');
  canvas.width = layout.width;
  canvas.height = layout.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const samples = [];
  let unreadable = 0;
  const luma = (p) => {
    const d = ctx.getImageData(p.x - 8, p.y - 8, 16, 16).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) { sum += d[i] + d[i + 1] + d[i + 2]; }
    return sum / ((d.length / 4) * 3);
  };
  return await new Promise((resolve) => {
    const end = performance.now() + ms;
    const onFrame = () => {
      const at = Date.now();
      if (video.videoWidth === layout.width) {
        ctx.drawImage(video, 0, 0);
        const white = luma(layout.white);
        const black = luma(layout.black);
        if (white - black > 100) {
          const mid = (white + black) / 2;
          let n = 0;
          layout.bits.forEach((p, i) => { if (luma(p) > mid) { n += 2 ** i; } });
          samples.push({ n, at });
        } else {
          unreadable++;
        }
      }
      if (performance.now() < end) { video.requestVideoFrameCallback(onFrame); } else { resolve({ samples, unreadable }); }
    };
    video.requestVideoFrameCallback(onFrame);
  });
}`;

/** `measureGlassLatency`: see the module comment. */
export async function measureGlassLatency(o: {
  fixtureFile: string;
  seconds: number;
  log: (line: string) => void;
}): Promise<GlassResult> {
  const inlet = await startInletProcess({
    mode: 'dist',
    liveEvents: [{ name: 'glass', streamOptions: ['LowLatency'] }],
  });
  const abort = new AbortController();
  const generator = new LoadGenerator({
    url: inlet.ingestUrl('glass'),
    streams: 1,
    prefix: 'cam',
    fixture: o.fixtureFile,
    durationMs: (o.seconds + 60) * 1000,
    rampMs: 0,
    chunkSize: 4096,
    tls: { rejectUnauthorized: false },
    reconnectDelayMs: 1000,
    faults: undefined,
    faultStreams: undefined,
    tickMs: 2,
    progressMs: 60_000,
    log: () => undefined,
    signal: abort.signal,
  });
  const running = generator.run();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    await sleep(4000);
    const page = await browser.newPage();
    await page.goto(inlet.http('/preview/glass/'));
    await page.waitForFunction("document.getElementById('video').currentTime > 0", undefined, {
      timeout: 30_000,
    });
    o.log(`glass: playing; sampling presented frames for ${o.seconds} s`);
    // Let the player settle at its live edge first.
    await sleep(5000);
    const layout = barcodeLayout({ width: 1280, height: 720 });
    const { samples, unreadable } = (await page.evaluate(
      `(${SAMPLER})(${JSON.stringify({ layout, ms: o.seconds * 1000 })})`,
    )) as { samples: FrameSample[]; unreadable: number };
    const player = String(await page.evaluate("window.inletPreview?.engine ?? 'unknown'"));
    const hls = (await page.evaluate(
      '({ latency: window.inletPreview?.player?.latency, target: window.inletPreview?.player?.targetLatency })',
    )) as { latency?: number; target?: number };
    const toMs = (s: number | undefined): number | undefined =>
      typeof s === 'number' && Number.isFinite(s) ? Math.round(s * 1000) : undefined;
    const stream = generator.streams[0];
    if (stream === undefined) {
      throw new Error('the glass stream is missing');
    }
    const { epochMs, periodMs } = stream.anchor;
    const videoTimes = generator.loop.media.filter((t) => t.type === FlvTagType.video).map((t) => t.time);
    const latencies: number[] = [];
    for (const s of samples) {
      const t = videoTimes[s.n];
      if (t === undefined) {
        continue;
      }
      const loop = Math.floor((s.at - epochMs - t) / periodMs);
      latencies.push(s.at - (epochMs + loop * periodMs + t));
    }
    const result = {
      latency: summarize(latencies),
      frames: samples.length,
      unreadable,
      player,
      playerLatencyMs: toMs(hls.latency),
      playerTargetLatencyMs: toMs(hls.target),
    };
    o.log(
      `glass-to-player: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms over ${result.frames} frames (${unreadable} unreadable); hls.js estimate ${result.playerLatencyMs ?? '?'} ms, target ${result.playerTargetLatencyMs ?? '?'} ms`,
    );
    return result;
  } finally {
    await browser.close();
    abort.abort();
    await running;
    await inlet.stop();
  }
}
