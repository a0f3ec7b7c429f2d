import { afterEach, describe, expect, it } from 'vitest';
import {
  ACCOUNT_PATH,
  startArmTestServer,
  TEST_API_TOKEN,
  type ArmTestServer,
} from './test-support/arm-test-server.js';
import { httpsRequest, type RawResponse } from './test-support/https-request.js';
import type { LiveEventTelemetry } from './live-event-telemetry.js';

const V = 'api-version=2022-11-01';
const AUTH = { Authorization: `Bearer ${TEST_API_TOKEN}` };
const EVENT = { location: 'West US', properties: { input: { streamingProtocol: 'RTMP' } } };

interface Body {
  readonly [key: string]: unknown;
}

describe('API wire behaviour', () => {
  let srv: ArmTestServer;
  afterEach(async () => {
    await srv.close();
  });
  const call = (
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; absolute?: boolean } = {},
  ): Promise<RawResponse> =>
    httpsRequest(options.absolute === true ? path : `${srv.url}${ACCOUNT_PATH}${path}`, {
      method,
      headers: {
        ...AUTH,
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ca: srv.ca,
    });
  const json = (res: RawResponse): Body => res.json as Body;
  /** Polls the Azure-AsyncOperation URL of an LRO answer until the operation is no longer InProgress. */
  const settle = async (res: RawResponse): Promise<Body> => {
    for (;;) {
      const status = json(await call('GET', String(res.headers['azure-asyncoperation']), { absolute: true }));
      if (status['status'] !== 'InProgress') {
        return status;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  it('refuses missing and wrong tokens with 401 AuthenticationFailed and a Bearer challenge', async () => {
    srv = await startArmTestServer();
    for (const headers of [
      {},
      { Authorization: 'Bearer wrong' },
      { Authorization: `Basic ${TEST_API_TOKEN}` },
    ]) {
      const res = await httpsRequest(`${srv.url}${ACCOUNT_PATH}/liveEvents?${V}`, { headers, ca: srv.ca });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="inlet"/);
      expect(json(res)['error']).toMatchObject({ code: 'AuthenticationFailed' });
    }
    // Even a request for a route that does not exist is refused before routing.
    expect((await httpsRequest(`${srv.url}${ACCOUNT_PATH}/nothing`, { ca: srv.ca })).status).toBe(401);
    expect((await call('GET', `/liveEvents?${V}`)).status).toBe(200);
  });

  it('leaves paths outside /subscriptions to the HTTP layer', async () => {
    srv = await startArmTestServer();
    const res = await httpsRequest(`${srv.url}/preview/x/index.m3u8`, { ca: srv.ca });
    expect(res.text).toBe('not an API path');
    const other = await call('GET', `${srv.url}/subscriptions/s/other?${V}`, { absolute: true });
    expect(other.status).toBe(404);
    expect(json(other)['error']).toMatchObject({ code: 'NotFound' });
  });

  it('runs a start as an LRO with absolute Azure-AsyncOperation and Location URLs', async () => {
    srv = await startArmTestServer();
    const created = await call('PUT', `/liveEvents/ev1?${V}`, { body: EVENT });
    expect(created.status).toBe(201);
    expect(json(created)['properties']).toMatchObject({
      provisioningState: 'InProgress',
      resourceState: 'Stopped',
    });
    expect(await settle(created)).toMatchObject({ status: 'Succeeded' });
    const hold = srv.runtime.hold('start');
    const started = await call('POST', `/liveEvents/ev1/start?${V}&unknown=ignored`);
    expect(started.status).toBe(202);
    expect(started.text).toBe('');
    expect(started.headers['retry-after']).toBe('1');
    const status = String(started.headers['azure-asyncoperation']);
    const location = String(started.headers['location']);
    const base = `${srv.url}${ACCOUNT_PATH}`;
    expect(status).toMatch(
      new RegExp(`^${base}/liveEventOperations/[0-9a-f-]{36}\\?api-version=2022-11-01$`),
    );
    expect(location).toMatch(
      new RegExp(`^${base}/liveEvents/ev1/operationLocations/[0-9a-f-]{36}\\?api-version=2022-11-01$`),
    );
    await hold.reached;
    const running = await call('GET', status, { absolute: true });
    expect(json(running)).toMatchObject({ status: 'InProgress' });
    expect(json(running)['error']).toBeUndefined();
    expect((await call('GET', location, { absolute: true })).status).toBe(202);
    expect(json(await call('GET', `/liveEvents/ev1?${V}`))['properties']).toMatchObject({
      resourceState: 'Starting',
    });
    hold.release();
    expect(await settle(started)).toMatchObject({ name: json(running)['name'], status: 'Succeeded' });
    // The SDK appends the operation's own query parameters to polls; they are ignored.
    const again = await call('GET', `${status}&autoStart=false`, { absolute: true });
    expect(json(again)).toMatchObject({ status: 'Succeeded' });
    const final = await call('GET', location, { absolute: true });
    expect(final.status).toBe(200);
    expect(json(final)['properties']).toMatchObject({
      resourceState: 'Running',
      provisioningState: 'Succeeded',
    });
  });

  it('reports a failed operation with its error and ends a delete with 204 on the Location URL', async () => {
    srv = await startArmTestServer();
    await srv.manager.create('ev1', { location: 'x', input: { streamingProtocol: 'RTMP' } }).done;
    srv.runtime.failNext('start', new Error('no port'));
    const started = await call('POST', `/liveEvents/ev1/start?${V}`);
    const status = await settle(started);
    expect(status).toMatchObject({
      status: 'Failed',
      error: { code: 'OperationFailed', message: "starting live event 'ev1' failed: no port" },
    });
    const location = await call('GET', String(started.headers['location']), { absolute: true });
    expect(location.status).toBe(500);
    expect(json(location)['error']).toMatchObject({ code: 'OperationFailed' });

    const deleted = await call('DELETE', `/liveEvents/ev1?${V}`);
    expect(deleted.status).toBe(202);
    expect(await settle(deleted)).toMatchObject({ status: 'Succeeded' });
    expect((await call('GET', String(deleted.headers['location']), { absolute: true })).status).toBe(204);
    // An operation id is only valid under its own resource and kind.
    const opId = String(deleted.headers['azure-asyncoperation']).split('/').at(-1)!.split('?')[0]!;
    expect((await call('GET', `/liveOutputOperations/${opId}?${V}`)).status).toBe(404);
    expect((await call('GET', `/liveEvents/other/operationLocations/${opId}?${V}`)).status).toBe(404);
  });

  it('routes case-insensitively and compares names case-insensitively', async () => {
    srv = await startArmTestServer();
    await call('PUT', `/liveEvents/MixedCase?${V}`, { body: EVENT });
    const lower = `${srv.url}${ACCOUNT_PATH.toLowerCase()}/liveevents/mixedcase?${V}`;
    const res = await call('GET', lower, { absolute: true });
    expect(res.status).toBe(200);
    expect(json(res)['name']).toBe('MixedCase');
    const upper = `${srv.url}${ACCOUNT_PATH.toUpperCase()}/LIVEEVENTS/MIXEDCASE?API-VERSION=2022-08-01`;
    expect((await call('GET', upper, { absolute: true })).status).toBe(200);
  });

  it('pages lists with $skiptoken, @odata.count and an absolute @odata.nextLink', async () => {
    srv = await startArmTestServer({ api: { pageSize: 2 } });
    for (const n of ['a', 'b', 'c']) {
      await srv.manager.create(n, { location: 'x', input: { streamingProtocol: 'RTMP' } }).done;
    }
    const first = json(await call('GET', `/liveEvents?${V}`));
    expect((first['value'] as Body[]).map((e) => e['name'])).toEqual(['a', 'b']);
    expect(first['@odata.count']).toBe(3);
    const next = String(first['@odata.nextLink']);
    expect(next).toBe(`${srv.url}${ACCOUNT_PATH}/liveEvents?api-version=2022-11-01&%24skiptoken=2`);
    const second = json(await call('GET', next, { absolute: true }));
    expect((second['value'] as Body[]).map((e) => e['name'])).toEqual(['c']);
    expect(second['@odata.nextLink']).toBeUndefined();
  });

  it('builds URLs from X-Forwarded-* only when told to trust them', async () => {
    const forwarded = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'media.example.com' };
    srv = await startArmTestServer();
    await settle(await call('PUT', `/liveEvents/ev1?${V}`, { body: EVENT }));
    const plain = await call('POST', `/liveEvents/ev1/allocate?${V}`, { headers: forwarded });
    expect(String(plain.headers['location'])).toMatch(new RegExp(`^${srv.url}/`));
    await srv.close();
    srv = await startArmTestServer({ api: { trustForwardedHeaders: true } });
    await settle(await call('PUT', `/liveEvents/ev1?${V}`, { body: EVENT }));
    const proxied = await call('POST', `/liveEvents/ev1/allocate?${V}`, { headers: forwarded });
    expect(String(proxied.headers['location'])).toMatch(/^https:\/\/media\.example\.com\/subscriptions\//);
  });

  it('answers the telemetry POSTs directly with what the telemetry source holds', async () => {
    const telemetry: LiveEventTelemetry = {
      status: (name) => [
        {
          state: 'Running',
          healthStatus: 'Good',
          healthDescriptions: [name],
          lastUpdatedTime: '2024-01-01T00:00:00Z',
          trackStatus: [],
        },
      ],
      streamEvents: () => [
        {
          eventType: 'StreamEvent/BeginIngest',
          eventTime: '2024-01-01T00:00:00Z',
          eventLevel: 'Information',
          data: {},
        },
      ],
      trackHeartbeats: () => [],
    };
    srv = await startArmTestServer({ api: { telemetry } });
    await call('PUT', `/liveEvents/Ev1?${V}`, { body: EVENT });
    const status = await call('POST', `/liveEvents/ev1/getStatus?${V}`);
    expect(status.status).toBe(200);
    expect(json(status)['value']).toEqual([
      expect.objectContaining({ healthStatus: 'Good', healthDescriptions: ['Ev1'] }),
    ]);
    expect(json(await call('POST', `/liveEvents/ev1/getStreamEvents?${V}`))['value']).toHaveLength(1);
    expect(json(await call('POST', `/liveEvents/ev1/getTrackIngestHeartbeats?${V}`))['value']).toEqual([]);
  });

  it('echoes x-ms-client-request-id and sets x-ms-request-id', async () => {
    srv = await startArmTestServer();
    const res = await call('GET', `/liveEvents?${V}`, { headers: { 'x-ms-client-request-id': 'abc-123' } });
    expect(res.headers['x-ms-client-request-id']).toBe('abc-123');
    expect(res.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
