import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Flags for a quiet, reproducible headless Chromium: no sandbox (containers run as root), no GPU, no
 * QUIC, no background traffic (updates, sync, first-run), and autoplay without a user gesture so the
 * preview page starts playing by itself.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

/** `chromiumPath` is Debian's Chromium (`/usr/bin/chromium`), or `CHROMIUM_PATH` when set. */
export function chromiumPath(): string {
  const path = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(
      `no Chromium at ${path}: the browser playback tests need it; install it with ` +
        '`apt-get install -y chromium` (.ci/run does this) or point CHROMIUM_PATH at a Chromium binary',
    );
  }
  return path;
}

/**
 * `launchChromium` starts headless Chromium with playwright-core. Every context made from it
 * (`browser.newContext()`) has a fresh profile.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS] });
}

/**
 * `mseSupport` asks the page's `MediaSource.isTypeSupported` about each MIME type (e.g.
 * `video/mp4; codecs="avc1.4d400d"`), in order.
 */
export function mseSupport(page: Page, types: readonly string[]): Promise<boolean[]> {
  return page.evaluate((list) => {
    const g = globalThis as unknown as { MediaSource?: { isTypeSupported(type: string): boolean } };
    return list.map((t) => g.MediaSource?.isTypeSupported(t) ?? false);
  }, types);
}

/** `PlaybackState` is what the preview page reports about its player and `<video id="video">`. */
export interface PlaybackState {
  readonly engine: string | null;
  readonly currentTime: number;
  readonly paused: boolean;
  readonly readyState: number;
  readonly videoWidth: number;
  readonly videoHeight: number;
  /** `getVideoPlaybackQuality().totalVideoFrames`: frames the decoder produced. */
  readonly decodedFrames: number;
  /** `video.buffered` as `[start, end]` seconds (for MSE: where every track has media). */
  readonly buffered: readonly (readonly [number, number])[];
  /** `window.inletPreview.errors`: fatal player and video element errors. */
  readonly errors: readonly string[];
  /** `window.inletPreview.events`: every player error event, fatal or not. */
  readonly events: readonly string[];
  /** `window.inletPreview.playerEnded`: the player (dash.js) declared the presentation played to its end. */
  readonly playerEnded: boolean;
}

interface VideoLike {
  readonly currentTime: number;
  readonly paused: boolean;
  readonly readyState: number;
  readonly videoWidth: number;
  readonly videoHeight: number;
  readonly buffered: { readonly length: number; start(i: number): number; end(i: number): number };
  getVideoPlaybackQuality(): { totalVideoFrames: number };
}

interface PreviewGlobals {
  readonly inletPreview?: {
    engine: string | null;
    errors: string[];
    events: string[];
    playerEnded?: boolean;
  };
  readonly document: { getElementById(id: string): VideoLike | null };
}

/** `PreviewPage` is an open preview page and what went wrong in it. */
export interface PreviewPage {
  readonly page: Page;
  /** Uncaught exceptions of the page (`pageerror`). */
  readonly pageErrors: string[];
  /** `console.error` messages of the page (diagnostics). */
  readonly consoleErrors: string[];
  /** Responses with a status of 400 or more, as `<status> <path>`. */
  readonly failedRequests: string[];
  /** Paths of every request the page made, in order. */
  readonly requested: string[];
  state(): Promise<PlaybackState>;
  /** One line for assertion messages: the state and every error seen. */
  describe(): Promise<string>;
}

/** `readPlaybackState` reads the preview page's `window.inletPreview` and video element. */
export function readPlaybackState(page: Page): Promise<PlaybackState> {
  return page.evaluate(() => {
    const g = globalThis as unknown as PreviewGlobals;
    const video = g.document.getElementById('video');
    const preview = g.inletPreview;
    const ranges = video?.buffered;
    const buffered = Array.from({ length: ranges?.length ?? 0 }, (_, i): [number, number] => [
      ranges?.start(i) ?? 0,
      ranges?.end(i) ?? 0,
    ]);
    return {
      engine: preview?.engine ?? null,
      currentTime: video?.currentTime ?? 0,
      paused: video?.paused ?? true,
      readyState: video?.readyState ?? 0,
      videoWidth: video?.videoWidth ?? 0,
      videoHeight: video?.videoHeight ?? 0,
      decodedFrames: video?.getVideoPlaybackQuality().totalVideoFrames ?? 0,
      buffered,
      errors: [...(preview?.errors ?? ['window.inletPreview is missing'])],
      events: [...(preview?.events ?? [])],
      playerEnded: preview?.playerEnded === true,
    };
  });
}

/**
 * `openPreview` opens `url` (a `/preview/<event>/` page, `#dash` for DASH) in a new page of `context`,
 * recording page errors and console errors from the start.
 */
