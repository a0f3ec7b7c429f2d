import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AzureMediaServices, LiveEvent } from '@azure/arm-mediaservices';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsRequest } from '../../src/api/test-support/https-request.js';
import { liveEventDataFields, liveEventDataProblems } from '../../src/events/live-event-data-fields.js';
import { ingestHeartbeatEventType } from '../../src/events/live-event-event-types.js';
import type { MediaEvent } from '../../src/events/media-event.js';
import { armClient, sdkClient, type ArmClient } from '../support/arm-clients.js';
import { ffmpegUrl } from '../support/ffmpeg-url.js';
import { avcFixture } from '../support/fixtures.js';
import { parseMediaPlaylist, variantUris } from '../support/hls-playlist.js';
import { startInlet, type InletHarness } from '../support/inlet-harness.js';
import { ffmpegPath, ffprobePath } from '../support/media-tools.js';
import { runProcess, startProcess, type ProcessResult } from '../support/run-process.js';

/**
 * The management API end to end: the official `@azure/arm-mediaservices` SDK (and raw HTTPS where the
 * SDK has no call or hides the status) against a whole Inlet, with real encoders (ffmpeg) and players
 * (ffprobe) on the URLs the API hands out.
 *
 * The bundled ffmpeg/ffprobe are static builds that cannot resolve host names on every machine (see
 * `ffmpegUrl`): where they cannot, the API's `localhost` is resolved by Node and only the host part is
 * replaced. ffprobe (gnutls) does not verify certificates unless told: `-tls_verify 1 -ca_file <ca.pem>`
 * makes it check the chain against Inlet's private CA (and it fails without `-ca_file`, checked below).
 */

/** Poll fast: the SDK's default is 2 s between polls. */
const POLL = { updateIntervalInMs: 10 };

function liveEventBody(extra: Partial<LiveEvent> = {}): LiveEvent {
  return {
    location: 'West Europe',
    input: { streamingProtocol: 'RTMP', keyFrameIntervalDuration: 'PT2S' },
    encoding: { encodingType: 'PassthroughStandard' },
    ...extra,
  };
}

function eventsOf(h: InletHarness, type: string, name: string): MediaEvent[] {
  return h
    .loggedEvents()
    .filter((e) => e.eventType === `Microsoft.Media.LiveEvent${type}` && e.subject === `liveEvent/${name}`);
}

/** The Event Grid `LiveEventIngestHeartbeat` data fields and their kinds (azure-compat §3.2). */
const HEARTBEAT_FIELDS = liveEventDataFields[ingestHeartbeatEventType];

interface TelemetryList {
  value: { eventType: string; eventTime: string; eventLevel?: string; data: Record<string, unknown> }[];
}

