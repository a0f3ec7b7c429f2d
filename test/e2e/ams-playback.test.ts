import type { AzureMediaServices } from '@azure/arm-mediaservices';
import type { Browser, BrowserContext } from 'playwright-core';
import { httpsRequest } from '../../src/api/test-support/https-request.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armClient, sdkClient } from '../support/arm-clients.js';
import {
  launchChromium,
  openPreview,
  readVideoTimes,
  waitForEnded,
  seekVideo,
  waitForCurrentTime,
  waitForPlayback,
  type PreviewPage,
} from '../support/browser.js';
import { ffmpegUrl } from '../support/ffmpeg-url.js';
import { avcFixture } from '../support/fixtures.js';
import { startInlet, type InletHarness } from '../support/inlet-harness.js';
import { ffmpegPath } from '../support/media-tools.js';
import { startProcess } from '../support/run-process.js';

/**
 * Every format a streaming locator publishes, played in headless Chromium through Inlet's player page
 * (`/play?url=`) on the streaming endpoint's HTTPS host name, as a viewer of an AMS customer's site
 * would: HLS with CMAF and with TS segments in hls.js, DASH (CMAF and CSF manifests) and Smooth
 * Streaming in dash.js, while the live output records (live, then seeking back into the DVR window);
 * the same formats on the preview (`preview.ism`); and, after the live output is deleted, the asset as
 * video on demand, played to its end.
 */

const POLL = { updateIntervalInMs: 10 };
const FIXTURE_SECONDS = 48;
/** Seconds of playback each format must show. */
const PLAY_SECONDS = 4;
/** Recoverable stalls hls.js and dash.js report while they wait for the live edge. */
const STALL_NOTICES = /^hls error (bufferStalledError|bufferNudgeOnStall|bufferSeekOverHole)$/;

const FORMATS = [
  { format: 'm3u8-cmaf', engine: 'hls' },
  { format: 'm3u8-aapl', engine: 'hls' },
  { format: 'mpd-time-cmaf', engine: 'dash' },
  { format: 'mpd-time-csf', engine: 'dash' },
  { format: undefined, engine: 'dash' },
] as const;

function manifestPath(base: string, format: string | undefined): string {
  return format === undefined ? `${base}/manifest` : `${base}/manifest(format=${format})`;
}

/** A seek cancels the fragment loads in flight; hls.js reports that as a non-fatal `aborted`. */
const SEEK_NOTICES = /^hls error aborted$/;

async function expectClean(
  page: PreviewPage,
  engine: 'hls' | 'dash',
  notices = STALL_NOTICES,
): Promise<void> {
  const s = await page.state();
  const what = await page.describe();
  expect(s.engine, what).toBe(engine);
  expect(s.errors, what).toEqual([]);
  expect(
    s.events.filter((e) => !STALL_NOTICES.test(e) && !notices.test(e)),
    what,
  ).toEqual([]);
  expect(page.pageErrors, what).toEqual([]);
  expect(page.failedRequests, what).toEqual([]);
  expect([s.videoWidth, s.videoHeight], what).toEqual([320, 240]);
}

