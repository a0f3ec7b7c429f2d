import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsRequest } from '../../src/api/test-support/https-request.js';
import { armClient, type ArmClient } from '../support/arm-clients.js';
import { ffmpegUrl } from '../support/ffmpeg-url.js';
import { avcFixture, countFlvTags } from '../support/fixtures.js';
import { replayFlv } from '../support/flv-replay.js';
import { parseMediaPlaylist, variantUris, type HlsMediaPlaylist } from '../support/hls-playlist.js';
import { startInlet, type InletHarness } from '../support/inlet-harness.js';
import { ffmpegPath } from '../support/media-tools.js';
import { runProcess } from '../support/run-process.js';

/**
 * A DVR live output end to end: a live output with a 2-minute archive window (`archiveWindowLength:
 * PT2M`) records 3 minutes of streaming; the archive then covers the last 2 minutes, and after the
 * output is deleted the asset is a VOD (HLS `EXT-X-ENDLIST`, static MPD) that ffmpeg plays from start to
 * end; an output with `outputSnapTime` archives only what the encoder sent from that timestamp on.
 *
 * The archive window is measured in media time (the sum of segment durations), not wall-clock time, so
 * the 3 minutes are pushed faster than real time: `replayFlv({ realtime: false })` sends a 3-minute
 * fixture (small picture and bitrate so it encodes in seconds and is cached) as fast as the socket
 * allows, and the test takes seconds instead of minutes.
 */

const SEGMENT_SECONDS = 2;
const STREAM_SECONDS = 180;
const WINDOW_SECONDS = 120;
const ASSET = 'dvr-asset';
const MANIFEST = 'dvr';

interface Rendition {
  readonly uri: string;
  readonly playlist: HlsMediaPlaylist;
}

