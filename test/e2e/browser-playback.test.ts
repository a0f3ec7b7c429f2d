import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFlvMedia } from '../../src/packager/test-support/flv-media.js';
import {
  launchChromium,
  mseSupport,
  openPreview,
  waitForCurrentTime,
  waitForPlayback,
  type PreviewPage,
} from '../support/browser.js';
import { avcFixture } from '../support/fixtures.js';
import { startInlet, type InletHarness } from '../support/inlet-harness.js';
import { ffmpegPath } from '../support/media-tools.js';
import { readMpd } from '../../src/outputs/test-support/mpd-reader.js';
import { fetchText, parseMediaPlaylist, type MediaPlaylist } from '../support/preview-media.js';
import { startProcess, type ProcessResult } from '../support/run-process.js';

/** 30 s of 320×240 at 30 fps with 1 s GOPs and B-frames, AAC: longer than any test below needs. */
const FIXTURE = { seconds: 30, gopSeconds: 1 } as const;
const STREAM = 'cam1';
/** Several 2 s segments of playback. */
const PLAY_SECONDS = 6;
/**
 * hls.js reports the stalls it recovers from (waiting for the live edge, nudging over a hole) through its
 * error event as non-fatal; they are not packaging faults. Every other error event is.
 */
const STALL_NOTICES = /^hls error (bufferStalledError|bufferNudgeOnStall|bufferSeekOverHole)$/;

interface Encoder {
  readonly child: ChildProcess;
  readonly done: Promise<ProcessResult>;
}

/** Playlist snapshots taken while a test runs: sequence numbers as the player would see them. */
interface PlaylistWatch {
  readonly snapshots: MediaPlaylist[];
  readonly errors: string[];
  stop(): Promise<void>;
}

function watchPlaylist(url: string, everyMs: number): PlaylistWatch {
  const snapshots: MediaPlaylist[] = [];
  const errors: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        snapshots.push(parseMediaPlaylist(await fetchText(url)));
      } catch (e) {
        errors.push(String(e));
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    snapshots,
    errors,
    async stop() {
      running = false;
      await loop;
    },
  };
}

async function expectCleanPlayback(preview: PreviewPage, engine: 'hls' | 'dash'): Promise<void> {
  const s = await preview.state();
  const what = await preview.describe();
  expect(s.engine, what).toBe(engine);
  expect(s.errors, what).toEqual([]);
  expect(
    s.events.filter((e) => !STALL_NOTICES.test(e)),
    what,
  ).toEqual([]);
  expect(preview.pageErrors, what).toEqual([]);
  expect(preview.failedRequests, what).toEqual([]);
  expect([s.videoWidth, s.videoHeight], what).toEqual([320, 240]);
  expect(s.decodedFrames, what).toBeGreaterThan(PLAY_SECONDS * 30 * 0.5);
}

