import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AzureMediaServices, ListPathsResponse } from '@azure/arm-mediaservices';
import { ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsRequest } from '../../src/api/test-support/https-request.js';
import { readMediaSegment } from '../../src/formats/fmp4/reader/read-media-segment.js';
import { readTsSegment } from '../../src/formats/mpegts/ts-segment-reader.js';
import { DashMssPlayer } from '../../src/outputs/smooth/test-support/dashjs-mss.js';
import { readFlvMedia } from '../../src/packager/test-support/flv-media.js';
import { armClient, sdkClient, type ArmClient } from '../support/arm-clients.js';
import { ffmpegUrl } from '../support/ffmpeg-url.js';
import { avcFixture } from '../support/fixtures.js';
import { startInlet, type InletHarness } from '../support/inlet-harness.js';
import { ffmpegPath, ffprobePath } from '../support/media-tools.js';
import { fetchHttpsBytes, parseMediaPlaylist, readSamples } from '../support/preview-media.js';
import { runProcess, startProcess } from '../support/run-process.js';
import { expectSentSamples, sentFrames } from '../support/sample-checks.js';

/**
 * The AMS delivery workflow end to end, as Microsoft's live samples run it with the official
 * `@azure/arm-mediaservices` SDK against a whole Inlet: create a live event and an asset, a live output
 * recording into it, start the event, push with ffmpeg to the ingest URL the SDK reports, create a
 * streaming locator, start the `default` streaming endpoint, `listPaths`, then fetch every path on the
 * endpoint's `hostName` (HTTPS, Inlet's private CA) and check it: ffprobe reads every HLS and DASH format,
 * mp4box and the TS reader check what the segments hold against the frames sent, the Smooth manifest and
 * fragments carry the same samples. After the live output is deleted the asset is on demand: download
 * paths appear, the container SAS URL lists and reads files with `@azure/storage-blob`, and everything
 * survives a restart. (Playback in Chromium is `ams-playback.test.ts`.)
 */