describe.sequential('management API end to end: @azure/arm-mediaservices against a running Inlet', () => {
  let h: InletHarness;
  let api: ArmClient;
  let sdk: AzureMediaServices;
  let rg: string;
  let acct: string;
  let fixture: string;
  const pushes: ReturnType<typeof startProcess>[] = [];

  /** ffmpeg pushes the fixture in real time (`-re`) to `url` as a live encoder would. */
  async function push(url: string): Promise<ReturnType<typeof startProcess>> {
    const target = await ffmpegUrl(url, ffmpegPath());
    const p = startProcess(
      ffmpegPath(),
      ['-hide_banner', '-loglevel', 'error', '-re', '-i', fixture, '-c', 'copy', '-f', 'flv', target],
      90_000,
    );
    pushes.push(p);
    return p;
  }

  beforeAll(async () => {
    fixture = await avcFixture({ seconds: 30, width: 320, height: 180, videoKbps: 300, gopSeconds: 2 });
    h = await startInlet();
    api = armClient(h);
    sdk = sdkClient(api.options);
    rg = h.app.config.account.resourceGroup;
    acct = h.app.config.account.name;
  }, 60_000);

  afterAll(async () => {
    for (const p of pushes) {
      p.child.kill('SIGKILL');
    }
    await Promise.all(pushes.map((p) => p.done));
    await h?.close();
  });

  it('creates (with and without autoStart), gets, lists and updates live events', async () => {
    const created = await sdk.liveEvents.beginCreateAndWait(
      rg,
      acct,
      'sdk-ev',
      liveEventBody({ tags: { team: 'a' } }),
      POLL,
    );
    expect(created.resourceState).toBe('Stopped');
    expect(created.provisioningState).toBe('Succeeded');
    const token = created.input?.accessToken ?? '';
    expect(created.input?.endpoints).toEqual([
      { protocol: 'RTMP', url: `rtmp://localhost:${h.port('rtmp-primary')}/live/${token}` },
      { protocol: 'RTMP', url: `rtmp://localhost:${h.port('rtmp-secondary')}/live/${token}` },
      { protocol: 'RTMP', url: `rtmps://localhost:${h.port('rtmps-primary')}/live/${token}` },
      { protocol: 'RTMP', url: `rtmps://localhost:${h.port('rtmps-secondary')}/live/${token}` },
    ]);
    expect(created.preview?.endpoints).toEqual([
      {
        protocol: 'FragmentedMP4',
        url: `https://localhost:${h.httpsPort}/preview/sdk-ev/preview.ism/manifest`,
      },
      { protocol: 'Hls', url: `https://localhost:${h.httpsPort}/preview/sdk-ev/index.m3u8` },
      { protocol: 'Dash', url: `https://localhost:${h.httpsPort}/preview/sdk-ev/index.mpd` },
    ]);
    expect(existsSync(join(h.dataDir, 'live-events', 'sdk-ev.json'))).toBe(true);

    const running = await sdk.liveEvents.beginCreateAndWait(rg, acct, 'sdk-auto', liveEventBody(), {
      ...POLL,
      autoStart: true,
    });
    expect(running.resourceState).toBe('Running');

    const got = await sdk.liveEvents.get(rg, acct, 'SDK-EV');
    expect(got.name).toBe('sdk-ev');
    expect(got.tags).toEqual({ team: 'a' });
    const names: string[] = [];
    for await (const e of sdk.liveEvents.list(rg, acct)) {
      names.push(e.name ?? '');
    }
    expect(names.sort()).toEqual(['default', 'sdk-auto', 'sdk-ev']);

    // The SDK sends the whole resource; only what changed is applied (Stopped: anything not create-only).
    const updated = await sdk.liveEvents.beginUpdateAndWait(
      rg,
      acct,
      'sdk-ev',
      {
        ...got,
        description: 'patched through the SDK',
        tags: { team: 'b' },
        input: { ...got.input, streamingProtocol: 'RTMP', keyFrameIntervalDuration: 'PT4S' },
      },
      POLL,
    );
    expect(updated.description).toBe('patched through the SDK');
    const again = await sdk.liveEvents.get(rg, acct, 'sdk-ev');
    expect(again.tags).toEqual({ team: 'b' });
    expect(again.input?.keyFrameIntervalDuration).toBe('PT4S');
    expect(again.input?.accessToken).toBe(token);
    const stored = JSON.parse(readFileSync(join(h.dataDir, 'live-events', 'sdk-ev.json'), 'utf8')) as {
      liveEvent: { description: string };
    };
    expect(stored.liveEvent.description).toBe('patched through the SDK');
  });

  it('allocates, starts, stops and deletes; creates, gets, lists and deletes live outputs', async () => {
    await sdk.liveEvents.beginAllocateAndWait(rg, acct, 'sdk-ev', POLL);
    expect((await sdk.liveEvents.get(rg, acct, 'sdk-ev')).resourceState).toBe('StandBy');
    await sdk.liveEvents.beginStartAndWait(rg, acct, 'sdk-ev', POLL);
    expect((await sdk.liveEvents.get(rg, acct, 'sdk-ev')).resourceState).toBe('Running');

    const out = await sdk.liveOutputs.beginCreateAndWait(
      rg,
      acct,
      'sdk-ev',
      'out1',
      { assetName: 'sdk-ev-asset1', archiveWindowLength: 'PT5M', manifestName: 'archive' },
      POLL,
    );
    expect(out.resourceState).toBe('Running');
    expect(out.manifestName).toBe('archive');
    await sdk.liveOutputs.beginCreateAndWait(
      rg,
      acct,
      'sdk-ev',
      'out2',
      { assetName: 'sdk-ev-asset2', archiveWindowLength: 'PT1H' },
      POLL,
    );
    expect((await sdk.liveOutputs.get(rg, acct, 'sdk-ev', 'out2')).archiveWindowLength).toBe('PT1H');
    const listed: string[] = [];
    for await (const o of sdk.liveOutputs.list(rg, acct, 'sdk-ev')) {
      listed.push(o.name ?? '');
    }
    expect(listed).toEqual(['out1', 'out2']);
    // The archive exists as soon as the output runs on a running event.
    expect(existsSync(join(h.dataDir, 'assets', 'sdk-ev-asset1'))).toBe(true);

    await sdk.liveOutputs.beginDeleteAndWait(rg, acct, 'sdk-ev', 'out2', POLL);
    await expect(sdk.liveOutputs.get(rg, acct, 'sdk-ev', 'out2')).rejects.toMatchObject({
      statusCode: 404,
      code: 'NotFound',
    });

    // Stop is refused while a live output exists, unless it removes them.
    await expect(sdk.liveEvents.beginStopAndWait(rg, acct, 'sdk-ev', {}, POLL)).rejects.toMatchObject({
      statusCode: 409,
      code: 'InvalidState',
    });
    expect((await sdk.liveEvents.get(rg, acct, 'sdk-ev')).resourceState).toBe('Running');
    await sdk.liveEvents.beginStopAndWait(rg, acct, 'sdk-ev', { removeOutputsOnStop: true }, POLL);
    expect((await sdk.liveEvents.get(rg, acct, 'sdk-ev')).resourceState).toBe('Stopped');
    const after: string[] = [];
    for await (const o of sdk.liveOutputs.list(rg, acct, 'sdk-ev')) {
      after.push(o.name ?? '');
    }
    expect(after).toEqual([]);

    await sdk.liveEvents.beginDeleteAndWait(rg, acct, 'sdk-ev', POLL);
    await expect(sdk.liveEvents.get(rg, acct, 'sdk-ev')).rejects.toMatchObject({
      statusCode: 404,
      code: 'NotFound',
    });
    expect(existsSync(join(h.dataDir, 'live-events', 'sdk-ev.json'))).toBe(false);
  });

  it('ffmpeg pushes to the ingest URL the SDK reports; the SDK preview URL plays over HTTPS', async () => {
    const ev = await sdk.liveEvents.get(rg, acct, 'sdk-auto');
    const ingest = ev.input?.endpoints?.find((e) => e.url?.startsWith('rtmp://'))?.url ?? '';
    expect(ingest).toBe(`rtmp://localhost:${h.port('rtmp-primary')}/live/${ev.input?.accessToken}`);
    await push(`${ingest}/stream1`);
    await h.until(
      () => eventsOf(h, 'IncomingStreamReceived', 'sdk-auto').length >= 2,
      20_000,
      'both tracks of the push',
    );

    const preview = ev.preview?.endpoints?.find((e) => e.protocol === 'Hls')?.url ?? '';
    expect(preview).toBe(`https://localhost:${h.httpsPort}/preview/sdk-auto/index.m3u8`);
    // Node, trusting only the CA, reads the playlists and a media segment.
    let media = parseMediaPlaylist('#EXTM3U\n');
    let mediaUrl = '';
    await h.until(
      async () => {
        const top = await httpsRequest(preview, { ca: h.ca });
        const video = variantUris(top.text).find((u) => u.includes('video'));
        if (top.status !== 200 || video === undefined) {
          return false;
        }
        mediaUrl = new URL(video, preview).href;
        media = parseMediaPlaylist((await httpsRequest(mediaUrl, { ca: h.ca })).text);
        return media.segments.length >= 1;
      },
      20_000,
      'a preview segment',
    );
    const segment = await httpsRequest(new URL(media.segments[0]?.uri ?? '', mediaUrl).href, { ca: h.ca });
    expect(segment.status).toBe(200);
    expect(Buffer.from(segment.text, 'latin1').includes('moof')).toBe(true);

    const ca = h.app.addresses.caPath;
    const url = await ffmpegUrl(preview, ffprobePath());
    const probe = await runProcess(
      ffprobePath(),
      [
        ...['-v', 'error', '-tls_verify', '1', '-ca_file', ca, '-read_intervals', '%+#40'],
        ...[
          '-show_entries',
          'stream=index,codec_type,codec_name,width,height:packet=stream_index',
          '-of',
          'json',
        ],
        url,
      ],
      30_000,
    );
    expect(probe.stderr).toBe('');
    expect(probe.code).toBe(0);
    const out = JSON.parse(probe.stdout) as {
      streams: { index: number; codec_type: string; codec_name: string; width?: number }[];
      packets: { stream_index: number }[];
    };
    expect(out.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).toEqual([
      'audio:aac',
      'video:h264',
    ]);
    expect(out.streams.find((s) => s.codec_type === 'video')?.width).toBe(320);
    // Packets of both streams were read: ffprobe fetched media segments over HTTPS.
    for (const s of out.streams) {
      expect(out.packets.filter((p) => p.stream_index === s.index).length).toBeGreaterThan(0);
    }
    // With verification on and no CA to trust, the same URL is refused: the check above was real.
    const untrusted = await runProcess(
      ffprobePath(),
      ['-v', 'error', '-tls_verify', '1', '-show_entries', 'stream=codec_name', '-of', 'json', url],
      30_000,
    );
    expect(untrusted.code).not.toBe(0);
    expect(untrusted.stderr).toMatch(/certificate|verif/i);
  });

  it('answers getStatus, getStreamEvents and getTrackIngestHeartbeats with the events of the push', async () => {
    let beats: TelemetryList = { value: [] };
    await h.until(
      async () => {
        const r = await api.request('POST', '/liveEvents/sdk-auto/getTrackIngestHeartbeats');
        beats = r.json as TelemetryList;
        const types = new Set(beats.value.map((b) => b.data['trackType']));
        return r.status === 200 && types.has('video') && types.has('audio');
      },
      20_000,
      'heartbeats of both tracks',
    );
    for (const beat of beats.value) {
      expect(beat.eventType).toBe('TrackEvent/IngestHeartbeat');
      expect(beat.eventTime).toMatch(/Z$/);
      expect(
        liveEventDataProblems(ingestHeartbeatEventType, beat.data),
        `problems of ${JSON.stringify(beat.data)}`,
      ).toEqual([]);
      expect(Object.keys(beat.data).sort()).toEqual(Object.keys(HEARTBEAT_FIELDS).sort());
      expect(beat.data['state']).toBe('Running');
    }
    expect(beats.value.some((b) => (b.data['incomingBitrate'] as number) > 0)).toBe(true);

    const stream = await api.request('POST', '/liveEvents/sdk-auto/getStreamEvents');
    expect(stream.status).toBe(200);
    const events = (stream.json as TelemetryList).value;
    const begin = events.find((e) => e.eventType === 'StreamEvent/BeginIngest');
    expect(begin?.eventLevel).toBe('Information');
    expect(begin?.data['streamId']).toBe('stream1');
    expect(begin?.data['ingestUrl']).toBe(`rtmp://localhost:${h.port('rtmp-primary')}/live/<token>/stream1`);
    const chunks = events.filter((e) => e.eventType === 'StreamEvent/FirstChunkReceived');
    expect(chunks.map((e) => e.data['trackType']).sort()).toEqual(['audio', 'video']);

    const status = await api.request('POST', '/liveEvents/sdk-auto/getStatus');
    expect(status.status).toBe(200);
    const [s] = (status.json as { value: Record<string, unknown>[] }).value;
    expect(s?.['state']).toBe('Running');
    expect(['Excellent', 'Good']).toContain(s?.['healthStatus']);
    expect(s?.['ingestion']).toMatchObject({ streamName: 'stream1', begin: begin?.eventTime });
    expect(s?.['ingestion']).not.toHaveProperty('end');
    const tracks = s?.['trackStatus'] as { trackId: string; incomingBitrate: number }[];
    expect(tracks.map((t) => t.trackId.split('_')[0]).sort()).toEqual(['audio', 'video']);
  });

  it('stopping through the SDK disconnects the encoder with MPI_REST_API_CHANNEL_STOP', async () => {
    const encoder = pushes.at(-1);
    await sdk.liveEvents.beginStopAndWait(rg, acct, 'sdk-auto', { removeOutputsOnStop: false }, POLL);
    const disconnected = eventsOf(h, 'EncoderDisconnected', 'sdk-auto');
    expect(disconnected.map((e) => (e.data as { resultCode: string }).resultCode)).toEqual([
      'MPI_REST_API_CHANNEL_STOP',
    ]);
    // The encoder really lost its connection: ffmpeg ends long before its 30 s of media.
    const ended: ProcessResult | undefined = await encoder?.done;
    expect(ended?.signal).toBeNull();
    const status = await api.request('POST', '/liveEvents/sdk-auto/getStatus');
    const [s] = (status.json as { value: Record<string, unknown>[] }).value;
    expect(s?.['state']).toBe('Stopped');
    expect(s?.['ingestion']).toMatchObject({ endReason: 'MPI_REST_API_CHANNEL_STOP' });
  });

  it('resetting through the SDK disconnects the encoder with MPI_REST_API_CHANNEL_RESET', async () => {
    await sdk.liveEvents.beginStartAndWait(rg, acct, 'sdk-auto', POLL);
    const ev = await sdk.liveEvents.get(rg, acct, 'sdk-auto');
    const before = eventsOf(h, 'EncoderConnected', 'sdk-auto').length;
    const encoder = await push(`${ev.input?.endpoints?.[0]?.url ?? ''}/stream2`);
    await h.until(
      () => eventsOf(h, 'EncoderConnected', 'sdk-auto').length > before,
      20_000,
      'the second encoder',
    );
    await sdk.liveEvents.beginResetAndWait(rg, acct, 'sdk-auto', POLL);
    expect((await sdk.liveEvents.get(rg, acct, 'sdk-auto')).resourceState).toBe('Running');
    const codes = eventsOf(h, 'EncoderDisconnected', 'sdk-auto').map(
      (e) => (e.data as { resultCode: string }).resultCode,
    );
    expect(codes).toEqual(['MPI_REST_API_CHANNEL_STOP', 'MPI_REST_API_CHANNEL_RESET']);
    expect((await encoder.done).signal).toBeNull();

    await sdk.liveEvents.beginDeleteAndWait(rg, acct, 'sdk-auto', POLL);
    await expect(sdk.liveEvents.get(rg, acct, 'sdk-auto')).rejects.toMatchObject({ statusCode: 404 });
  });
});