describe.sequential('preview playback in headless Chromium (hls.js and dash.js on the preview page)', () => {
  let h: InletHarness;
  let browser: Browser;
  let fixture: string;
  let codecs: string[];
  const encoders = new Set<Encoder>();
  const contexts = new Set<BrowserContext>();
  const previewUrl = (event: string, hash = ''): string => h.http(`/preview/${event}/${hash}`);

  /** ffmpeg pushes the fixture in real time (`-re`, `-c copy`), timestamps from 0, like a live encoder. */
  function startEncoder(event: string): Encoder {
    const { child, done } = startProcess(
      ffmpegPath(),
      [
        ...['-hide_banner', '-loglevel', 'error', '-re', '-i', fixture, '-c', 'copy', '-f', 'flv'],
        `${h.ingestUrl(event)}/${STREAM}`,
      ],
      120_000,
    );
    const encoder = { child, done };
    encoders.add(encoder);
    return encoder;
  }

  /** Drops the encoder's connection at once (as a crashing encoder or a pulled cable would). */
  async function killEncoder(encoder: Encoder): Promise<void> {
    encoder.child.kill('SIGKILL');
    await encoder.done;
    encoders.delete(encoder);
  }

  async function newContext(): Promise<BrowserContext> {
    const context = await browser.newContext();
    contexts.add(context);
    return context;
  }

  async function closeContext(context: BrowserContext): Promise<void> {
    contexts.delete(context);
    await context.close();
  }

  beforeAll(async () => {
    fixture = await avcFixture(FIXTURE);
    const media = readFlvMedia(new Uint8Array(readFileSync(fixture)));
    codecs = [media.video?.config.codecString ?? '', media.audio?.config.codecString ?? ''];
    browser = await launchChromium();
    h = await startInlet({
      configFile: {
        liveEvents: [
          { name: 'normal', autoStart: true },
          { name: 'lowlatency', autoStart: true, streamOptions: ['LowLatency'] },
          { name: 'restart', autoStart: true },
        ],
      },
    });
  }, 60_000);

  afterAll(async () => {
    for (const encoder of encoders) {
      encoder.child.kill('SIGKILL');
      await encoder.done;
    }
    for (const context of contexts) {
      await context.close();
    }
    await browser?.close();
    await h?.close();
  });

  it('has a Chromium whose MSE plays the stream codecs (H.264 and AAC in MP4)', async () => {
    const context = await newContext();
    try {
      const page = await context.newPage();
      await page.setContent('<!doctype html><title>codecs</title>');
      const types = [`video/mp4; codecs="${codecs[0]}"`, `audio/mp4; codecs="${codecs[1]}"`];
      const supported = await mseSupport(page, types);
      expect(
        supported,
        `MediaSource.isTypeSupported(${types.join(', ')}) in ${browser.version()}: this Chromium build ` +
          'lacks the proprietary codecs; use Debian chromium (apt-get install -y chromium)',
      ).toEqual([true, true]);
    } finally {
      await closeContext(context);
    }
  });

  for (const [event, label] of [
    ['normal', 'a normal'],
    ['lowlatency', 'a LowLatency'],
  ] as const) {
    it(`plays ${label} live event with HLS and DASH past several segments without an error`, async () => {
      const encoder = startEncoder(event);
      const context = await newContext();
      try {
        await h.until(
          async () => (await fetch(h.http(`/preview/${event}/index.m3u8`))).status === 200,
          15_000,
          `the ${event} preview`,
        );
        const media = parseMediaPlaylist(
          await fetchText(h.http(`/preview/${event}/${STREAM}-video/index.m3u8`)),
        );
        expect(media.text.includes('#EXT-X-PART-INF:'), media.text).toBe(event === 'lowlatency');
        const [hls, dash] = await Promise.all([
          openPreview(context, previewUrl(event)),
          openPreview(context, previewUrl(event, '#dash')),
        ]);
        await Promise.all([hls, dash].map((p) => waitForPlayback(p, PLAY_SECONDS, 30_000)));
        await expectCleanPlayback(hls, 'hls');
        await expectCleanPlayback(dash, 'dash');
        // hls.js in low-latency mode loads the parts (`<seq>.<part>.m4s`) of a LowLatency event.
        const parts = hls.requested.filter((p) => /-\d+\.\d+\.m4s$/.test(p));
        if (event === 'lowlatency') {
          expect(parts.length, hls.requested.join('\n')).toBeGreaterThan(0);
        } else {
          expect(parts).toEqual([]);
        }
      } finally {
        await closeContext(context);
        await killEncoder(encoder);
      }
    }, 60_000);
  }

  it('keeps playing HLS and DASH across an encoder restart; playlist sequence numbers never go back', async () => {
    const first = startEncoder('restart');
    const context = await newContext();
    let playlists: PlaylistWatch[] = [];
    try {
      await h.until(
        async () => (await fetch(h.http('/preview/restart/index.m3u8'))).status === 200,
        15_000,
        'the restart preview',
      );
      // Polled from the first segment on, as a player reloading the playlist would see it.
      playlists = ['video', 'audio'].map((kind) =>
        watchPlaylist(h.http(`/preview/restart/${STREAM}-${kind}/index.m3u8`), 250),
      );
      const [hls, dash] = await Promise.all([
        openPreview(context, previewUrl('restart')),
        openPreview(context, previewUrl('restart', '#dash')),
      ]);
      await Promise.all([hls, dash].map((p) => waitForPlayback(p, 3, 30_000)));
      await killEncoder(first);
      const atRestart = await Promise.all([hls.state(), dash.state()]);
      // The encoder comes back a second later and starts its timestamps at 0 again.
      await new Promise((r) => setTimeout(r, 1000));
      startEncoder('restart');
      const video = playlists[0]!;
      await h.until(
        () => video.snapshots.at(-1)?.segments.some((s) => s.discontinuity) === true,
        15_000,
        'an EXT-X-DISCONTINUITY in the video playlist',
      );
      // The first run's media ends where its segments end; playback goes on several seconds past that.
      const listed = video.snapshots.at(-1)!.segments;
      const firstRun = listed.slice(
        0,
        listed.findIndex((s) => s.discontinuity),
      );
      const firstRunEnd = firstRun.reduce((a, s) => a + s.duration, 0);
      // DASH: the reconnect opens a Period; a player moving into it seeks to its start, so every track
      // must have media there (otherwise dash.js waits at the Period start for good).
      const mpd = readMpd(await fetchText(h.http('/preview/restart/index.mpd')));
      expect(mpd.periods, JSON.stringify(mpd.periods.map((p) => p.id))).toHaveLength(2);
      const periodStart = mpd.periods[1]!.startMs / 1000;
      const after = await Promise.all([
        waitForCurrentTime(hls, firstRunEnd + 4, 30_000),
        waitForCurrentTime(dash, periodStart + 4, 30_000),
      ]);
      after.forEach((s, i) => {
        expect(s.decodedFrames - atRestart[i]!.decodedFrames).toBeGreaterThan(4 * 30 * 0.5);
      });
      const dashState = after[1];
      expect(
        dashState.buffered.some(([start, end]) => start <= periodStart && end > periodStart + 1),
        `media at the second Period's start ${periodStart} s: ${await dash.describe()}`,
      ).toBe(true);
      await expectCleanPlayback(hls, 'hls');
      await expectCleanPlayback(dash, 'dash');
      await Promise.all(playlists.map((p) => p.stop()));
      for (const p of playlists) {
        expect(p.errors).toEqual([]);
        const seen = p.snapshots.filter((s) => s.segments.length > 0);
        expect(seen.length).toBeGreaterThan(10);
        const numbers = seen.map((s) => [
          s.mediaSequence,
          s.segments.at(-1)!.sequence,
          s.discontinuitySequence,
        ]);
        numbers.slice(1).forEach((n, i) => {
          const before = numbers[i]!;
          expect(
            n.map((x, j) => x >= before[j]!),
            JSON.stringify([before, n]),
          ).toEqual([true, true, true]);
        });
        // The discontinuity is marked once, and the numbering runs on across it.
        const last = seen.at(-1)!;
        const marked = last.segments.filter((s) => s.discontinuity);
        expect(marked).toHaveLength(1);
        expect(last.segments.map((s) => s.sequence)).toEqual(
          last.segments.map((_, i) => last.mediaSequence + i),
        );
        expect(last.segments.at(-1)!.sequence).toBeGreaterThan(marked[0]!.sequence);
      }
    } finally {
      await Promise.all(playlists.map((p) => p.stop()));
      await closeContext(context);
      for (const encoder of [...encoders]) {
        await killEncoder(encoder);
      }
    }
  }, 60_000);
});
