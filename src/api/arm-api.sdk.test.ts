import { AzureMediaServices, type LiveEvent } from '@azure/arm-mediaservices';
import type { TokenCredential } from '@azure/core-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArmTestServer, TEST_API_TOKEN, type ArmTestServer } from './test-support/arm-test-server.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const RG = 'rg1';
const ACCT = 'acct1';
/** Poll fast: the SDK's default is 2 s between polls. */
const POLL = { updateIntervalInMs: 10 };
const ALLOW_ALL = { ip: { allow: [{ name: 'AllowAll', address: '0.0.0.0', subnetPrefixLength: 0 }] } };

function sdkClient(srv: ArmTestServer, token = TEST_API_TOKEN): AzureMediaServices {
  const credential: TokenCredential = {
    getToken: () => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
  return new AzureMediaServices(credential, SUB, {
    endpoint: srv.url,
    credentialScopes: ['https://management.azure.com/.default'],
    tlsOptions: { ca: srv.ca },
    retryOptions: { maxRetries: 0 },
  });
}

function liveEventBody(extra: Partial<LiveEvent> = {}): LiveEvent {
  return {
    location: 'West US',
    input: { streamingProtocol: 'RTMP', accessControl: ALLOW_ALL, keyFrameIntervalDuration: 'PT2S' },
    preview: { accessControl: ALLOW_ALL },
    encoding: { encodingType: 'PassthroughStandard' },
    ...extra,
  };
}

describe('@azure/arm-mediaservices against the Inlet API', () => {
  let srv: ArmTestServer;
  let client: AzureMediaServices;
  beforeAll(async () => {
    srv = await startArmTestServer({ api: { pageSize: 2 } });
    client = sdkClient(srv);
  });
  afterAll(async () => {
    await srv.close();
  });

  it('creates a live event (no autoStart) and reports its ingest and preview endpoints', async () => {
    const created = await client.liveEvents.beginCreateAndWait(
      RG,
      ACCT,
      'sdk1',
      liveEventBody({ tags: { t: 'v' } }),
      POLL,
    );
    expect(created.name).toBe('sdk1');
    expect(created.id).toBe(
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Media/mediaservices/${ACCT}/liveevents/sdk1`,
    );
    expect(created.resourceState).toBe('Stopped');
    expect(created.provisioningState).toBe('Succeeded');
    expect(created.created).toBeInstanceOf(Date);
    const token = created.input?.accessToken ?? '';
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.input?.endpoints).toEqual([
      { protocol: 'RTMP', url: `rtmp://ingest.example.test:1935/live/${token}` },
      { protocol: 'RTMP', url: `rtmp://ingest.example.test:1936/live/${token}` },
      { protocol: 'RTMP', url: `rtmps://ingest.example.test:2935/live/${token}` },
      { protocol: 'RTMP', url: `rtmps://ingest.example.test:2936/live/${token}` },
    ]);
    expect(created.preview?.endpoints).toEqual([
      {
        protocol: 'FragmentedMP4',
        url: 'https://ingest.example.test:8443/preview/sdk1/preview.ism/manifest',
      },
      { protocol: 'Hls', url: 'https://ingest.example.test:8443/preview/sdk1/index.m3u8' },
      { protocol: 'Dash', url: 'https://ingest.example.test:8443/preview/sdk1/index.mpd' },
    ]);
    expect(created.preview?.previewLocator).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.tags).toEqual({ t: 'v' });
    expect(srv.runtime.callsOf('start')).toEqual([]);
    // The SDK polled the Azure-AsyncOperation URL, then read the resource (PUT: the request URL).
    const sent = srv.requests.map((r) =>
      r
        .replace(/[0-9a-f-]{36}/g, '<id>')
        .replace(
          /^(\S+ )\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft.Media\/mediaservices\/[^/]+/,
          '$1',
        ),
    );
    expect(sent[0]).toBe('PUT /liveEvents/sdk1?api-version=2022-08-01');
    expect(sent).toContain('GET /liveEventOperations/<id>?api-version=2022-08-01');
    expect(sent.at(-1)).toBe('GET /liveEvents/sdk1?api-version=2022-08-01');
  });

  it('creates with autoStart, gets and updates a live event', async () => {
    const running = await client.liveEvents.beginCreateAndWait(RG, ACCT, 'sdk2', liveEventBody(), {
      ...POLL,
      autoStart: true,
    });
    expect(running.resourceState).toBe('Running');
    expect(
      srv.runtime.calls.filter((c) => c.liveEvent === 'sdk2').map((c) => `${c.method}:${c.state}`),
    ).toEqual(['start:Starting']);
    const got = await client.liveEvents.get(RG, ACCT, 'SDK2');
    expect(got.resourceState).toBe('Running');
    const updated = await client.liveEvents.beginUpdateAndWait(
      RG,
      ACCT,
      'sdk2',
      {
        ...got,
        description: 'updated by the SDK',
        input: {
          ...got.input,
          streamingProtocol: 'RTMP',
          accessControl: { ip: { allow: [{ name: 'lan', address: '10.0.0.0', subnetPrefixLength: 8 }] } },
        },
      },
      POLL,
    );
    expect(updated.description).toBe('updated by the SDK');
    expect(updated.input?.accessControl?.ip?.allow).toEqual([
      { name: 'lan', address: '10.0.0.0', subnetPrefixLength: 8 },
    ]);
    expect(srv.manager.catalog.get('sdk2')?.allow.allows('10.9.8.7')).toBe(true);
  });

  it('allocates, starts, creates live outputs, stops with and without removeOutputsOnStop', async () => {
    await client.liveEvents.beginAllocateAndWait(RG, ACCT, 'sdk1', POLL);
    expect((await client.liveEvents.get(RG, ACCT, 'sdk1')).resourceState).toBe('StandBy');
    await client.liveEvents.beginStartAndWait(RG, ACCT, 'sdk1', POLL);
    expect((await client.liveEvents.get(RG, ACCT, 'sdk1')).resourceState).toBe('Running');

    const out = await client.liveOutputs.beginCreateAndWait(
      RG,
      ACCT,
      'sdk1',
      'out1',
      {
        assetName: 'asset-sdk1',
        archiveWindowLength: 'PT2H',
        manifestName: 'manifest1',
        hls: { fragmentsPerTsSegment: 1 },
      },
      POLL,
    );
    expect(out.resourceState).toBe('Running');
    expect(out.archiveWindowLength).toBe('PT2H');
    await client.liveOutputs.beginCreateAndWait(
      RG,
      ACCT,
      'sdk1',
      'out2',
      { assetName: 'asset-sdk1b', archiveWindowLength: 'PT1H' },
      POLL,
    );
    expect((await client.liveOutputs.get(RG, ACCT, 'sdk1', 'out1')).manifestName).toBe('manifest1');
    const outputs = [];
    for await (const o of client.liveOutputs.list(RG, ACCT, 'sdk1')) {
      outputs.push(o.name);
    }
    expect(outputs).toEqual(['out1', 'out2']);
    await client.liveOutputs.beginDeleteAndWait(RG, ACCT, 'sdk1', 'out2', POLL);
    expect(srv.runtime.callsOf('stopOutput')).toEqual(['sdk1/out2']);

    await expect(client.liveEvents.beginStopAndWait(RG, ACCT, 'sdk1', {}, POLL)).rejects.toMatchObject({
      statusCode: 409,
      code: 'InvalidState',
    });
    await client.liveEvents.beginStopAndWait(RG, ACCT, 'sdk1', { removeOutputsOnStop: true }, POLL);
    expect((await client.liveEvents.get(RG, ACCT, 'sdk1')).resourceState).toBe('Stopped');
    expect(srv.runtime.callsOf('stopOutput')).toEqual(['sdk1/out2', 'sdk1/out1']);
    expect(srv.runtime.callsOf('stop')).toContain('sdk1:MPI_REST_API_CHANNEL_STOP');
    const after = [];
    for await (const o of client.liveOutputs.list(RG, ACCT, 'sdk1')) {
      after.push(o.name);
    }
    expect(after).toEqual([]);
  });

  it('resets a running live event with MPI_REST_API_CHANNEL_RESET', async () => {
    const before = srv.requests.length;
    await client.liveEvents.beginResetAndWait(RG, ACCT, 'sdk2', POLL);
    // POST LROs end with a GET of the Location URL (operationLocations), answered 200 with the event.
    expect(srv.requests.slice(before).at(-1)).toMatch(
      /^GET \/subscriptions\/.*\/liveEvents\/sdk2\/operationLocations\/[0-9a-f-]{36}\?api-version=/,
    );
    expect((await client.liveEvents.get(RG, ACCT, 'sdk2')).resourceState).toBe('Running');
    expect(srv.runtime.callsOf('stop')).toContain('sdk2:MPI_REST_API_CHANNEL_RESET');
  });

  it('surfaces a failed operation as the SDK error with its code and message', async () => {
    srv.runtime.failNext('start', new Error('listener unavailable'));
    await expect(client.liveEvents.beginStartAndWait(RG, ACCT, 'sdk1', POLL)).rejects.toThrow(
      /OperationFailed.*starting live event 'sdk1' failed: listener unavailable/,
    );
    expect((await client.liveEvents.get(RG, ACCT, 'sdk1')).resourceState).toBe('Stopped');
  });

  it('lists live events across pages with @odata.nextLink', async () => {
    for (const n of ['page3', 'page4', 'page5']) {
      await client.liveEvents.beginCreateAndWait(RG, ACCT, n, liveEventBody(), POLL);
    }
    const pages: string[][] = [];
    for await (const page of client.liveEvents.list(RG, ACCT).byPage()) {
      pages.push(page.map((e) => e.name ?? ''));
    }
    expect(pages).toEqual([['page3', 'page4'], ['page5', 'sdk1'], ['sdk2']]);
  });

  it('deletes live events; a deleted event answers 404 NotFound', async () => {
    await client.liveEvents.beginDeleteAndWait(RG, ACCT, 'sdk2', POLL);
    await client.liveEvents.beginDeleteAndWait(RG, ACCT, 'sdk1', POLL);
    await expect(client.liveEvents.get(RG, ACCT, 'sdk2')).rejects.toMatchObject({
      statusCode: 404,
      code: 'NotFound',
    });
    expect(srv.runtime.callsOf('deleted')).toEqual(['sdk2', 'sdk1']);
    expect(srv.runtime.callsOf('stop').filter((c) => c.startsWith('sdk2'))).toEqual([
      'sdk2:MPI_REST_API_CHANNEL_RESET',
      'sdk2:MPI_REST_API_CHANNEL_STOP',
    ]);
    // Deleting again is "accepted but not found" (204): the SDK completes without error.
    await client.liveEvents.beginDeleteAndWait(RG, ACCT, 'sdk1', POLL);
  });

  it('is refused with a wrong token', async () => {
    await expect(sdkClient(srv, 'wrong').liveEvents.get(RG, ACCT, 'page3')).rejects.toMatchObject({
      statusCode: 401,
      code: 'AuthenticationFailed',
    });
  });
});