describe.sequential('DVR live output: 2-minute window over 3 minutes of media, then VOD', () => {
  let h: InletHarness;
  let api: ArmClient;
  let fixture: string;
  let live: Rendition[] = [];

  const assetUrl = (path: string): string => `https://localhost:${h.httpsPort}/assets/${ASSET}/${path}`;
  const get = (path: string) => httpsRequest(assetUrl(path), { ca: h.ca });

  async function renditions(): Promise<Rendition[]> {
    const top = await get(`${MANIFEST}.m3u8`);
    expect(top.status, top.text).toBe(200);
    const out: Rendition[] = [];
    for (const uri of variantUris(top.text)) {
      const res = await get(uri);
      expect(res.status, `${uri}: ${res.text}`).toBe(200);
      out.push({ uri, playlist: parseMediaPlaylist(res.text) });
    }
    return out;
  }

  beforeAll(async () => {
    fixture = await avcFixture({
      seconds: STREAM_SECONDS,
      width: 256,
      height: 144,
      fps: 15,
      gopSeconds: SEGMENT_SECONDS,
      videoKbps: 150,
    });
    h = await startInlet();
    api = armClient(h);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('after 3 minutes of media the archive playlist covers the last 2 minutes', async () => {
    const body = {
      location: 'West Europe',
      properties: { input: { streamingProtocol: 'RTMP', keyFrameIntervalDuration: `PT${SEGMENT_SECONDS}S` } },
    };
    await api.run('PUT', '/liveEvents/dvr?autoStart=true', { body });
    await api.run('PUT', '/liveEvents/dvr/liveOutputs/archive', {
      body: { properties: { assetName: ASSET, archiveWindowLength: 'PT2M', manifestName: MANIFEST } },
    });
    const event = (await api.request('GET', '/liveEvents/dvr')).json as {
      properties: { input: { endpoints: { url: string }[] } };
    };
    const ingest = event.properties.input.endpoints[0]?.url ?? '';

    const { sent } = await replayFlv({ url: ingest, streamName: 'cam', file: fixture, realtime: false });
    const tags = countFlvTags(fixture);
    expect(sent.videoTags).toBe(tags.video);
    expect(tags.lastTimestamp).toBeGreaterThan((STREAM_SECONDS - 1) * 1000);

    // The archive settles once the last segment (flushed at unpublish) is written.
    let previous = '';
    let stableSince = Date.now();
    await h.until(
      async () => {
        // Until the first segment is archived the playlists answer an error: keep polling.
        const now = JSON.stringify(await renditions().catch((e: Error) => e.message));
        if (now !== previous) {
          previous = now;
          stableSince = Date.now();
        }
        return Date.now() - stableSince > 750;
      },
      30_000,
      'the archive to settle',
    );
    live = await renditions();
    expect(live.map((r) => r.uri.split('/')[0]).sort()).toEqual(['cam-audio', 'cam-video']);
    for (const { uri, playlist } of live) {
      expect(playlist.endList, uri).toBe(false);
      expect(playlist.playlistType, uri).toBeUndefined();
      // The window keeps at least 2 minutes and less than one more segment.
      expect(playlist.duration, uri).toBeGreaterThanOrEqual(WINDOW_SECONDS - 0.1);
      expect(playlist.duration, uri).toBeLessThan(WINDOW_SECONDS + playlist.targetDuration + 0.1);
      // Older media left the window: the first minute's segments are gone from the playlist and disk.
      expect(playlist.mediaSequence, uri).toBeGreaterThan(0);
      const dir = join(h.dataDir, 'assets', ASSET, uri.split('/')[0] ?? '');
      const files = readdirSync(dir).filter((f) => f.endsWith('.m4s'));
      expect(files.sort(), uri).toEqual(playlist.segments.map((s) => s.uri).sort());
      const base = uri.slice(0, uri.lastIndexOf('/') + 1);
      expect((await get(`${base}${playlist.segments[0]?.uri ?? ''}`)).status).toBe(200);
      expect((await get(`${base}${playlist.mediaSequence - 1}.m4s`)).status).toBe(404);
    }
    const video = live.find((r) => r.uri.startsWith('cam-video'))?.playlist;
    // Segments of 2 s: the newest ends the 3 minutes (sequence numbers count every segment recorded).
    expect(video?.segments.every((s) => Math.abs(s.duration - SEGMENT_SECONDS) < 0.01)).toBe(true);
    expect(video?.segments.at(-1)?.sequence).toBe(STREAM_SECONDS / SEGMENT_SECONDS - 1);

    const mpd = await get(`${MANIFEST}.mpd`);
    expect(mpd.text).toMatch(/type="dynamic"/);
    expect(mpd.text).toMatch(new RegExp(`timeShiftBufferDepth="PT${WINDOW_SECONDS}S"`));
  });

  it('after the live output is deleted the VOD plays from start to end in ffmpeg', async () => {
    await api.run('DELETE', '/liveEvents/dvr/liveOutputs/archive');
    const vod = await renditions();
    for (const [i, { uri, playlist }] of vod.entries()) {
      expect(playlist.endList, uri).toBe(true);
      expect(playlist.playlistType, uri).toBe('VOD');
      // The same segments as the live window: deleting the output ends the archive, it does not cut it.
      expect(playlist.segments, uri).toEqual(live[i]?.playlist.segments);
    }
    const archived = vod.find((r) => r.uri.startsWith('cam-video'))?.playlist.duration ?? 0;

    const mpd = await get(`${MANIFEST}.mpd`);
    expect(mpd.text).toMatch(/type="static"/);
    const declared = /mediaPresentationDuration="PT([\d.]+)S"/.exec(mpd.text)?.[1];
    expect(Number(declared)).toBeCloseTo(archived, 0);
    // Every Representation's first segment starts at the start of the (single) Period: no leading gap.
    expect(mpd.text.match(/<Period /g)).toHaveLength(1);
    expect(mpd.text).toMatch(/<Period [^>]*start="PT0S"/);
    const templates = [
      ...mpd.text.matchAll(
        /timescale="(\d+)" presentationTimeOffset="(\d+)"[^>]*>\s*<SegmentTimeline>\s*<S t="(\d+)"/g,
      ),
    ];
    expect(templates).toHaveLength(2);
    for (const [, timescale, pto, t] of templates) {
      expect(Math.abs(Number(t) - Number(pto)) / Number(timescale)).toBeLessThan(0.1);
    }

    // HLS over HTTPS, checking the certificate against Inlet's CA. The 2018 ffmpeg's DASH demuxer opens a
    // new TLS connection (a full handshake) per segment, seconds of CPU for 120 segments: DASH is played
    // from the plain HTTP listener, which serves the same assets.
    const players = [
      {
        manifest: `${MANIFEST}.m3u8`,
        url: await ffmpegUrl(assetUrl(`${MANIFEST}.m3u8`), ffmpegPath()),
        tls: ['-tls_verify', '1', '-ca_file', h.app.addresses.caPath],
      },
      { manifest: `${MANIFEST}.mpd`, url: h.http(`/assets/${ASSET}/${MANIFEST}.mpd`), tls: [] },
    ];
    for (const { manifest, url, tls } of players) {
      const r = await runProcess(
        ffmpegPath(),
        [
          '-hide_banner',
          '-v',
          'error',
          ...tls,
          '-i',
          url,
          '-progress',
          'pipe:1',
          '-nostats',
          '-f',
          'null',
          '-',
        ],
        60_000,
      );
      expect(r.stderr, manifest).toBe('');
      expect(r.code, manifest).toBe(0);
      const progress = r.stdout.split('\n');
      expect(progress.at(-2), manifest).toBe('progress=end');
      const outUs = Number(progress.findLast((l) => l.startsWith('out_time_ms='))?.split('=')[1]);
      // Decoded from the first to the last segment: the whole archive, not the 3 minutes pushed.
      expect(Math.abs(outUs / 1e6 - archived), manifest).toBeLessThan(SEGMENT_SECONDS);
      const frames = Number(progress.findLast((l) => l.startsWith('frame='))?.split('=')[1]);
      expect(frames, manifest).toBe(Math.round(archived * 15));
    }
  });

  it('an output with outputSnapTime archives only the media from that encoder timestamp on', async () => {
    const snapSeconds = 60;
    const body = {
      location: 'West Europe',
      properties: { input: { streamingProtocol: 'RTMP', keyFrameIntervalDuration: `PT${SEGMENT_SECONDS}S` } },
    };
    await api.run('PUT', '/liveEvents/snap?autoStart=true', { body });
    await api.run('PUT', '/liveEvents/snap/liveOutputs/archive', {
      body: {
        properties: {
          assetName: 'snap-asset',
          archiveWindowLength: 'PT10M',
          manifestName: 'snap',
          outputSnapTime: snapSeconds,
        },
      },
    });
    const output = (await api.request('GET', '/liveEvents/snap/liveOutputs/archive')).json as {
      properties: { outputSnapTime?: number };
    };
    expect(output.properties.outputSnapTime).toBe(snapSeconds);
    const event = (await api.request('GET', '/liveEvents/snap')).json as {
      properties: { input: { endpoints: { url: string }[] } };
    };
    const ingest = event.properties.input.endpoints[0]?.url ?? '';
    await replayFlv({ url: ingest, streamName: 'cam', file: fixture, realtime: false });
    await api.run('DELETE', '/liveEvents/snap/liveOutputs/archive');
    const snapGet = (path: string) =>
      httpsRequest(`https://localhost:${h.httpsPort}/assets/snap-asset/${path}`, { ca: h.ca });
    const top = await snapGet('snap.m3u8');
    expect(top.status, top.text).toBe(200);
    for (const uri of variantUris(top.text)) {
      const res = await snapGet(uri);
      expect(res.status, `${uri}: ${res.text}`).toBe(200);
      const playlist = parseMediaPlaylist(res.text);
      expect(playlist.endList, uri).toBe(true);
      // Nothing before the snap time, everything after it: the last 2 of the 3 minutes pushed.
      expect(playlist.duration, uri).toBeGreaterThan(STREAM_SECONDS - snapSeconds - SEGMENT_SECONDS);
      // (The audio ends a few AAC frames after the video.)
      expect(playlist.duration, uri).toBeLessThanOrEqual(STREAM_SECONDS - snapSeconds + 0.2);
      if (uri.startsWith('cam-video')) {
        expect(playlist.mediaSequence, uri).toBe(snapSeconds / SEGMENT_SECONDS);
      }
    }
  });
});