/**
 * One invalid request: `METHOD path`, the body (JSON; `{ raw }` for bytes sent as they are; `{ token }`
 * for no body and that bearer token, `null` for no Authorization header), and the answer wanted as
 * `status code [target]`.
 */
type ErrorCase = readonly [request: string, body: unknown, want: string, message?: RegExp];

const EVENT = { location: 'West Europe', properties: { input: { streamingProtocol: 'RTMP' } } };
const BUSY_TOKEN = '0b5d1c2e-7f3a-4c8b-9d6e-1a2b3c4d5e6f';
const output = (assetName: string, archiveWindowLength = 'PT1H'): unknown => ({
  properties: { assetName, archiveWindowLength },
});
const withToken = { ...EVENT, properties: { input: { streamingProtocol: 'RTMP', accessToken: BUSY_TOKEN } } };
const patch = (properties: object): unknown => ({ properties });
const CREATE_ONLY = '400 PropertyChangeNotAllowed';

/**
 * Invalid requests against the whole server (state: `idle` Stopped; `busy` Running with live output
 * `rec` archiving to `busy-asset`). The validation table of the API itself is in
 * `src/api/arm-api.errors.test.ts`; these are the cases that depend on the running server's state.
 */
const cases: readonly ErrorCase[] = [
  ['PUT /liveEvents/bad_name', EVENT, '400 InvalidResourceName'],
  [`PUT /liveEvents/${'a'.repeat(33)}`, EVENT, '400 InvalidResourceName'],
  ['PUT /liveEvents/busy/liveOutputs/-rec', output('x1'), '400 InvalidResourceName'],
  ['PUT /liveEvents/new1', { location: 'x', properties: {} }, '400 BadRequest properties.input'],
  ['PUT /liveEvents/new1', { raw: '{"location":' }, '400 InvalidRequestContent'],
  ['PUT /liveEvents/IDLE', EVENT, '409 Conflict', /already exists/],
  ['PUT /liveEvents/new1', withToken, '409 Conflict', /token/],
  ['PATCH /liveEvents/idle', { location: 'Mars' }, `${CREATE_ONLY} location`],
  [
    'PATCH /liveEvents/busy',
    patch({ streamOptions: ['LowLatency'] }),
    `${CREATE_ONLY} properties.streamOptions`,
  ],
  [
    'PATCH /liveEvents/idle',
    patch({ input: { accessToken: BUSY_TOKEN } }),
    `${CREATE_ONLY} properties.input.accessToken`,
  ],
  [
    'PATCH /liveEvents/busy',
    patch({ input: { keyFrameIntervalDuration: 'PT4S' } }),
    '409 InvalidState',
    /Stopped/,
  ],
  ['POST /liveEvents/busy/stop', {}, '409 InvalidState', /removeOutputsOnStop/],
  ['POST /liveEvents/busy/stop', { removeOutputsOnStop: false }, '409 InvalidState', /removeOutputsOnStop/],
  ['POST /liveEvents/busy/start', undefined, '409 InvalidState'],
  ['POST /liveEvents/busy/allocate', undefined, '409 InvalidState'],
  ['POST /liveEvents/idle/reset', undefined, '409 InvalidState'],
  ['POST /liveEvents/idle/stop', {}, '409 InvalidState'],
  ['PUT /liveEvents/idle/liveOutputs/rec', output('BUSY-ASSET'), '409 Conflict properties.assetName'],
  ['PUT /liveEvents/idle/liveOutputs/o2', output('x2', 'PT26H'), '400 BadRequest'],
  ['POST /liveEvents/nope/getStatus', undefined, '404 NotFound'],
  ['DELETE /liveEvents/idle', { token: null }, '401 AuthenticationFailed'],
  ['DELETE /liveEvents/busy', { token: 'not-the-token' }, '401 AuthenticationFailed'],
];

