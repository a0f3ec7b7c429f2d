import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avcFixture } from '../support/fixtures.js';
import { replayFlv } from '../support/flv-replay.js';
import { startInlet, type InletHarness } from '../support/inlet-harness.js';

const TOKEN = '7a0e1a7b-3c1d-4a55-9d38-0a8f7e6b1c07';

/** `api` calls the management API over HTTPS with the harness's CA and token. */
function api(
  h: InletHarness,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: h.httpsPort,
        servername: 'localhost',
        method,
        path: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Media/mediaservices/a${path}${path.includes('?') ? '&' : '?'}api-version=2022-08-01`,
        ca: h.ca,
        headers: { authorization: `Bearer ${h.apiToken}`, 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe.sequential('HTTP surface: dashboard, status, time, preview rules', () => {
  let h: InletHarness;

  beforeAll(async () => {
    h = await startInlet({
      configFile: {
        liveEvents: [
          { name: 'live1', accessToken: TOKEN, autoStart: true },
          { name: 'parked', autoStart: false },
        ],
      },
    });
    const fixture = await avcFixture({ seconds: 6, gopSeconds: 1 });
    // Push faster than real time: the preview fills with complete segments at once.
    await replayFlv({
      url: h.ingestUrl('live1'),
      streamName: 'cam',
      file: fixture,
      realtime: false,
      end: 'keep',
    });
    await h.until(
      async () => (await fetch(h.http('/preview/live1/index.m3u8'))).status === 200,
      10_000,
      'playlist',
    );
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('serves the dashboard and its status without access tokens', async () => {
    const page = await fetch(h.http('/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const status = await fetch(h.http('/status.json'));
    const text = await status.text();
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(TOKEN.replaceAll('-', ''));
    const body = JSON.parse(text) as {
      liveEvents: { name: string; resourceState: string; sessions: unknown[] }[];
    };
    expect(body.liveEvents.map((e) => [e.name, e.resourceState])).toEqual([
      ['live1', 'Running'],
      ['parked', 'Stopped'],
    ]);
    expect(body.liveEvents[0]?.sessions).toHaveLength(1);
  });

  it('serves the clock for DASH UTCTiming and a health check', async () => {
    const t = await (await fetch(h.http('/time'))).text();
    expect(Math.abs(Date.parse(t) - Date.now())).toBeLessThan(5000);
    expect(t).toMatch(/Z$/);
    expect(((await (await fetch(h.http('/healthz'))).json()) as { status: string }).status).toBe('ok');
  });

  it('answers playlists and segments with content types, CORS, cache lifetimes and byte ranges', async () => {
    const master = await fetch(h.http('/preview/live1/index.m3u8'));
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(master.headers.get('access-control-allow-origin')).toBe('*');
    const media = await fetch(h.http('/preview/live1/cam-video/index.m3u8'));
    const text = await media.text();
    expect(media.headers.get('cache-control')).toMatch(/max-age=1\b/);
    const segment = text.split('\n').find((l) => l.endsWith('.m4s'));
    expect(segment).toBeDefined();
    const seg = await fetch(h.http(`/preview/live1/cam-video/${segment ?? ''}`));
    expect(seg.status).toBe(200);
    expect(seg.headers.get('content-type')).toBe('video/mp4');
    expect(seg.headers.get('cache-control')).toContain('immutable');
    const full = new Uint8Array(await seg.arrayBuffer());
    const part = await fetch(h.http(`/preview/live1/cam-video/${segment ?? ''}`), {
      headers: { range: 'bytes=4-11' },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 4-11/${full.byteLength}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(Buffer.from(full.subarray(4, 12)));
    const preflight = await fetch(h.http('/preview/live1/index.m3u8'), { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    const mpd = await fetch(h.http('/preview/live1/index.mpd'));
    expect(mpd.headers.get('content-type')).toBe('application/dash+xml');
  });

  it('answers a segment that is not written yet with a quick 404, and a missing live event clearly', async () => {
    const ahead = await fetch(h.http('/preview/live1/cam-video/x-999999.m4s'));
    expect(ahead.status).toBe(404);
    const missing = await fetch(h.http('/preview/nosuch/index.m3u8'));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('no live event named "nosuch"');
    const parked = await fetch(h.http('/preview/parked/index.m3u8'));
    expect(parked.status).toBe(404);
    expect(await parked.text()).toContain('parked is Stopped');
  });

  it('rejects path traversal and unknown names before touching the disk', async () => {
    for (const path of [
      '/preview/live1/..%2f..%2f..%2fetc%2fpasswd',
      '/preview/live1/cam-video/..%2f..%2fapi-token',
      '/preview/..%2flive1/index.m3u8',
      '/assets/..%2f..%2fetc/passwd',
      '/preview/live1/cam-video/%2e%2e/%2e%2e/%2e%2e/api-token',
    ]) {
      const r = await fetch(h.http(path));
      expect(r.status, path).toBe(404);
      expect(await r.text(), path).not.toContain('root:');
    }
  });

  it("applies the live event's preview IP allow list", async () => {
    const created = await api(h, 'PUT', '/liveEvents/private1?autoStart=true', {
      location: 'local',
      properties: {
        input: { streamingProtocol: 'RTMP' },
        preview: {
          accessControl: { ip: { allow: [{ name: 'lan', address: '10.0.0.0', subnetPrefixLength: 8 }] } },
        },
      },
    });
    expect([200, 201]).toContain(created.status);
    await h.until(
      () => h.app.liveEvents.catalog.get('private1')?.resourceState === 'Running',
      10_000,
      'private1 running',
    );
    const r = await fetch(h.http('/preview/private1/index.m3u8'));
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('not in the preview IP allow list');
  });
});
