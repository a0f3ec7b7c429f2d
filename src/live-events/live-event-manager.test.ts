import { afterEach, describe, expect, it } from 'vitest';
import type { LiveEventChange } from './live-event-catalog.js';
import { ResourceError } from '../resources/resource-error.js';
import type { LiveEventManager } from './live-event-manager.js';
import type { LiveEventSpec } from './live-event-spec.js';
import { openManager, type ManagerFixture } from './test-support/manager-fixture.js';

const RTMP: LiveEventSpec = { location: 'West US', input: { streamingProtocol: 'RTMP' } };
const TOKEN = 'acf7b6ef-8a37-425f-b8fc-51c2d6a5a86a';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ResourceError ? error.code : `not a ResourceError: ${String(error)}`;
  }
  return undefined;
}

async function create(
  manager: LiveEventManager,
  name: string,
  spec: LiveEventSpec = RTMP,
  autoStart = false,
) {
  const op = await manager.create(name, spec, { autoStart }).done;
  expect(op.status, op.error?.message).toBe('Succeeded');
  return manager.get(name);
}

describe('LiveEventManager', () => {
  let fx: ManagerFixture;
  afterEach(async () => {
    await fx.manager.close();
  });

  it('creates a Stopped live event with defaults, ingest and preview URLs', async () => {
    fx = await openManager();
    const started = fx.manager.create('ev1', {
      ...RTMP,
      input: { streamingProtocol: 'RTMP', accessToken: TOKEN },
    });
    expect(started.liveEvent.provisioningState).toBe('InProgress');
    expect((await started.done).status).toBe('Succeeded');
    const ev = fx.manager.get('EV1');
    expect(ev?.resourceState).toBe('Stopped');
    expect(ev?.provisioningState).toBe('Succeeded');
    expect(ev?.input.keyFrameIntervalDuration).toBe('PT2S');
    expect(ev?.encoding.encodingType).toBe('None');
    expect(ev?.input.accessControl.allow.map((r) => `${r.address}/${r.subnetPrefixLength}`)).toEqual([
      '0.0.0.0/0',
      '::/0',
    ]);
    expect(ev?.ingestEndpoints).toEqual([
      { protocol: 'RTMP', url: `rtmp://ingest.example.test:1935/live/${TOKEN}` },
      { protocol: 'RTMP', url: `rtmp://ingest.example.test:1936/live/${TOKEN}` },
      { protocol: 'RTMP', url: `rtmps://ingest.example.test:2935/live/${TOKEN}` },
      { protocol: 'RTMP', url: `rtmps://ingest.example.test:2936/live/${TOKEN}` },
    ]);
    expect(ev?.previewEndpoints).toEqual([
      { protocol: 'FragmentedMP4', url: 'https://ingest.example.test:8443/preview/ev1/preview.ism/manifest' },
      { protocol: 'Hls', url: 'https://ingest.example.test:8443/preview/ev1/index.m3u8' },
      { protocol: 'Dash', url: 'https://ingest.example.test:8443/preview/ev1/index.mpd' },
    ]);
    expect(fx.runtime.calls).toEqual([]);
  });

  it('puts the static hostname prefix in front of the public hostname', async () => {
    fx = await openManager();
    const ev = await create(fx.manager, 'ev1', {
      ...RTMP,
      useStaticHostname: true,
      hostnamePrefix: 'studio1',
    });
    expect(ev?.ingestEndpoints[0]?.url).toMatch(/^rtmp:\/\/studio1\.ingest\.example\.test:1935\/live\//);
    expect(ev?.previewEndpoints[0]?.url).toBe(
      'https://studio1.ingest.example.test:8443/preview/ev1/preview.ism/manifest',
    );
  });

  it('runs the state machine and tells the runtime with the AMS reason codes', async () => {
    fx = await openManager();
    await create(fx.manager, 'ev1', RTMP, true);
    expect(fx.manager.get('ev1')?.resourceState).toBe('Running');
    expect(fx.runtime.calls[0]).toEqual({ method: 'start', liveEvent: 'ev1', state: 'Starting' });
    await fx.manager.reset('ev1').done;
    await fx.manager.stop('ev1').done;
    expect(fx.manager.get('ev1')?.resourceState).toBe('Stopped');
    await fx.manager.allocate('ev1').done;
    expect(fx.manager.get('ev1')?.resourceState).toBe('StandBy');
    await fx.manager.start('ev1').done;
    expect(fx.manager.get('ev1')?.resourceState).toBe('Running');
    await fx.manager.delete('ev1')?.done;
    expect(fx.manager.get('ev1')).toBeUndefined();
    expect(fx.runtime.callsOf('stop')).toEqual([
      'ev1:MPI_REST_API_CHANNEL_RESET',
      'ev1:MPI_REST_API_CHANNEL_STOP',
      'ev1:MPI_REST_API_CHANNEL_STOP',
    ]);
    expect(fx.runtime.callsOf('start')).toEqual(['ev1', 'ev1', 'ev1']);
    expect(fx.runtime.callsOf('deleted')).toEqual(['ev1']);
  });

  it('refuses operations from the wrong state with InvalidState', async () => {
    fx = await openManager();
    await create(fx.manager, 'ev1');
    expect(codeOf(() => fx.manager.stop('ev1'))).toBe('InvalidState');
    expect(codeOf(() => fx.manager.reset('ev1'))).toBe('InvalidState');
    await fx.manager.start('ev1').done;
    expect(codeOf(() => fx.manager.start('ev1'))).toBe('InvalidState');
    expect(codeOf(() => fx.manager.allocate('ev1'))).toBe('InvalidState');
    expect(codeOf(() => fx.manager.start('nope'))).toBe('NotFound');
  });

  it('allows one operation at a time per live event and its outputs', async () => {
    fx = await openManager();
    await create(fx.manager, 'ev1');
    await create(fx.manager, 'ev2');
    const hold = fx.runtime.hold('start');
    const started = fx.manager.start('ev1');
    await hold.reached;
    expect(fx.manager.get('ev1')?.resourceState).toBe('Starting');
    expect(fx.manager.getOperation(started.operation.id)?.status).toBe('InProgress');
    expect(codeOf(() => fx.manager.stop('ev1'))).toBe('OperationInProgress');
    expect(codeOf(() => fx.manager.delete('ev1'))).toBe('OperationInProgress');
    expect(
      codeOf(() => fx.manager.createOutput('ev1', 'o1', { assetName: 'a1', archiveWindowLength: 'PT1H' })),
    ).toBe('OperationInProgress');
    await expect(fx.manager.update('ev1', { description: 'x' })).rejects.toMatchObject({
      code: 'OperationInProgress',
    });
    expect((await fx.manager.start('ev2').done).status).toBe('Succeeded');
    hold.release();
    expect((await started.done).status).toBe('Succeeded');
    expect(fx.manager.getOperation(started.operation.id)?.status).toBe('Succeeded');
  });

  it('returns a failed start to Stopped with provisioningState Failed', async () => {
    fx = await openManager();
    await create(fx.manager, 'ev1');
    fx.runtime.failNext('start', new Error('port in use'));
    const op = await fx.manager.start('ev1').done;
    expect(op.status).toBe('Failed');
    expect(op.error?.message).toBe("starting live event 'ev1' failed: port in use");
    expect(fx.manager.get('ev1')?.resourceState).toBe('Stopped');
    expect(fx.manager.get('ev1')?.provisioningState).toBe('Failed');
    expect((await fx.manager.start('ev1').done).status).toBe('Succeeded');
  });

  it('keeps a live event whose delete failed, Stopped, so the delete can be retried', async () => {
    fx = await openManager();
    await create(fx.manager, 'ev1', RTMP, true);
    fx.runtime.failNext('deleted');
    expect((await fx.manager.delete('ev1')?.done)?.status).toBe('Failed');
    expect(fx.manager.get('ev1')?.resourceState).toBe('Stopped');
    expect((await fx.manager.delete('ev1')?.done)?.status).toBe('Succeeded');
    expect(fx.manager.delete('ev1')).toBeUndefined();
  });

  it('refuses to stop while live outputs exist unless removeOutputsOnStop is set', async () => {
    fx = await openManager();
    await create(fx.manager, 'ev1', RTMP, true);
    expect(
      (await fx.manager.createOutput('ev1', 'out1', { assetName: 'a1', archiveWindowLength: 'PT1H' }).done)
        .status,
    ).toBe('Succeeded');
    expect(fx.manager.getOutput('ev1', 'OUT1')?.resourceState).toBe('Running');
    expect(codeOf(() => fx.manager.stop('ev1'))).toBe('InvalidState');
    await fx.manager.stop('ev1', { removeOutputsOnStop: true }).done;
    expect(fx.manager.listOutputs('ev1')).toEqual([]);
    expect(fx.runtime.callsOf('startOutput')).toEqual(['ev1/out1']);
    expect(fx.runtime.callsOf('stopOutput')).toEqual(['ev1/out1']);
    expect(fx.manager.get('ev1')?.resourceState).toBe('Stopped');
  });

  it('reset drops the live outputs and restarts ingest', async () => {
    fx = await openManager();
    await create(fx.manager, 'ev1', RTMP, true);
    await fx.manager.createOutput('ev1', 'out1', { assetName: 'a1', archiveWindowLength: 'PT1H' }).done;
    await fx.manager.reset('ev1').done;
    expect(fx.manager.listOutputs('ev1')).toEqual([]);
    expect(fx.manager.get('ev1')?.resourceState).toBe('Running');
    expect(fx.runtime.calls.map((c) => c.method)).toEqual([
      'start',
      'startOutput',
      'stopOutput',
      'stop',
      'start',
    ]);
  });

  it('limits live outputs per event (1 for PassthroughBasic) and keeps asset names unique', async () => {
    fx = await openManager();
    await create(fx.manager, 'ev1');
    await create(fx.manager, 'basic', { ...RTMP, encoding: { encodingType: 'PassthroughBasic' } });
    for (const i of [1, 2, 3]) {
      await fx.manager.createOutput('ev1', `o${i}`, { assetName: `a${i}`, archiveWindowLength: 'PT1H' }).done;
    }
    const spec = { assetName: 'a9', archiveWindowLength: 'PT1H' };
    expect(codeOf(() => fx.manager.createOutput('ev1', 'o4', spec))).toBe('QuotaExceeded');
    expect(codeOf(() => fx.manager.createOutput('ev1', 'O1', spec))).toBe('Conflict');
    expect(codeOf(() => fx.manager.createOutput('basic', 'x', { ...spec, assetName: 'A1' }))).toBe(
      'Conflict',
    );
    await fx.manager.createOutput('basic', 'x', spec).done;
    expect(codeOf(() => fx.manager.createOutput('basic', 'y', { ...spec, assetName: 'b' }))).toBe(
      'QuotaExceeded',
    );
    expect(
      codeOf(() => fx.manager.createOutput('basic', 'z', { assetName: 'c', archiveWindowLength: 'PT9H' })),
    ).toBe('BadRequest');
  });

  it('applies PATCH rules per state', async () => {
    fx = await openManager();
    await create(
      fx.manager,
      'ev1',
      { ...RTMP, input: { streamingProtocol: 'RTMP', accessToken: TOKEN } },
      true,
    );
    const current = fx.manager.get('ev1');
    // The SDK sends the whole resource back: unchanged create-only values are fine.
    const same: LiveEventSpec = {
      location: 'westus',
      input: { streamingProtocol: 'rtmp', accessToken: TOKEN.replaceAll('-', '') },
    };
    expect((await fx.manager.update('ev1', same)).lastModified).toBe(current?.lastModified);
    await expect(fx.manager.update('ev1', { location: 'East US' })).rejects.toMatchObject({
      code: 'PropertyChangeNotAllowed',
      target: 'location',
    });
    await expect(fx.manager.update('ev1', { streamOptions: ['LowLatency'] })).rejects.toMatchObject({
      code: 'PropertyChangeNotAllowed',
      target: 'properties.streamOptions',
    });
    await expect(
      fx.manager.update('ev1', { input: { keyFrameIntervalDuration: 'PT4S' } }),
    ).rejects.toMatchObject({
      code: 'InvalidState',
    });
    const updated = await fx.manager.update('ev1', {
      description: 'live now',
      input: { accessControl: { allow: ['10.0.0.0/8'] } },
    });
    expect(updated.description).toBe('live now');
    expect(fx.manager.catalog.get('ev1')?.allow.allows('10.1.2.3')).toBe(true);
    expect(fx.manager.catalog.get('ev1')?.allow.allows('192.0.2.1')).toBe(false);
    await fx.manager.stop('ev1').done;
    expect(
      (await fx.manager.update('ev1', { input: { keyFrameIntervalDuration: 'PT4S' } })).input
        .keyFrameIntervalDuration,
    ).toBe('PT4S');
  });

  it('keeps access tokens unique across the server, with or without hyphens', async () => {
    fx = await openManager();
    await create(fx.manager, 'ev1', { ...RTMP, input: { streamingProtocol: 'RTMP', accessToken: TOKEN } });
    const dup = TOKEN.replaceAll('-', '').toUpperCase();
    expect(
      codeOf(() =>
        fx.manager.create('ev2', { ...RTMP, input: { streamingProtocol: 'RTMP', accessToken: dup } }),
      ),
    ).toBe('Conflict');
    expect(fx.manager.catalog.findByAccessToken(dup)?.name).toBe('ev1');
    expect(fx.manager.get('ev2')).toBeUndefined();
  });

  it('enforces maxLiveEvents', async () => {
    fx = await openManager({ extra: { maxLiveEvents: 2 } });
    await create(fx.manager, 'a');
    await create(fx.manager, 'b');
    expect(codeOf(() => fx.manager.create('c', RTMP))).toBe('QuotaExceeded');
  });

  it('publishes snapshots to change listeners', async () => {
    fx = await openManager();
    const changes: string[] = [];
    const off = fx.manager.catalog.onChange((c: LiveEventChange) => {
      changes.push(`${c.kind}:${c.snapshot?.resourceState ?? '-'}`);
    });
    await create(fx.manager, 'ev1', RTMP, true);
    await fx.manager.delete('ev1')?.done;
    off();
    await create(fx.manager, 'ev2');
    expect(changes[0]).toBe('created:Stopped');
    expect(changes).toContain('updated:Starting');
    expect(changes).toContain('updated:Running');
    expect(changes).toContain('updated:Deleting');
    expect(changes.at(-1)).toBe('deleted:-');
  });

  it('creates the default live event only when there is nothing else', async () => {
    fx = await openManager();
    expect(await fx.manager.ensureDefaultLiveEvent()).toBe(true);
    expect(fx.manager.get('default')?.resourceState).toBe('Running');
    expect(await fx.manager.ensureDefaultLiveEvent()).toBe(false);
  });

  it('creates declared live events and lets the config win on restart', async () => {
    const declared = {
      name: 'studio',
      accessToken: TOKEN,
      allow: ['192.0.2.0/24'],
      autoStart: true,
      keyFrameIntervalDuration: 'PT1S',
    };
    fx = await openManager({ declared: [declared] });
    expect(fx.manager.get('studio')?.resourceState).toBe('Running');
    expect(await fx.manager.ensureDefaultLiveEvent()).toBe(false);
    await fx.manager.update('studio', { description: 'kept', tags: { a: 'b' } });
    await fx.manager.close();
    const token2 = '11111111-2222-4333-8444-555555555555';
    fx = await openManager({
      dataDir: fx.dataDir,
      declared: [{ ...declared, accessToken: token2, allow: ['198.51.100.7'] }],
    });
    const ev = fx.manager.get('studio');
    expect(ev?.input.accessToken).toBe(token2);
    expect(ev?.input.accessControl.allow).toEqual([
      { name: '198.51.100.7', address: '198.51.100.7', subnetPrefixLength: 32 },
    ]);
    expect(ev?.description).toBe('kept');
    expect(ev?.tags).toEqual({ a: 'b' });
    expect(ev?.resourceState).toBe('Running');
  });

  it('rejects open() when two declared live events share a token', async () => {
    await expect(
      openManager({
        declared: [
          { name: 'a', accessToken: TOKEN, allow: [], autoStart: false },
          { name: 'b', accessToken: TOKEN, allow: [], autoStart: false },
        ],
      }),
    ).rejects.toThrow(/config file, live event 'b': access token .* is already used by live event 'a'/);
    fx = await openManager();
  });
});