export async function openPreview(context: BrowserContext, url: string): Promise<PreviewPage> {
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  page.on('response', (r) => {
    if (r.status() >= 400) {
      failedRequests.push(`${r.status()} ${new URL(r.url()).pathname}`);
    }
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') {
      consoleErrors.push(m.text());
    }
  });
  await page.goto(url);
  const state = (): Promise<PlaybackState> => readPlaybackState(page);
  return {
    page,
    pageErrors,
    consoleErrors,
    failedRequests,
    requested,
    state,
    async describe() {
      const s = await state();
      return JSON.stringify({
        url,
        ...s,
        pageErrors,
        consoleErrors: consoleErrors.slice(-10),
        failedRequests: failedRequests.slice(-10),
      });
    },
  };
}

/** `PlaybackProgress` is how far playback went while it was watched. */
export interface PlaybackProgress {
  /** `currentTime` when playback was first seen advancing. */
  readonly from: number;
  /** `currentTime` at the end. */
  readonly to: number;
}

/**
 * `waitForPlayback` waits until the page's `currentTime` has advanced `seconds` beyond where it was first
 * seen playing, failing at once on a page error or a fatal player error, and after `timeoutMs`.
 */
export async function waitForPlayback(
  preview: PreviewPage,
  seconds: number,
  timeoutMs: number,
): Promise<PlaybackProgress> {
  const end = Date.now() + timeoutMs;
  let from: number | undefined;
  for (;;) {
    const s = await preview.state();
    if (s.errors.length > 0 || preview.pageErrors.length > 0) {
      throw new Error(`playback failed: ${await preview.describe()}`);
    }
    if (from === undefined && s.currentTime > 0 && !s.paused) {
      from = s.currentTime;
    }
    if (from !== undefined && s.currentTime - from >= seconds) {
      return { from, to: s.currentTime };
    }
    if (Date.now() > end) {
      throw new Error(
        `currentTime did not advance ${seconds} s within ${timeoutMs} ms: ${await preview.describe()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * `waitForCurrentTime` waits until the page's `currentTime` reaches `atLeast` seconds, failing at once on a
 * page error or a fatal player error, and after `timeoutMs`.
 */
export async function waitForCurrentTime(
  preview: PreviewPage,
  atLeast: number,
  timeoutMs: number,
): Promise<PlaybackState> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await preview.state();
    if (s.errors.length > 0 || preview.pageErrors.length > 0) {
      throw new Error(`playback failed: ${await preview.describe()}`);
    }
    if (s.currentTime >= atLeast) {
      return s;
    }
    if (Date.now() > end) {
      throw new Error(
        `currentTime did not reach ${atLeast} s within ${timeoutMs} ms: ${await preview.describe()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * `waitForEnded` waits until the page's video has ended, failing at once on a page error or a fatal player
 * error, and after `timeoutMs` with where the video was and what the player saw.
 */
export async function waitForEnded(preview: PreviewPage, timeoutMs: number): Promise<VideoTimes> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await preview.state();
    if (s.errors.length > 0 || preview.pageErrors.length > 0) {
      throw new Error(`playback failed: ${await preview.describe()}`);
    }
    const times = await readVideoTimes(preview.page);
    // dash.js ends a presentation itself when the time left to its end is within its stall threshold, and a
    // Smooth one at its shortest track, parking the video paused there instead of letting the element reach
    // `ended`.
    if (times.ended || (s.playerEnded && times.currentTime >= times.duration - 1)) {
      return times;
    }
    if (Date.now() > end) {
      throw new Error(
        `the video did not end within ${timeoutMs} ms: ${JSON.stringify(times)} ${await preview.describe()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `VideoTimes` are the time ranges of the page's `<video id="video">`, seconds. */
export interface VideoTimes {
  readonly currentTime: number;
  /** NaN before metadata, Infinity for a live stream played by hls.js or dash.js. */
  readonly duration: number;
  readonly ended: boolean;
  /** `video.seekable` as `[start, end]` over all its ranges; `[0, 0]` when there are none. */
  readonly seekable: readonly [number, number];
}

interface SeekableVideo {
  currentTime: number;
  readonly duration: number;
  readonly ended: boolean;
  readonly seekable: { readonly length: number; start(i: number): number; end(i: number): number };
}

/** `readVideoTimes` reads where the page's video is and where it could go. */
export function readVideoTimes(page: Page): Promise<VideoTimes> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { document: { getElementById(id: string): SeekableVideo | null } };
    const v = g.document.getElementById('video');
    const n = v?.seekable.length ?? 0;
    return {
      currentTime: v?.currentTime ?? 0,
      duration: v?.duration ?? NaN,
      ended: v?.ended ?? false,
      seekable: n === 0 ? [0, 0] : [v?.seekable.start(0) ?? 0, v?.seekable.end(n - 1) ?? 0],
    };
  });
}

/** `seekVideo` sets the page's `video.currentTime` to `seconds` (the player follows the seek). */
export async function seekVideo(page: Page, seconds: number): Promise<void> {
  await page.evaluate((t) => {
    const g = globalThis as unknown as { document: { getElementById(id: string): SeekableVideo | null } };
    const v = g.document.getElementById('video');
    if (v !== null) {
      v.currentTime = t;
    }
  }, seconds);
}
