import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsRequest } from '../../src/api/test-support/https-request.js';
import { ArmClient, armClient } from '../support/arm-clients.js';
import { ffmpegUrl } from '../support/ffmpeg-url.js';
import { avcFixture } from '../support/fixtures.js';
import { replayFlv } from '../support/flv-replay.js';
import { parseMediaPlaylist, type HlsMediaPlaylist } from '../support/hls-playlist.js';
import { startInlet, type InletHarness } from '../support/inlet-harness.js';
import { ABSENT, connectionLost, operations, prng, snapKey, type Snap } from '../support/crash-traffic.js';
import { spawnInlet, type InletProcess } from '../support/inlet-process.js';
import { ffmpegPath } from '../support/media-tools.js';
import { runProcess } from '../support/run-process.js';

const EVENT = { location: 'West Europe', properties: { input: { streamingProtocol: 'RTMP' } } };

interface WireEvent {
  name: string;
  tags: Record<string, string>;
  properties: {
    description: string;
    resourceState: string;
    provisioningState: string;
    input: { accessToken: string; endpoints: { url: string }[] };
    preview: { previewLocator: string; endpoints: { url: string }[] };
  };
}

interface WireOutput {
  name: string;
  properties: {
    assetName: string;
    archiveWindowLength: string;
    manifestName: string;
    resourceState: string;
    provisioningState: string;
  };
}

/** What must survive a restart: everything but the endpoint URLs (the ports are new). */
async function durableState(api: ArmClient): Promise<unknown[]> {
  const list = (await api.request('GET', '/liveEvents')).json as { value: WireEvent[] };
  return Promise.all(
    list.value.map(async (e) => {
      const outputs = (await api.request('GET', `/liveEvents/${e.name}/liveOutputs`)).json as {
        value: WireOutput[];
      };
      const { endpoints: _endpoints, ...input } = e.properties.input;
      const { endpoints: _previews, ...preview } = e.properties.preview;
      return {
        ...e,
        properties: { ...e.properties, input, preview },
        outputs: outputs.value.map((o) => ({ name: o.name, ...o.properties })),
      };
    }),
  );
}

