import { AzureMediaServices } from '@azure/arm-mediaservices';
import type { TokenCredential } from '@azure/core-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_PATH,
  startArmTestServer,
  TEST_API_TOKEN,
  type ArmTestServer,
} from './test-support/arm-test-server.js';
import { httpsRequest, type RawResponse } from './test-support/https-request.js';

const RG = 'rg1';
const ACCT = 'acct1';
const POLL = { updateIntervalInMs: 10 };

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const i of items) {
    out.push(i);
  }
  return out;
}

describe('@azure/arm-mediaservices: assets, streaming policies, locators and endpoints', () => {
  let srv: ArmTestServer;
  let client: AzureMediaServices;
  const raw = (method: string, path: string, body?: unknown): Promise<RawResponse> =>
    httpsRequest(`${srv.url}${ACCOUNT_PATH}${path}${path.includes('?') ? '&' : '?'}api-version=2022-08-01`, {
      method,
      headers: {
        Authorization: `Bearer ${TEST_API_TOKEN}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ca: srv.ca,
    });
  beforeAll(async () => {
    srv = await startArmTestServer({ api: { pageSize: 2 } });
    const credential: TokenCredential = {
      getToken: () => Promise.resolve({ token: TEST_API_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    client = new AzureMediaServices(credential, '00000000-0000-0000-0000-000000000001', {
      endpoint: srv.url,
      credentialScopes: ['https://management.azure.com/.default'],
      tlsOptions: { ca: srv.ca },
      retryOptions: { maxRetries: 0 },
    });
  });
  afterAll(async () => {
    await srv.close();
  });

  it('creates, updates, pages, filters and deletes assets', async () => {
    const created = await client.assets.createOrUpdate(RG, ACCT, 'asset-a', { description: 'first' });
    expect(created).toMatchObject({ name: 'asset-a', container: 'asset-a', description: 'first' });
    expect(created.created).toBeInstanceOf(Date);
    expect(created.assetId).toMatch(/^[0-9a-f-]{36}$/);
    for (const name of ['asset-b', 'asset-c', 'asset-d']) {
      await client.assets.createOrUpdate(RG, ACCT, name, { alternateId: `alt-${name}` });
    }
    const updated = await client.assets.update(RG, ACCT, 'asset-a', { alternateId: 'cms-1' });
    expect(updated).toMatchObject({ alternateId: 'cms-1', description: 'first' });
    // Four assets in pages of two: the SDK follows @odata.nextLink, which keeps $filter and $orderby.
    expect((await all(client.assets.list(RG, ACCT))).map((a) => a.name)).toEqual([
      'asset-a',
      'asset-b',
      'asset-c',
      'asset-d',
    ]);
    const filtered = await all(
      client.assets.list(RG, ACCT, { filter: "name ne 'asset-b'", orderby: 'name desc' }),
    );
    expect(filtered.map((a) => a.name)).toEqual(['asset-d', 'asset-c', 'asset-a']);
    expect((await all(client.assets.list(RG, ACCT, { top: 1 }))).length).toBe(1);
    const sas = await client.assets
      .listContainerSas(RG, ACCT, 'asset-a', {
        permissions: 'ReadWrite',
        expiryTime: new Date(Date.now() + 60_000),
      })
      .catch((e: unknown) => e);
    expect(sas).toMatchObject({ statusCode: 400, code: 'UnsupportedFeature' });
    await client.assets.delete(RG, ACCT, 'asset-d');
    await expect(client.assets.get(RG, ACCT, 'asset-d')).rejects.toMatchObject({
      statusCode: 404,
      code: 'NotFound',
    });
  });

  it('lists and gets the predefined policies, creates a clear one and refuses a DRM one', async () => {
    const names = (await all(client.streamingPolicies.list(RG, ACCT))).map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['Predefined_ClearStreamingOnly', 'Predefined_DownloadAndClearStreaming']),
    );
    const clear = await client.streamingPolicies.get(RG, ACCT, 'Predefined_ClearStreamingOnly');
    expect(clear.noEncryption?.enabledProtocols).toEqual({
      download: false,
      dash: true,
      hls: true,
      smoothStreaming: true,
    });
    const drm = await client.streamingPolicies.get(RG, ACCT, 'Predefined_MultiDrmCencStreaming');
    expect(drm.commonEncryptionCenc?.enabledProtocols?.dash).toBe(true);
    const custom = await client.streamingPolicies.create(RG, ACCT, 'hlsOnly', {
      noEncryption: { enabledProtocols: { download: false, dash: false, hls: true, smoothStreaming: false } },
    });
    expect(custom.noEncryption?.enabledProtocols?.hls).toBe(true);
    await expect(
      client.streamingPolicies.create(RG, ACCT, 'cenc', {
        commonEncryptionCenc: {
          enabledProtocols: { download: false, dash: true, hls: false, smoothStreaming: false },
        },
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'UnsupportedFeature' });
  });

  it('creates locators, lists them per asset, answers empty paths before media, refuses DRM policies', async () => {
    await client.assets.createOrUpdate(RG, ACCT, 'show', {});
    const locator = await client.streamingLocators.create(RG, ACCT, 'loc1', {
      assetName: 'show',
      streamingPolicyName: 'Predefined_ClearStreamingOnly',
    });
    expect(locator.streamingLocatorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(locator.created).toBeInstanceOf(Date);
    const fixed = await client.streamingLocators.create(RG, ACCT, 'loc2', {
      assetName: 'show',
      streamingPolicyName: 'hlsOnly',
      streamingLocatorId: 'a1b2c3d4-0000-4000-8000-000000000001',
      endTime: new Date('2099-01-01T00:00:00Z'),
    });
    expect(fixed.endTime?.toISOString()).toBe('2099-01-01T00:00:00.000Z');
    const ofAsset = await client.assets.listStreamingLocators(RG, ACCT, 'show');
    expect(ofAsset.streamingLocators?.map((l) => l.name)).toEqual(['loc1', 'loc2']);
    expect(await client.streamingLocators.listPaths(RG, ACCT, 'loc1')).toEqual({
      streamingPaths: [],
      downloadPaths: [],
    });
    expect((await client.streamingLocators.listContentKeys(RG, ACCT, 'loc1')).contentKeys).toEqual([]);
    const byFilter = await all(
      client.streamingLocators.list(RG, ACCT, {
        filter: "properties/streamingLocatorId eq 'a1b2c3d4-0000-4000-8000-000000000001'",
      }),
    );
    expect(byFilter.map((l) => l.name)).toEqual(['loc2']);
    for (const [body, status, code] of [
      [{ assetName: 'missing', streamingPolicyName: 'Predefined_ClearStreamingOnly' }, 404, 'NotFound'],
      [{ assetName: 'show', streamingPolicyName: 'Predefined_MultiDrmStreaming' }, 400, 'UnsupportedFeature'],
      [
        {
          assetName: 'show',
          streamingPolicyName: 'Predefined_ClearStreamingOnly',
          defaultContentKeyPolicyName: 'k',
        },
        400,
        'UnsupportedFeature',
      ],
    ] as const) {
      const res = await raw('PUT', '/streamingLocators/bad', { properties: body });
      expect([res.status, (res.json as { error: { code: string } }).error.code], res.text).toEqual([
        status,
        code,
      ]);
    }
    expect(
      (
        await raw('PUT', '/streamingLocators/loc1', {
          properties: { assetName: 'show', streamingPolicyName: 'Predefined_ClearStreamingOnly' },
        })
      ).status,
    ).toBe(409);
    // Deleting the asset deletes its locators.
    await client.assets.delete(RG, ACCT, 'show');
    await expect(client.streamingLocators.get(RG, ACCT, 'loc1')).rejects.toMatchObject({ statusCode: 404 });
    expect((await raw('DELETE', '/streamingLocators/loc1')).status).toBe(204);
  });

  it('runs the default streaming endpoint and a new one through their long-running operations', async () => {
    const def = await client.streamingEndpoints.get(RG, ACCT, 'default');
    expect(def).toMatchObject({ resourceState: 'Stopped', hostName: 'localhost:8443', cdnEnabled: false });
    await client.streamingEndpoints.beginStartAndWait(RG, ACCT, 'default', POLL);
    expect((await client.streamingEndpoints.get(RG, ACCT, 'default')).resourceState).toBe('Running');
    const created = await client.streamingEndpoints.beginCreateAndWait(
      RG,
      ACCT,
      'edge1',
      {
        location: 'West US',
        scaleUnits: 0,
        accessControl: { ip: { allow: [{ name: 'lan', address: '10.0.0.0', subnetPrefixLength: 8 }] } },
      },
      { ...POLL, autoStart: true },
    );
    expect(created).toMatchObject({
      name: 'edge1',
      resourceState: 'Running',
      hostName: 'edge1.localhost:8443',
    });
    await client.streamingEndpoints.beginScaleAndWait(RG, ACCT, 'edge1', { scaleUnit: 2 }, POLL);
    expect((await client.streamingEndpoints.get(RG, ACCT, 'edge1')).scaleUnits).toBe(2);
    const updated = await client.streamingEndpoints.beginUpdateAndWait(
      RG,
      ACCT,
      'edge1',
      { location: 'West US', description: 'edge', maxCacheAge: 300 },
      POLL,
    );
    expect(updated).toMatchObject({ description: 'edge', maxCacheAge: 300 });
    expect((await all(client.streamingEndpoints.list(RG, ACCT))).map((e) => e.name)).toEqual([
      'default',
      'edge1',
    ]);
    expect((await client.streamingEndpoints.skus(RG, ACCT, 'edge1')).value?.map((s) => s.sku?.name)).toEqual([
      'Standard',
      'Premium',
    ]);
    const running = await raw('DELETE', '/streamingEndpoints/edge1');
    expect([running.status, (running.json as { error: { code: string } }).error.code]).toEqual([
      409,
      'InvalidState',
    ]);
    await client.streamingEndpoints.beginStopAndWait(RG, ACCT, 'edge1', POLL);
    await client.streamingEndpoints.beginDeleteAndWait(RG, ACCT, 'edge1', POLL);
    await expect(client.streamingEndpoints.get(RG, ACCT, 'edge1')).rejects.toMatchObject({ statusCode: 404 });
    const cdn = await raw('PUT', '/streamingEndpoints/edge2', {
      location: 'x',
      properties: { cdnEnabled: true },
    });
    expect([cdn.status, (cdn.json as { error: { code: string } }).error.code]).toEqual([
      400,
      'UnsupportedFeature',
    ]);
  });
});