describe.sequential('AMS streaming URLs played in headless Chromium (hls.js and dash.js)', () => {
  let h: InletHarness;
  let sdk: AzureMediaServices;
  let browser: Browser;
  let context: BrowserContext;
  let rg: string;
  let acct: string;
  let base: string;
  let previewBase: string;
  let push: ReturnType<typeof startProcess> | undefined;
  const pages: PreviewPage[] = [];

  const playUrl = (manifest: string): string =>
    `https://localhost:${h.httpsPort}/play?url=${encodeURIComponent(manifest)}`;

  async function open(manifest: string): Promise<PreviewPage> {
    const page = await openPreview(context, playUrl(manifest));
    pages.push(page);
    return page;
  }

  async function closeAll(): Promise<void> {
    for (const p of pages.splice(0)) {
      await p.page.close();
    }
  }

  beforeAll(async () => {
    const fixture = await avcFixture({ seconds: FIXTURE_SECONDS, gopSeconds: 2 });
    browser = await launchChromium();
    // The pages trust Inlet's private CA as a viewer's browser trusts a public one.
    context = await browser.newContext({ ignoreHTTPSErrors: true });
    h = await startInlet({ env: { INLET_DEFAULT_STREAMING_ENDPOINT: 'Running' } });
    sdk = sdkClient(armClient(h).options);
    rg = h.app.config.account.resourceGroup;
    acct = h.app.config.account.name;
    await sdk.liveEvents.beginCreateAndWait(
      rg,
      acct,
      'concert',
      { location: 'West US', input: { streamingProtocol: 'RTMP' } },
      POLL,
    );
    await sdk.assets.createOrUpdate(rg, acct, 'concert-archive', {});
    await sdk.liveOutputs.beginCreateAndWait(
      rg,
      acct,
      'concert',
      'main',
      { assetName: 'concert-archive', archiveWindowLength: 'PT10M', manifestName: 'concert' },
      POLL,
    );
    await sdk.liveEvents.beginStartAndWait(rg, acct, 'concert', POLL);
    const event = await sdk.liveEvents.get(rg, acct, 'concert');
    const ingest = event.input?.endpoints?.[0]?.url ?? '';
    push = startProcess(
      ffmpegPath(),
      ['-hide_banner', '-loglevel', 'error', '-re', '-i', fixture, '-c', 'copy', '-f', 'flv'].concat(
        await ffmpegUrl(`${ingest}/cam`, ffmpegPath()),
      ),
      120_000,
    );
    const locator = await sdk.streamingLocators.create(rg, acct, 'concert-locator', {
      assetName: 'concert-archive',
      streamingPolicyName: 'Predefined_ClearStreamingOnly',
    });
    const endpoint = await sdk.streamingEndpoints.get(rg, acct, 'default');
    expect(endpoint.resourceState).toBe('Running');
    base = `https://${endpoint.hostName ?? ''}/${locator.streamingLocatorId ?? ''}/concert.ism`;
    previewBase = (event.preview?.endpoints?.[0]?.url ?? '').replace(/\/manifest$/, '');
    expect(previewBase).toMatch(/\/preview\/concert\/preview\.ism$/);
    // A viewer opens the page once every manifest answers, and the live Smooth manifests list a few
    // fragments: dash.js starts its live delay (4 s) before the newest listed fragment, and a live
    // Smooth manifest leaves out the newest two.
    const manifests = [...FORMATS.map((f) => manifestPath(base, f.format)), `${previewBase}/manifest`];
    await h.until(
      async () => {
        const answers = await Promise.all(manifests.map((m) => httpsRequest(m, { ca: h.ca })));
        const smooth = answers.filter((a) => a.text.includes('<SmoothStreamingMedia'));
        const chunks = smooth.flatMap((a) =>
          [...a.text.matchAll(/ Chunks="(\d+)"/g)].map((m) => Number(m[1])),
        );
        return answers.every((a) => a.status === 200) && smooth.length === 2 && chunks.every((n) => n >= 4);
      },
      40_000,
      'every manifest of the live output and the preview',
    );
  }, 90_000);

  afterAll(async () => {
    push?.child.kill('SIGKILL');
    await push?.done;
    await closeAll();
    await context?.close();
    await browser?.close();
    await h?.close();
  });

  it('plays every format of the locator live: HLS CMAF and TS, DASH CMAF and CSF, Smooth Streaming', async () => {
    const opened = await Promise.all(FORMATS.map((f) => open(manifestPath(base, f.format))));
    await Promise.all(opened.map((p) => waitForPlayback(p, PLAY_SECONDS, 40_000)));
    for (const [i, f] of FORMATS.entries()) {
      const page = opened[i]!;
      await expectClean(page, f.engine);
      const requested = page.requested.join('\n');
      if (f.format === 'm3u8-aapl') {
        expect(requested, 'TS segments').toMatch(/\.ts$/m);
      } else if (f.format === undefined) {
        expect(requested, 'Smooth fragments').toMatch(/\/Fragments\(/);
      } else {
        expect(requested, 'CMAF segments').toMatch(/\.m4s$/m);
      }
    }
    await closeAll();
  }, 90_000);

  it('plays the preview through its preview.ism URLs', async () => {
    const opened = await Promise.all([
      open(manifestPath(previewBase, 'm3u8-cmaf')),
      open(manifestPath(previewBase, 'm3u8-aapl')),
      open(manifestPath(previewBase, 'mpd-time-cmaf')),
      open(`${previewBase}/manifest`),
    ]);
    await Promise.all(opened.map((p) => waitForPlayback(p, PLAY_SECONDS, 40_000)));
    for (const [i, page] of opened.entries()) {
      await expectClean(page, i < 2 ? 'hls' : 'dash');
    }
    await closeAll();
  }, 90_000);

  it('seeks back into the DVR window of the live output (HLS CMAF and DASH)', async () => {
    const opened = await Promise.all([
      open(manifestPath(base, 'm3u8-cmaf')),
      open(manifestPath(base, 'mpd-time-cmaf')),
    ]);
    await Promise.all(opened.map((p) => waitForPlayback(p, 1, 30_000)));
    for (const page of opened) {
      // The window holds everything since the output started, far more than the live edge distance.
      await h.until(
        async () => {
          const [start, end] = (await readVideoTimes(page.page)).seekable;
          return end - start >= 16;
        },
        30_000,
        `a DVR window of 16 s: ${await page.describe()}`,
      );
      const { seekable, currentTime: now } = await readVideoTimes(page.page);
      const target = seekable[0] + 1;
      await seekVideo(page.page, target);
      const after = await waitForCurrentTime(page, target + PLAY_SECONDS, 30_000);
      expect(after.currentTime, await page.describe()).toBeLessThan(now);
    }
    await expectClean(opened[0]!, 'hls', SEEK_NOTICES);
    await expectClean(opened[1]!, 'dash', SEEK_NOTICES);
    await closeAll();
  }, 90_000);

  it('plays the asset on demand once the live output is deleted, to its end', async () => {
    await push?.done;
    push = undefined;
    await sdk.liveOutputs.beginDeleteAndWait(rg, acct, 'concert', 'main', POLL);
    for (const f of FORMATS) {
      const page = await open(manifestPath(base, f.format));
      await waitForPlayback(page, 1, 30_000);
      const { duration } = await readVideoTimes(page.page);
      const what = `${f.format ?? 'smooth'}: ${await page.describe()}`;
      expect(Math.abs(duration - FIXTURE_SECONDS), what).toBeLessThan(2.5);
      await seekVideo(page.page, duration - 3);
      await waitForEnded(page, 30_000);
      await expectClean(page, f.engine, SEEK_NOTICES);
      await closeAll();
    }
  }, 180_000);
});