describe.sequential('live events survive an Inlet restart on the same data dir', () => {
  let first: InletHarness | undefined;
  let second: InletHarness | undefined;
  let fixture: string;
  let dataDir: string;

  beforeAll(async () => {
    fixture = await avcFixture({
      seconds: 10,
      width: 256,
      height: 144,
      fps: 15,
      gopSeconds: 2,
      videoKbps: 150,
    });
  }, 60_000);

  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  /** The archive's video playlist once it stopped changing (the last segment is written at unpublish). */
  async function settledArchive(h: InletHarness): Promise<HlsMediaPlaylist> {
    const url = `https://localhost:${h.httpsPort}/assets/keep-asset/cam-video/index.m3u8`;
    let previous = '';
    let since = Date.now();
    await h.until(
      async () => {
        const text = (await httpsRequest(url, { ca: h.ca })).text;
        if (text !== previous) {
          previous = text;
          since = Date.now();
        }
        return text.startsWith('#EXTM3U') && Date.now() - since > 750;
      },
      20_000,
      'the archive to settle',
    );
    return parseMediaPlaylist(previous);
  }

  it('restores a Running, a Stopped and a recording live event; encoders and the archive go on', async () => {
    first = await startInlet();
    dataDir = first.dataDir;
    const api1 = armClient(first);
    await api1.run('PUT', '/liveEvents/keep-running?autoStart=true', {
      body: { ...EVENT, tags: { k: 'r' } },
    });
    await api1.run('PUT', '/liveEvents/keep-stopped', { body: EVENT });
    expect(
      (
        await api1.request('PATCH', '/liveEvents/keep-stopped', {
          body: { properties: { description: 'kept' } },
        })
      ).status,
    ).toBe(200);
    await api1.run('PUT', '/liveEvents/keep-dvr?autoStart=true', { body: EVENT });
    await api1.run('PUT', '/liveEvents/keep-dvr/liveOutputs/rec', {
      body: { properties: { assetName: 'keep-asset', archiveWindowLength: 'PT10M', manifestName: 'keep' } },
    });
    await replayFlv({ url: first.ingestUrl('keep-dvr'), streamName: 'cam', file: fixture, realtime: false });
    const before = await settledArchive(first);
    expect(before.segments.length).toBeGreaterThanOrEqual(4);
    const state = await durableState(api1);
    expect(state).toHaveLength(4);
    await first.close();
    first = undefined;

    second = await startInlet({ dataDir });
    const h = second;
    const api2 = armClient(h);
    expect(await durableState(api2)).toEqual(state);
    const get = async (name: string): Promise<WireEvent> =>
      (await api2.request('GET', `/liveEvents/${name}`)).json as WireEvent;
    expect((await get('keep-running')).properties.resourceState).toBe('Running');
    expect((await get('keep-stopped')).properties).toMatchObject({
      resourceState: 'Stopped',
      description: 'kept',
    });
    expect((await get('keep-dvr')).properties.resourceState).toBe('Running');

    // The Running event admits an encoder on the URL the API reports now (new ports after the restart).
    const ingest = (await get('keep-running')).properties.input.endpoints[0]?.url ?? '';
    expect(ingest).toMatch(new RegExp(`^rtmp://localhost:${h.port('rtmp-primary')}/live/`));
    const logged = h.loggedEvents().length;
    const pushed = await runProcess(
      ffmpegPath(),
      [
        ...['-hide_banner', '-loglevel', 'error', '-i', fixture, '-c', 'copy', '-f', 'flv'],
        await ffmpegUrl(`${ingest}/cam`, ffmpegPath()),
      ],
      60_000,
    );
    expect(pushed.stderr).toBe('');
    expect(pushed.code).toBe(0);
    await h.until(
      () =>
        h
          .loggedEvents()
          .slice(logged)
          .some((e) => e.eventType === 'Microsoft.Media.LiveEventEncoderDisconnected'),
      10_000,
      'the push to end',
    );
    const session = h
      .loggedEvents()
      .slice(logged)
      .filter((e) => e.subject === 'liveEvent/keep-running')
      .map((e) => ({
        type: e.eventType.replace('Microsoft.Media.LiveEvent', ''),
        data: e.data as Record<string, unknown>,
      }))
      .filter((e) =>
        ['EncoderConnected', 'IncomingStreamReceived', 'EncoderDisconnected', 'ConnectionRejected'].includes(
          e.type,
        ),
      );
    expect(session.map((e) => e.type)).toEqual([
      'EncoderConnected',
      'IncomingStreamReceived',
      'IncomingStreamReceived',
      'EncoderDisconnected',
    ]);
    expect(['S_OK', 'MPE_CLIENT_TERMINATED_SESSION', 'MPI_STREAM_HIT_EOF']).toContain(
      session[3]?.data['resultCode'],
    );

    // The archive of the live output continues: the old segments stay, new ones follow after a discontinuity.
    await replayFlv({ url: h.ingestUrl('keep-dvr'), streamName: 'cam', file: fixture, realtime: false });
    const after = await settledArchive(h);
    expect(after.mediaSequence).toBe(before.mediaSequence);
    expect(after.segments.slice(0, before.segments.length)).toEqual(before.segments);
    const added = after.segments.slice(before.segments.length);
    expect(added.length).toBeGreaterThanOrEqual(4);
    expect(added[0]?.discontinuity).toBe(true);
    expect(added.slice(1).every((s) => !s.discontinuity)).toBe(true);
    const oldest = await httpsRequest(
      `https://localhost:${h.httpsPort}/assets/keep-asset/cam-video/${before.segments[0]?.uri ?? ''}`,
      { ca: h.ca },
    );
    expect(oldest.status).toBe(200);
  });
});

const CYCLES = 8;
const WORKERS = 3;
const NAMES_PER_WORKER = 2;