describe.sequential('invalid requests and concurrent operations through the whole server', () => {
  let h: InletHarness;
  let api: ArmClient;

  /** Everything a request could change (of every event, or only of `only`): stored files and API answers. */
  async function state(only?: string): Promise<string> {
    const dir = join(h.dataDir, 'live-events');
    const files = readdirSync(dir)
      .filter((f) => only === undefined || f === `${only}.json`)
      .sort()
      .map((f) => `${f}:${readFileSync(join(dir, f), 'utf8')}`);
    const list = (
      (await api.request('GET', '/liveEvents')).json as { value: { name: string }[] }
    ).value.filter((e) => only === undefined || e.name === only);
    const outputs = await Promise.all(
      list.map(async (e) => (await api.request('GET', `/liveEvents/${e.name}/liveOutputs`)).text),
    );
    return JSON.stringify({ files, list, outputs });
  }

  beforeAll(async () => {
    h = await startInlet();
    api = armClient(h);
    await api.run('PUT', '/liveEvents/idle', { body: EVENT });
    const busy = { ...EVENT, properties: { input: { streamingProtocol: 'RTMP', accessToken: BUSY_TOKEN } } };
    await api.run('PUT', '/liveEvents/busy?autoStart=true', { body: busy });
    await api.run('PUT', '/liveEvents/busy/liveOutputs/rec', { body: output('busy-asset') });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  cases.forEach(([request, body, want, message], i) => {
    it(`#${i + 1} ${request}: ${want}, nothing changes`, async () => {
      const before = await state();
      const [method = '', path = ''] = request.split(' ');
      const [status, code, target] = want.split(' ');
      const special = (body ?? {}) as { raw?: string; token?: string | null };
      const res = await api.request(method, path, {
        ...('raw' in special
          ? { raw: special.raw }
          : 'token' in special
            ? { token: special.token ?? null }
            : {}),
        ...(body === undefined || 'raw' in special || 'token' in special ? {} : { body }),
      });
      expect(res.status, res.text).toBe(Number(status));
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const error = (res.json as { error: { code: string; message: string; target?: string } }).error;
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(10);
      if (target !== undefined) {
        expect(error.target).toBe(target);
      }
      if (message !== undefined) {
        expect(error.message).toMatch(message);
      }
      expect(await state()).toBe(before);
    });
  });

  it('refuses every other operation while one runs on the event (409 OperationInProgress)', async () => {
    // A live output of a stopped event starts archiving when the event starts. Its asset.json is a
    // FIFO here, so the start operation waits in a real file write until the test reads the FIFO.
    await api.run('PUT', '/liveEvents/held', { body: EVENT });
    await api.run('PUT', '/liveEvents/held/liveOutputs/rec', { body: output('held-asset') });
    const assetDir = join(h.dataDir, 'assets', 'held-asset');
    mkdirSync(assetDir, { recursive: true });
    const fifo = join(assetDir, 'asset.json');
    execFileSync('mkfifo', [fifo]);

    const start = await api.request('POST', '/liveEvents/held/start');
    expect(start.status).toBe(202);
    // Starting is stored before the runtime is called; wait until that write is on disk.
    await h.until(
      () => readFileSync(join(h.dataDir, 'live-events', 'held.json'), 'utf8').includes('"Starting"'),
      5_000,
      'held.json to say Starting',
    );
    const starting = (await api.request('GET', '/liveEvents/held')).json as {
      properties: Record<string, string>;
    };
    expect(starting.properties).toMatchObject({ resourceState: 'Starting', provisioningState: 'InProgress' });
    const before = await state('held');
    const refused = [
      { method: 'POST', path: '/liveEvents/held/start' },
      { method: 'POST', path: '/liveEvents/held/stop', body: { removeOutputsOnStop: true } },
      { method: 'POST', path: '/liveEvents/held/reset' },
      { method: 'POST', path: '/liveEvents/held/allocate' },
      { method: 'PATCH', path: '/liveEvents/held', body: { properties: { description: 'x' } } },
      { method: 'DELETE', path: '/liveEvents/held' },
      { method: 'PUT', path: '/liveEvents/held/liveOutputs/rec2', body: output('held-asset2') },
      { method: 'DELETE', path: '/liveEvents/held/liveOutputs/rec' },
    ];
    for (const r of refused) {
      const res = await api.request(r.method, r.path, r.body === undefined ? {} : { body: r.body });
      expect(res.status, `${r.method} ${r.path}: ${res.text}`).toBe(409);
      const error = (res.json as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('OperationInProgress');
      expect(error.message).toMatch(/busy with operation 'start'/);
    }
    // Another live event is not blocked.
    await api.run('POST', '/liveEvents/idle/allocate');
    expect(await api.wait(start, 100).catch((e: Error) => e.message)).toMatch(/still InProgress/);
    expect(await state('held')).toBe(before);

    const written = await readFile(fifo, 'utf8');
    await rm(fifo);
    writeFileSync(fifo, written);
    expect(JSON.parse(written)).toMatchObject({ manifestName: expect.any(String) });
    expect((await api.wait(start)).status).toBe('Succeeded');
    const held = (await api.request('GET', '/liveEvents/held')).json as {
      properties: Record<string, string>;
    };
    expect(held.properties['resourceState']).toBe('Running');
    expect(held.properties['provisioningState']).toBe('Succeeded');
  });

  it('creates a live event once when two PUTs of the same name race', async () => {
    const [a, b] = await Promise.all([
      api.request('PUT', '/liveEvents/twin', { body: EVENT }),
      api.request('PUT', '/liveEvents/TWIN', {
        body: { ...EVENT, properties: { ...EVENT.properties, description: 'b' } },
      }),
    ]);
    expect([a?.status, b?.status].sort()).toEqual([201, 409]);
    const winner = a?.status === 201 ? a : b;
    const loser = a?.status === 201 ? b : a;
    expect((loser?.json as { error: { code: string } }).error.code).toBe('Conflict');
    expect((await api.wait(winner as NonNullable<typeof winner>)).status).toBe('Succeeded');
    expect(readdirSync(join(h.dataDir, 'live-events')).filter((f) => f.startsWith('twin'))).toEqual([
      'twin.json',
    ]);
  });

  it('refuses a live output into the finished archive of a deleted one, and the event still starts', async () => {
    await api.run('PUT', '/liveEvents/cold', { body: EVENT });
    await api.run('PUT', '/liveEvents/busy/liveOutputs/vod', { body: output('finished-asset') });
    await api.run('DELETE', '/liveEvents/busy/liveOutputs/vod');
    const index = JSON.parse(
      readFileSync(join(h.dataDir, 'assets', 'finished-asset', 'index.json'), 'utf8'),
    ) as {
      ended: boolean;
    };
    expect(index.ended).toBe(true);
    // On a stopped event the archive opens only at start: the output must be refused now, not the start later.
    for (const event of ['busy', 'cold']) {
      const res = await api.request('PUT', `/liveEvents/${event}/liveOutputs/again`, {
        body: output('finished-asset'),
      });
      const op = res.status === 201 ? await api.wait(res) : undefined;
      expect(op?.status ?? res.status, `${event}: ${res.text}`).not.toBe('Succeeded');
      expect(JSON.stringify(op?.error ?? res.json)).toMatch(/finished/);
      const outputs = (await api.request('GET', `/liveEvents/${event}/liveOutputs`)).json as {
        value: unknown[];
      };
      expect(outputs.value.filter((o) => JSON.stringify(o).includes('finished-asset'))).toEqual([]);
    }
    // Neither event keeps anything of the refused output: both start (again).
    await api.run('POST', '/liveEvents/cold/start');
    await api.run('POST', '/liveEvents/busy/stop', { body: { removeOutputsOnStop: true } });
    await api.run('POST', '/liveEvents/busy/start');
    for (const event of ['cold', 'busy']) {
      const got = (await api.request('GET', `/liveEvents/${event}`)).json as {
        properties: Record<string, string>;
      };
      expect(got.properties['resourceState']).toBe('Running');
    }
    // The VOD is untouched.
    const vod = JSON.parse(
      readFileSync(join(h.dataDir, 'assets', 'finished-asset', 'index.json'), 'utf8'),
    ) as {
      ended: boolean;
    };
    expect(vod.ended).toBe(true);
  });
});