const POLL = { updateIntervalInMs: 10 };
/** The `inlet` command line, run from source through tsx's loader. */
const CLI = fileURLToPath(new URL('../../src/app/cli/main.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The URIs after each `EXT-X-STREAM-INF` of a multivariant playlist (the video variants here). */
function streamInfUris(text: string): string[] {
  const lines = text.split('\n');
  return lines.flatMap((l, i) => (l.startsWith('#EXT-X-STREAM-INF') ? [lines[i + 1] ?? ''] : []));
}
const MANIFEST = 'output';

describe.sequential('AMS delivery: assets, locators and streaming endpoints with the official SDK', () => {
  let h: InletHarness;
  let api: ArmClient;
  let sdk: AzureMediaServices;
  let rg: string;
  let acct: string;
  let fixture: string;
  let dataDir: string;
  let locatorId: string;
  let hostName: string;
  let push: ReturnType<typeof startProcess> | undefined;

  const locatorUrl = (path: string): string => `https://${hostName}${path}`;
  const get = (url: string): ReturnType<typeof httpsRequest> => httpsRequest(url, { ca: h.ca });

  async function probe(
    url: string,
    show: readonly string[],
  ): Promise<{ code: number | null; stderr: string; json: Record<string, unknown> }> {
    const r = await runProcess(
      ffprobePath(),
      [
        '-v',
        'error',
        '-tls_verify',
        '1',
        '-ca_file',
        h.app.addresses.caPath,
        ...show,
        '-of',
        'json',
        await ffmpegUrl(url, ffprobePath()),
      ],
      60_000,
    );
    return {
      code: r.code,
      stderr: r.stderr,
      json: r.code === 0 ? (JSON.parse(r.stdout) as Record<string, unknown>) : {},
    };
  }

  beforeAll(async () => {
    fixture = await avcFixture({ seconds: 16, gopSeconds: 2 });
    h = await startInlet();
    dataDir = h.dataDir;
    api = armClient(h);
    sdk = sdkClient(api.options);
    rg = h.app.config.account.resourceGroup;
    acct = h.app.config.account.name;
  }, 60_000);

  afterAll(async () => {
    push?.child.kill('SIGKILL');
    await push?.done;
    await h?.close();
  });

  it('runs the sample workflow: live event, asset, live output, start, push to the SDK ingest URL, locator', async () => {
    await sdk.liveEvents.beginCreateAndWait(
      rg,
      acct,
      'show',
      { location: 'West US', input: { streamingProtocol: 'RTMP' } },
      {
        ...POLL,
        autoStart: false,
      },
    );
    const asset = await sdk.assets.createOrUpdate(rg, acct, 'show-archive', {});
    expect(asset.container).toBe('show-archive');
    await sdk.liveOutputs.beginCreateAndWait(
      rg,
      acct,
      'show',
      'rec',
      {
        assetName: 'show-archive',
        archiveWindowLength: 'PT30M',
        manifestName: MANIFEST,
        hls: { fragmentsPerTsSegment: 1 },
      },
      POLL,
    );
    await sdk.liveEvents.beginStartAndWait(rg, acct, 'show', POLL);
    const event = await sdk.liveEvents.get(rg, acct, 'show');
    const ingest = event.input?.endpoints?.[0]?.url ?? '';
    expect(ingest).toMatch(/^rtmp:\/\/localhost:\d+\/live\//);
    expect(event.preview?.endpoints?.[0]?.url).toBe(
      `https://localhost:${h.httpsPort}/preview/show/preview.ism/manifest`,
    );
    push = startProcess(
      ffmpegPath(),
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-re',
        '-i',
        fixture,
        '-c',
        'copy',
        '-f',
        'flv',
        await ffmpegUrl(`${ingest}/stream`, ffmpegPath()),
      ],
      90_000,
    );
    const locator = await sdk.streamingLocators.create(rg, acct, 'show-locator', {
      assetName: 'show-archive',
      streamingPolicyName: 'Predefined_ClearStreamingOnly',
    });
    locatorId = locator.streamingLocatorId ?? '';
    expect(locatorId).toMatch(/^[0-9a-f-]{36}$/);
    // Deleting an asset a live output records into is refused.
    const inUse = await api.request('DELETE', '/assets/show-archive');
    expect([inUse.status, (inUse.json as { error: { code: string; message: string } }).error.code]).toEqual([
      409,
      'Conflict',
    ]);
    expect(inUse.text).toContain("live output 'rec' of live event 'show'");
  });

  it('serves locator URLs only once the default streaming endpoint runs', async () => {
    const endpoint = await sdk.streamingEndpoints.get(rg, acct, 'default');
    expect(endpoint.resourceState).toBe('Stopped');
    hostName = endpoint.hostName ?? '';
    expect(hostName).toBe(`localhost:${h.httpsPort}`);
    const stopped = await get(locatorUrl(`/${locatorId}/${MANIFEST}.ism/manifest(format=m3u8-cmaf)`));
    expect(stopped.status).toBe(403);
    expect(stopped.text).toContain("streaming endpoint 'default' is Stopped");
    await sdk.streamingEndpoints.beginStartAndWait(rg, acct, 'default', POLL);
    expect((await sdk.streamingEndpoints.get(rg, acct, 'default')).resourceState).toBe('Running');
  });

  let paths: ListPathsResponse;
  it('lists paths once the live output has media, as AMS', async () => {
    await h.until(
      async () => {
        paths = await sdk.streamingLocators.listPaths(rg, acct, 'show-locator');
        return (paths.streamingPaths?.length ?? 0) > 0;
      },
      30_000,
      'streaming paths',
    );
    const base = `/${locatorId}/${MANIFEST}.ism/manifest`;
    expect(paths.streamingPaths).toEqual([
      {
        streamingProtocol: 'Hls',
        encryptionScheme: 'NoEncryption',
        paths: [`${base}(format=m3u8-aapl)`, `${base}(format=m3u8-cmaf)`],
      },
      {
        streamingProtocol: 'Dash',
        encryptionScheme: 'NoEncryption',
        paths: [`${base}(format=mpd-time-csf)`, `${base}(format=mpd-time-cmaf)`],
      },
      { streamingProtocol: 'SmoothStreaming', encryptionScheme: 'NoEncryption', paths: [base] },
    ]);
    expect(paths.downloadPaths).toEqual([]);
    // The CLI prints the same paths as URLs on the endpoint's host name, and a player page.
    const cli = await runProcess(
      process.execPath,
      [
        '--import',
        TSX,
        CLI,
        'locator',
        'show',
        'show-locator',
        '--url',
        `https://localhost:${h.httpsPort}`,
      ].concat(['--token', h.apiToken, '--ca', h.app.addresses.caPath]),
      30_000,
    );
    expect([cli.code, cli.stderr]).toEqual([0, '']);
    for (const p of (paths.streamingPaths ?? []).flatMap((s) => s.paths ?? [])) {
      expect(cli.stdout).toContain(`    https://${hostName}${p}\n`);
    }
    expect(cli.stdout).toContain(`https://${hostName}/play?url=`);
    // Enough media for several segments in every format.
    await new Promise((r) => setTimeout(r, 6000));
  }, 60_000);

  it('every streaming path is readable by ffprobe (HLS CMAF, HLS TS, DASH) with H.264 video and AAC audio', async () => {
    for (const p of (paths.streamingPaths ?? []).filter((s) => s.streamingProtocol !== 'SmoothStreaming')) {
      for (const path of p.paths ?? []) {
        const r = await probe(locatorUrl(path), [
          '-show_entries',
          'stream=codec_type,codec_name,width,height',
        ]);
        expect([r.code, r.stderr], path).toEqual([0, '']);
        const streams = (r.json['streams'] as { codec_type: string; codec_name: string }[]).map(
          (s) => `${s.codec_type}:${s.codec_name}`,
        );
        expect(streams.sort(), path).toEqual(['audio:aac', 'video:h264']);
      }
    }
  }, 120_000);

  it('HLS CMAF segments hold exactly the frames sent (mp4box), and HLS TS segments the same frames (TS reader)', async () => {
    const media = readFlvMedia(new Uint8Array(readFileSync(fixture)));
    const base = locatorUrl(`/${locatorId}/${MANIFEST}.ism/`);
    const master = (await get(`${base}manifest(format=m3u8-cmaf)`)).text;
    const audioUri = /URI="([^"]+)"/.exec(master)?.[1] ?? '';
    const videoUri = streamInfUris(master)[0] ?? '';
    const counts = new Map<string, Map<number, number>>();
    for (const [kind, uri] of [
      ['video', videoUri],
      ['audio', audioUri],
    ] as const) {
      const playlistUrl = new URL(uri, base).href;
      const playlist = parseMediaPlaylist((await get(playlistUrl)).text);
      const init = await fetchHttpsBytes(new URL(playlist.segments[0]?.map ?? '', playlistUrl).href, h.ca);
      const segments = await Promise.all(
        playlist.segments.map((s) => fetchHttpsBytes(new URL(s.uri, playlistUrl).href, h.ca)),
      );
      const read = readSamples(init, segments);
      const sent = sentFrames(media.units.filter((u) => u.track === kind)).slice(0, read.samples.length);
      expectSentSamples(read, sent, kind);
      const perSequence = new Map<number, number>();
      segments.forEach((bytes, i) => {
        const samples = readMediaSegment(bytes).movieFragments.reduce(
          (n, f) => n + (f.tracks[0]?.samples.length ?? 0),
          0,
        );
        perSequence.set(playlist.segments[i]?.sequence ?? -1, samples);
      });
      counts.set(kind, perSequence);
    }
    const tsMaster = (await get(`${base}manifest(format=m3u8-aapl)`)).text;
    expect(tsMaster).toMatch(/^#EXTM3U\n#EXT-X-VERSION:4\n/);
    const tsUrl = new URL(streamInfUris(tsMaster)[0] ?? '', base).href;
    const tsPlaylist = parseMediaPlaylist((await get(tsUrl)).text);
    expect(tsPlaylist.segments.length).toBeGreaterThanOrEqual(3);
    const videoCounts = counts.get('video') ?? new Map<number, number>();
    expect(tsPlaylist.segments.filter((s) => videoCounts.has(s.sequence)).length).toBeGreaterThanOrEqual(2);
    for (const s of tsPlaylist.segments) {
      const ts = readTsSegment(await fetchHttpsBytes(new URL(s.uri, tsUrl).href, h.ca));
      const video = ts.pes.filter((p) => p.streamId === 0xe0);
      const audio = ts.pes.filter((p) => p.streamId === 0xc0);
      // One fragment per TS segment: the same video frames as the CMAF segment of that sequence.
      const cmaf = videoCounts.get(s.sequence);
      if (cmaf !== undefined) {
        expect(video.length, s.uri).toBe(cmaf);
      }
      expect(video[0]?.randomAccess, s.uri).toBe(true);
      expect(audio.length, s.uri).toBeGreaterThan(0);
      expect(ts.pmt.streams.map((st) => st.streamType).sort()).toEqual([0x0f, 0x1b]);
    }
    const v3 = (await get(`${base}manifest(format=m3u8-aapl-v3)`)).text;
    expect(v3).toMatch(/^#EXTM3U\n#EXT-X-VERSION:3\n/);
  }, 60_000);

  it('Smooth Streaming: the client manifest lists both streams, and fragments carry the CMAF samples with tfxd', async () => {
    const base = locatorUrl(`/${locatorId}/${MANIFEST}.ism/`);
    const res = await get(`${base}manifest`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    const xml = res.text;
    expect(xml).toContain('IsLive="TRUE"');
    for (const type of ['video', 'audio']) {
      const index = new RegExp(
        `<StreamIndex Type="${type}"[^>]*Name="([^"]+)"[^>]*>([\\s\\S]*?)</StreamIndex>`,
      ).exec(xml);
      expect(index, type).not.toBeNull();
      const name = index?.[1] ?? '';
      const bitrate = /Bitrate="(\d+)"/.exec(index?.[2] ?? '')?.[1] ?? '';
      const t = /<c t="(\d+)"/.exec(index?.[2] ?? '')?.[1] ?? '';
      const fragment = await fetchHttpsBytes(
        `${base}QualityLevels(${bitrate})/Fragments(${name}=${t})`,
        h.ca,
      );
      const read = readMediaSegment(fragment);
      expect(read.boxes.map((b) => b.type)).toEqual(['moof', 'mdat']);
      expect(read.movieFragments[0]?.tracks[0]?.baseMediaDecodeTime).toBe(Number(t));
      expect(Buffer.from(fragment).includes(Buffer.from('6d1d9b0542d544e680e2141daff757b2', 'hex'))).toBe(
        true,
      );
    }
    // What dash.js's Smooth Streaming module builds from the manifest and fragments (its moov from
    // CodecPrivateData, its moof rewrite) is what ffprobe decodes: every listed fragment, every frame.
    const player = new DashMssPlayer();
    const manifest = player.parse(xml);
    const dir = await mkdtemp(join(tmpdir(), 'inlet-smooth-'));
    for (const [i, set] of manifest.Period[0].AdaptationSet.entries()) {
      const rep = set.Representation[0];
      const listed = set.SegmentTemplate.SegmentTimeline.S.slice();
      const converted: Uint8Array[] = [player.init(i, 0)];
      let samples = 0;
      for (const x of listed) {
        const path = set.SegmentTemplate.media
          .replace('$Bandwidth$', String(rep?.bandwidth))
          .replace('$Time$', x.tManifest ?? String(x.t));
        const bytes = await fetchHttpsBytes(`${base}${path}`, h.ca);
        samples += readMediaSegment(bytes).movieFragments.reduce(
          (n, f) => n + (f.tracks[0]?.samples.length ?? 0),
          0,
        );
        converted.push(player.convert(i, 0, x, bytes));
      }
      const file = join(dir, `${set.id}.mp4`);
      await writeFile(file, Buffer.concat(converted));
      const r = await runProcess(
        ffprobePath(),
        [
          '-v',
          'error',
          '-count_frames',
          '-show_entries',
          'stream=codec_name,nb_read_frames',
          '-of',
          'json',
          file,
        ],
        60_000,
      );
      expect([r.code, r.stderr], set.id).toEqual([0, '']);
      const stream = (
        (JSON.parse(r.stdout) as { streams: unknown[] }).streams as {
          codec_name: string;
          nb_read_frames: string;
        }[]
      )[0];
      expect([stream?.codec_name, Number(stream?.nb_read_frames)], set.id).toEqual([
        set.contentType === 'video' ? 'h264' : 'aac',
        samples,
      ]);
    }
    expect(player.errors).toEqual([]);
  });

  it('answers conditional requests, gzip and CORS on manifests, ranges on segments', async () => {
    const url = locatorUrl(`/${locatorId}/${MANIFEST}.ism/manifest(format=mpd-time-cmaf)`);
    const first = await get(url);
    expect(first.headers['content-type']).toBe('application/dash+xml');
    expect(first.headers['access-control-allow-origin']).toBe('*');
    const etag = String(first.headers['etag']);
    const again = await httpsRequest(url, { ca: h.ca, headers: { 'If-None-Match': etag } });
    expect([304, 200]).toContain(again.status); // 200 when a segment was added in between
    const zipped = await httpsRequest(url, { ca: h.ca, headers: { 'Accept-Encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    const master = (await get(locatorUrl(`/${locatorId}/${MANIFEST}.ism/manifest(format=m3u8-cmaf)`))).text;
    const playlistUrl = new URL(streamInfUris(master)[0] ?? '', locatorUrl(`/${locatorId}/${MANIFEST}.ism/`))
      .href;
    const segmentUrl = new URL(
      parseMediaPlaylist((await get(playlistUrl)).text).segments[0]?.uri ?? '',
      playlistUrl,
    ).href;
    const ranged = await httpsRequest(segmentUrl, { ca: h.ca, headers: { Range: 'bytes=0-7' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers['cache-control']).toContain('immutable');
  });

  it('refuses a second locator on a missing asset, a DRM policy, and serves no formats a policy leaves out', async () => {
    const missing = await api.request('PUT', '/streamingLocators/x', {
      body: { properties: { assetName: 'nope', streamingPolicyName: 'Predefined_ClearStreamingOnly' } },
    });
    expect(missing.status).toBe(404);
    const drm = await api.request('PUT', '/streamingLocators/x', {
      body: {
        properties: { assetName: 'show-archive', streamingPolicyName: 'Predefined_MultiDrmCencStreaming' },
      },
    });
    expect([drm.status, (drm.json as { error: { code: string } }).error.code]).toEqual([
      400,
      'UnsupportedFeature',
    ]);
    await sdk.streamingPolicies.create(rg, acct, 'dash-only', {
      noEncryption: { enabledProtocols: { download: false, dash: true, hls: false, smoothStreaming: false } },
    });
    const dashOnly = await sdk.streamingLocators.create(rg, acct, 'dash-locator', {
      assetName: 'show-archive',
      streamingPolicyName: 'dash-only',
    });
    const root = locatorUrl(`/${dashOnly.streamingLocatorId ?? ''}/${MANIFEST}.ism/`);
    expect((await get(`${root}manifest(format=mpd-time-csf)`)).status).toBe(200);
    expect((await get(`${root}manifest(format=m3u8-cmaf)`)).status).toBe(403);
    expect((await get(`${root}manifest`)).status).toBe(403);
    const future = await sdk.streamingLocators.create(rg, acct, 'later', {
      assetName: 'show-archive',
      streamingPolicyName: 'Predefined_ClearStreamingOnly',
      startTime: new Date(Date.now() + 3_600_000),
    });
    const notYet = await get(
      locatorUrl(`/${future.streamingLocatorId ?? ''}/${MANIFEST}.ism/manifest(format=m3u8-cmaf)`),
    );
    expect([notYet.status, notYet.text]).toEqual([404, expect.stringContaining('is valid from')]);
  });

  it('turns into an on-demand asset when the live output is deleted: ended manifests and download paths', async () => {
    await push?.done;
    push = undefined;
    await sdk.liveOutputs.beginDeleteAndWait(rg, acct, 'show', 'rec', POLL);
    const download = await sdk.streamingLocators.create(rg, acct, 'download-locator', {
      assetName: 'show-archive',
      streamingPolicyName: 'Predefined_DownloadAndClearStreaming',
    });
    const listed = await sdk.streamingLocators.listPaths(rg, acct, 'download-locator');
    expect([...(listed.downloadPaths ?? [])].sort()).toEqual([
      `/${download.streamingLocatorId ?? ''}/stream-audio.mp4`,
      `/${download.streamingLocatorId ?? ''}/stream-video.mp4`,
    ]);
    const base = locatorUrl(`/${locatorId}/${MANIFEST}.ism/`);
    expect((await get(`${base}manifest(format=mpd-time-cmaf)`)).text).toContain('type="static"');
    expect((await get(`${base}manifest`)).text).not.toContain('IsLive');
    const tsMaster = (await get(`${base}manifest(format=m3u8-aapl)`)).text;
    expect((await get(new URL(streamInfUris(tsMaster)[0] ?? '', base).href)).text).toContain(
      '#EXT-X-ENDLIST',
    );
    const media = readFlvMedia(new Uint8Array(readFileSync(fixture)));
    const videoSent = media.units.filter((u) => u.track === 'video').length;
    const dir = await mkdtemp(join(tmpdir(), 'inlet-download-'));
    const file = join(dir, 'video.mp4');
    const videoPath = listed.downloadPaths?.find((p) => p.endsWith('video.mp4')) ?? '';
    await writeFile(file, await fetchHttpsBytes(locatorUrl(videoPath), h.ca));
    const frames = await runProcess(
      ffprobePath(),
      ['-v', 'error', '-count_frames', '-show_entries', 'stream=nb_read_frames', '-of', 'json', file],
      60_000,
    );
    expect(frames.stderr).toBe('');
    const count = Number(
      (JSON.parse(frames.stdout) as { streams: { nb_read_frames: string }[] }).streams[0]?.nb_read_frames,
    );
    expect(count).toBe(videoSent);
  }, 60_000);

  it('hands out read-only container SAS URLs that @azure/storage-blob lists and reads', async () => {
    const sas = await sdk.assets.listContainerSas(rg, acct, 'show-archive', {
      permissions: 'Read',
      expiryTime: new Date(Date.now() + 600_000),
    });
    const url = sas.assetContainerSasUrls?.[0] ?? '';
    expect(url).toMatch(new RegExp(`^https://localhost:${h.httpsPort}/asset-files/show-archive\\?`));
    const container = new ContainerClient(url, undefined, { tlsOptions: { ca: h.ca } } as never);
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat()) {
      names.push(blob.name);
    }
    expect(names).toContain('index.json');
    expect(names.some((n) => /^stream-video\/\d+\.m4s$/.test(n))).toBe(true);
    const index = await container.getBlobClient('index.json').downloadToBuffer();
    expect(JSON.parse(index.toString('utf8'))).toMatchObject({ format: 'inlet-archive', ended: true });
    const forged = url.replace(/sig=[^&]+/, 'sig=forged');
    expect((await get(forged.replace('?', '/index.json?'))).status).toBe(403);
  });

  it('keeps assets, locators, policies and endpoints across a restart, and the asset keeps playing', async () => {
    const before = await sdk.assets.get(rg, acct, 'show-archive');
    await h.close();
    h = await startInlet({ dataDir });
    api = armClient(h);
    sdk = sdkClient(api.options);
    hostName = `localhost:${h.httpsPort}`;
    expect((await sdk.assets.get(rg, acct, 'show-archive')).assetId).toBe(before.assetId);
    expect((await sdk.streamingLocators.get(rg, acct, 'show-locator')).streamingLocatorId).toBe(locatorId);
    expect(
      (await sdk.streamingPolicies.get(rg, acct, 'dash-only')).noEncryption?.enabledProtocols?.dash,
    ).toBe(true);
    expect((await sdk.streamingEndpoints.get(rg, acct, 'default')).resourceState).toBe('Running');
    const hls = await get(locatorUrl(`/${locatorId}/${MANIFEST}.ism/manifest(format=m3u8-cmaf)`));
    expect(hls.status).toBe(200);
    // Deleting the asset now removes its locators and files.
    await sdk.assets.delete(rg, acct, 'show-archive');
    await expect(sdk.streamingLocators.get(rg, acct, 'show-locator')).rejects.toMatchObject({
      statusCode: 404,
    });
    expect((await get(locatorUrl(`/${locatorId}/${MANIFEST}.ism/manifest`))).status).toBe(404);
  }, 60_000);
});