describe.sequential('SIGKILL while the API writes: every restart loads every resource whole', () => {
  const children: InletProcess[] = [];

  afterAll(async () => {
    for (const c of children) {
      if (c.child.exitCode === null && c.child.signalCode === null) {
        c.child.kill('SIGKILL');
        await c.exited;
      }
    }
  });

  it(`survives ${CYCLES} kills at random moments of create/update/delete traffic`, async () => {
    const seed = Number(process.env['INLET_KILL_SEED'] ?? Date.now() % 1_000_000);
    const random = prng(seed);
    const dataDir = mkdtempSync(join(tmpdir(), 'inlet-kill-'));
    const token = randomBytes(24).toString('base64url');
    const names = Array.from({ length: WORKERS * NAMES_PER_WORKER }, (_, i) => `k${i}`);
    const model = new Map<string, Snap[]>(names.map((n) => [n, [ABSENT]]));
    let assets = 0;
    const history: string[] = [];
    const context = (): string =>
      `seed ${seed} (INLET_KILL_SEED), operations:\n${history.slice(-40).join('\n')}`;

    for (let cycle = 0; cycle <= CYCLES; cycle++) {
      const inlet = await spawnInlet({ dataDir, apiToken: token });
      children.push(inlet);
      const api = new ArmClient({
        origin: `https://localhost:${inlet.httpsPort}`,
        ca: inlet.ca,
        token,
        account: {
          subscriptionId: '00000000-0000-0000-0000-000000000000',
          resourceGroup: 'inlet',
          name: 'inlet',
        },
      });

      // Everything loads, whole: no error logged, nothing corrupt, every event and output settled.
      const problems = inlet
        .logLines()
        .filter((l) => l.level >= 50 || /corrupt|cannot be loaded/i.test(l.msg))
        .map((l) => l.msg);
      expect(problems, context()).toEqual([]);
      const list = (await api.request('GET', '/liveEvents')).json as { value: WireEvent[] };
      const listed = list.value.map((e) => e.name).sort();
      const files = readdirSync(join(dataDir, 'live-events')).sort();
      expect(files, context()).toEqual(listed.map((n) => `${n}.json`));
      expect(
        listed.filter((n) => n !== 'default'),
        context(),
      ).toEqual(names.filter((n) => list.value.some((e) => e.name === n)));
      for (const e of list.value) {
        expect(['Stopped', 'StandBy', 'Running'], context()).toContain(e.properties.resourceState);
        expect(e.properties.provisioningState, context()).toBe('Succeeded');
        expect(e.properties.input.accessToken).toMatch(/^[0-9a-f-]{36}$/);
        expect(e.properties.input.endpoints).toHaveLength(4);
      }
      for (const name of names) {
        const e = list.value.find((x) => x.name === name);
        let seen: Snap = ABSENT;
        if (e !== undefined) {
          const outs = (await api.request('GET', `/liveEvents/${name}/liveOutputs`)).json as {
            value: WireOutput[];
          };
          for (const o of outs.value) {
            expect(o.properties, context()).toMatchObject({
              resourceState: 'Running',
              provisioningState: 'Succeeded',
            });
          }
          seen = {
            present: true,
            state: e.properties.resourceState,
            description: e.properties.description,
            outputs: outs.value.map((o) => o.name),
          };
        }
        const possible = (model.get(name) ?? []).map(snapKey);
        expect(possible, `${name} after restart ${cycle}: ${context()}`).toContain(snapKey(seen));
        model.set(name, [seen]);
      }
      if (cycle === CYCLES) {
        inlet.child.kill('SIGTERM');
        expect((await inlet.exited).code).toBe(0);
        break;
      }

      // Traffic: each worker changes its own live events one operation at a time until the kill.
      let killed = false;
      const worker = async (w: number): Promise<void> => {
        const mine = names.slice(w * NAMES_PER_WORKER, (w + 1) * NAMES_PER_WORKER);
        while (!killed) {
          const name = mine[Math.floor(random() * mine.length)] as string;
          const cur = (model.get(name) ?? [])[0] ?? ABSENT;
          const op = operations(name, cur, random, () => `as${cycle}x${assets++}`);
          history.push(`${cycle}: ${op.label}`);
          model.set(
            name,
            op.possible.filter((p, i, all) => all.findIndex((q) => snapKey(q) === snapKey(p)) === i),
          );
          try {
            await op.run(api);
          } catch (error) {
            if (killed && connectionLost(error)) {
              history.push(`${cycle}: ${op.label} interrupted`);
              return;
            }
            throw new Error(`${op.label}: ${(error as Error).message}\n${context()}`, { cause: error });
          }
          model.set(name, [op.result]);
        }
      };
      const delay = 100 + Math.floor(random() * 800);
      const kill = new Promise<void>((resolve) =>
        setTimeout(() => {
          killed = true;
          inlet.child.kill('SIGKILL');
          resolve();
        }, delay),
      );
      await Promise.all([kill, ...Array.from({ length: WORKERS }, (_, w) => worker(w))]);
      expect((await inlet.exited).signal).toBe('SIGKILL');
    }
  }, 120_000);
});
