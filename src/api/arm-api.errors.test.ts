import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_PATH,
  startArmTestServer,
  TEST_API_TOKEN,
  type ArmTestServer,
} from './test-support/arm-test-server.js';
import { httpsRequest, type RawResponse } from './test-support/https-request.js';

const V = 'api-version=2022-11-01';
const AUTH = { Authorization: `Bearer ${TEST_API_TOKEN}` };
const JSON_TYPE = { 'Content-Type': 'application/json' };
const EVENT = { location: 'West US', properties: { input: { streamingProtocol: 'RTMP' } } };

interface ErrorCase {
  readonly name: string;
  readonly method: string;
  /** Path after the account prefix, with its query. */
  readonly path: string;
  readonly body?: unknown;
  /** Raw body text, sent as is. */
  readonly raw?: string;
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly code: string;
  readonly target?: string;
  readonly message?: RegExp;
}

const withInput = (input: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown => ({
  location: 'West US',
  properties: { input: { streamingProtocol: 'RTMP', ...input }, ...extra },
});

/** Every request here is invalid for the state set up in beforeAll (ev-stopped Stopped, ev-running Running with out1). */
const cases: readonly ErrorCase[] = [
  {
    name: 'missing api-version',
    method: 'GET',
    path: '/liveEvents',
    status: 400,
    code: 'MissingApiVersionParameter',
  },
  {
    name: 'name with a leading hyphen',
    method: 'PUT',
    path: `/liveEvents/-bad?${V}`,
    body: EVENT,
    status: 400,
    code: 'InvalidResourceName',
  },
  {
    name: 'name of 33 characters',
    method: 'PUT',
    path: `/liveEvents/${'a'.repeat(33)}?${V}`,
    body: EVENT,
    status: 400,
    code: 'InvalidResourceName',
  },
  {
    name: 'name with an underscore',
    method: 'PUT',
    path: `/liveEvents/a_b?${V}`,
    body: EVENT,
    status: 400,
    code: 'InvalidResourceName',
  },
  {
    name: 'malformed JSON',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    raw: '{"location": ',
    status: 400,
    code: 'InvalidRequestContent',
  },
  {
    name: 'body that is not JSON by content type',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    raw: 'location=x',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'UnsupportedMediaType',
  },
  {
    name: 'body over the size limit',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    raw: JSON.stringify({ description: 'x'.repeat(70_000) }),
    status: 413,
    code: 'PayloadTooLarge',
  },
  {
    name: 'empty body on create',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    status: 400,
    code: 'BadRequest',
  },
  {
    name: 'body that is an array',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    body: [EVENT],
    status: 400,
    code: 'BadRequest',
  },
  {
    name: 'missing location',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    body: { properties: EVENT.properties },
    status: 400,
    code: 'BadRequest',
    target: 'location',
  },
  {
    name: 'missing input',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    body: { location: 'x', properties: {} },
    status: 400,
    code: 'BadRequest',
    target: 'properties.input',
  },
  {
    name: 'FragmentedMP4 ingest',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    body: withInput({ streamingProtocol: 'FragmentedMP4' }),
    status: 400,
    code: 'UnsupportedFeature',
    message: /RTMP/,
  },
  {
    name: 'live encoding',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    body: withInput({}, { encoding: { encodingType: 'Premium1080p' } }),
    status: 400,
    code: 'UnsupportedFeature',
    message: /live encoding is not supported yet; use PassthroughStandard/,
  },
  {
    name: 'unknown encoding type',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    body: withInput({}, { encoding: { encodingType: 'Fancy' } }),
    status: 400,
    code: 'BadRequest',
  },
  {
    name: 'key frame interval above 20 s',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    body: withInput({ keyFrameIntervalDuration: 'PT21S' }),
    status: 400,
    code: 'BadRequest',
    target: 'properties.input.keyFrameIntervalDuration',
  },
  {
    name: 'key frame interval not a duration',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    body: withInput({ keyFrameIntervalDuration: '2s' }),
    status: 400,
    code: 'BadRequest',
  },
  {
    name: 'access token not a GUID',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    body: withInput({ accessToken: 'secret' }),
    status: 400,
    code: 'BadRequest',
    target: 'properties.input.accessToken',
  },
  {
    name: 'access token used by another event',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    body: withInput({ accessToken: 'ACF7B6EF8A37425FB8FC51C2D6A5A86A' }),
    status: 409,
    code: 'Conflict',
  },
  {
    name: 'invalid IP range',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    body: withInput({
      accessControl: { ip: { allow: [{ name: 'x', address: '10.0.0.0', subnetPrefixLength: 33 }] } },
    }),
    status: 400,
    code: 'BadRequest',
    target: 'properties.input.accessControl.ip.allow[0]',
  },
  {
    name: 'input of the wrong type',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    body: { location: 'x', properties: { input: 'RTMP' } },
    status: 400,
    code: 'BadRequest',
    target: 'properties.input',
  },
  {
    name: 'tag value not a string',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    body: { ...EVENT, tags: { a: 1 } },
    status: 400,
    code: 'BadRequest',
    target: 'tags.a',
  },
  {
    name: 'unknown stream option',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    body: withInput({}, { streamOptions: ['Fast'] }),
    status: 400,
    code: 'BadRequest',
  },
  {
    name: 'hostname prefix not a DNS label',
    method: 'PUT',
    path: `/liveEvents/x1?${V}`,
    body: withInput({}, { hostnamePrefix: 'a.b' }),
    status: 400,
    code: 'BadRequest',
  },
  {
    name: 'autoStart not a boolean',
    method: 'PUT',
    path: `/liveEvents/x1?${V}&autoStart=maybe`,
    body: EVENT,
    status: 400,
    code: 'BadRequest',
  },
  {
    name: 'create over an existing event',
    method: 'PUT',
    path: `/liveEvents/EV-STOPPED?${V}`,
    body: EVENT,
    status: 409,
    code: 'Conflict',
  },
  {
    name: 'get a missing event',
    method: 'GET',
    path: `/liveEvents/nope?${V}`,
    status: 404,
    code: 'NotFound',
  },
  { name: 'unknown route', method: 'GET', path: `/transforms?${V}`, status: 404, code: 'NotFound' },
  {
    name: 'wrong method',
    method: 'PATCH',
    path: `/liveEvents?${V}`,
    body: EVENT,
    status: 405,
    code: 'MethodNotAllowed',
  },
  {
    name: 'start a running event',
    method: 'POST',
    path: `/liveEvents/ev-running/start?${V}`,
    status: 409,
    code: 'InvalidState',
  },
  {
    name: 'stop a stopped event',
    method: 'POST',
    path: `/liveEvents/ev-stopped/stop?${V}`,
    body: { removeOutputsOnStop: false },
    status: 409,
    code: 'InvalidState',
  },
  {
    name: 'stop with live outputs',
    method: 'POST',
    path: `/liveEvents/ev-running/stop?${V}`,
    body: {},
    status: 409,
    code: 'InvalidState',
    message: /removeOutputsOnStop/,
  },
  {
    name: 'stop body of the wrong type',
    method: 'POST',
    path: `/liveEvents/ev-running/stop?${V}`,
    body: { removeOutputsOnStop: 'yes' },
    status: 400,
    code: 'BadRequest',
  },
  {
    name: 'reset a stopped event',
    method: 'POST',
    path: `/liveEvents/ev-stopped/reset?${V}`,
    status: 409,
    code: 'InvalidState',
  },
  {
    name: 'allocate a running event',
    method: 'POST',
    path: `/liveEvents/ev-running/allocate?${V}`,
    status: 409,
    code: 'InvalidState',
  },
  {
    name: 'start a missing event',
    method: 'POST',
    path: `/liveEvents/nope/start?${V}`,
    status: 404,
    code: 'NotFound',
  },
  {
    name: 'PATCH a create-only property',
    method: 'PATCH',
    path: `/liveEvents/ev-stopped?${V}`,
    body: { location: 'East US' },
    status: 400,
    code: 'PropertyChangeNotAllowed',
    target: 'location',
  },
  {
    name: 'PATCH the access token',
    method: 'PATCH',
    path: `/liveEvents/ev-running?${V}`,
    body: { properties: { input: { accessToken: '11111111-2222-4333-8444-555555555555' } } },
    status: 400,
    code: 'PropertyChangeNotAllowed',
    target: 'properties.input.accessToken',
  },
  {
    name: 'PATCH a Stopped-only property while Running',
    method: 'PATCH',
    path: `/liveEvents/ev-running?${V}`,
    body: { properties: { input: { keyFrameIntervalDuration: 'PT4S' } } },
    status: 409,
    code: 'InvalidState',
  },
  {
    name: 'PATCH a missing event',
    method: 'PATCH',
    path: `/liveEvents/nope?${V}`,
    body: { properties: { description: 'x' } },
    status: 404,
    code: 'NotFound',
  },
  {
    name: 'live output without asset',
    method: 'PUT',
    path: `/liveEvents/ev-running/liveOutputs/o2?${V}`,
    body: { properties: { archiveWindowLength: 'PT1H' } },
    status: 400,
    code: 'BadRequest',
    target: 'properties.assetName',
  },
  {
    name: 'live output window below 1 minute',
    method: 'PUT',
    path: `/liveEvents/ev-running/liveOutputs/o2?${V}`,
    body: { properties: { assetName: 'a', archiveWindowLength: 'PT30S' } },
    status: 400,
    code: 'BadRequest',
  },
  {
    name: 'live output asset path traversal',
    method: 'PUT',
    path: `/liveEvents/ev-running/liveOutputs/o2?${V}`,
    body: { properties: { assetName: '../etc', archiveWindowLength: 'PT1H' } },
    status: 400,
    code: 'BadRequest',
  },
  {
    name: 'live output asset already archived to',
    method: 'PUT',
    path: `/liveEvents/ev-stopped/liveOutputs/o2?${V}`,
    body: { properties: { assetName: 'ASSET1', archiveWindowLength: 'PT1H' } },
    status: 409,
    code: 'Conflict',
  },
  {
    name: 'live output that exists',
    method: 'PUT',
    path: `/liveEvents/ev-running/liveOutputs/OUT1?${V}`,
    body: { properties: { assetName: 'a2', archiveWindowLength: 'PT1H' } },
    status: 409,
    code: 'Conflict',
  },
  {
    name: 'live output of a missing event',
    method: 'PUT',
    path: `/liveEvents/nope/liveOutputs/o1?${V}`,
    body: { properties: { assetName: 'a', archiveWindowLength: 'PT1H' } },
    status: 404,
    code: 'NotFound',
  },
  {
    name: 'get a missing live output',
    method: 'GET',
    path: `/liveEvents/ev-running/liveOutputs/nope?${V}`,
    status: 404,
    code: 'NotFound',
  },
  {
    name: 'list outputs of a missing event',
    method: 'GET',
    path: `/liveEvents/nope/liveOutputs?${V}`,
    status: 404,
    code: 'NotFound',
  },
  {
    name: 'unknown operation',
    method: 'GET',
    path: `/liveEventOperations/00000000-0000-0000-0000-000000000000?${V}`,
    status: 404,
    code: 'NotFound',
  },
  {
    name: 'bad $skiptoken',
    method: 'GET',
    path: `/liveEvents?${V}&$skiptoken=abc`,
    status: 400,
    code: 'BadRequest',
  },
  {
    name: 'status of a missing event',
    method: 'POST',
    path: `/liveEvents/nope/getStatus?${V}`,
    status: 404,
    code: 'NotFound',
  },
];

function storeState(srv: ArmTestServer): string {
  const dir = join(srv.dataDir, 'live-events');
  const files = readdirSync(dir)
    .sort()
    .map((f) => `${f}:${readFileSync(join(dir, f), 'utf8')}`);
  return JSON.stringify({
    files,
    list: srv.manager.list(),
    outputs: srv.manager.list().map((e) => srv.manager.listOutputs(e.name)),
  });
}

describe('API errors', () => {
  let srv: ArmTestServer;
  const send = (c: Pick<ErrorCase, 'method' | 'path' | 'body' | 'raw' | 'headers'>): Promise<RawResponse> => {
    const body = c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
    return httpsRequest(`${srv.url}${ACCOUNT_PATH}${c.path}`, {
      method: c.method,
      headers: { ...AUTH, ...(body === undefined ? {} : JSON_TYPE), ...c.headers },
      ...(body === undefined ? {} : { body }),
      ca: srv.ca,
    });
  };

  beforeAll(async () => {
    srv = await startArmTestServer({ api: { maxBodyBytes: 64 * 1024 } });
    const m = srv.manager;
    await m.create('ev-stopped', { location: 'West US', input: { streamingProtocol: 'RTMP' } }).done;
    const input = { streamingProtocol: 'RTMP', accessToken: 'acf7b6ef-8a37-425f-b8fc-51c2d6a5a86a' };
    await m.create('ev-running', { location: 'West US', input }, { autoStart: true }).done;
    await m.createOutput('ev-running', 'out1', { assetName: 'asset1', archiveWindowLength: 'PT1H' }).done;
  });
  afterAll(async () => {
    await srv.close();
  });

  for (const c of cases) {
    it(`${c.name}: ${c.status} ${c.code}, nothing changes`, async () => {
      const before = storeState(srv);
      const res = await send(c);
      expect(res.status, res.text).toBe(c.status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const error = (res.json as { error: { code: string; message: string; target?: string } }).error;
      expect(error.code).toBe(c.code);
      expect(error.message.length).toBeGreaterThan(10);
      if (c.target !== undefined) {
        expect(error.target).toBe(c.target);
      }
      if (c.message !== undefined) {
        expect(error.message).toMatch(c.message);
      }
      expect(storeState(srv)).toBe(before);
    });
  }

  it('answers 405 with the allowed methods', async () => {
    const res = await send({ method: 'POST', path: `/liveEvents/ev-stopped?${V}`, body: {} });
    expect(res.status).toBe(405);
    expect(res.headers['allow']).toBe('GET, PUT, PATCH, DELETE');
  });

  it('answers 204 for deleting what does not exist', async () => {
    expect((await send({ method: 'DELETE', path: `/liveEvents/nope?${V}` })).status).toBe(204);
    expect(
      (await send({ method: 'DELETE', path: `/liveEvents/ev-running/liveOutputs/nope?${V}` })).status,
    ).toBe(204);
  });

  it('allows one long-running operation at a time and names the running one', async () => {
    const hold = srv.runtime.hold('stopOutput');
    const first = await send({ method: 'DELETE', path: `/liveEvents/ev-running/liveOutputs/out1?${V}` });
    expect(first.status).toBe(202);
    await hold.reached;
    const before = storeState(srv);
    for (const c of [
      { method: 'POST', path: `/liveEvents/ev-running/reset?${V}` },
      { method: 'DELETE', path: `/liveEvents/ev-running?${V}` },
      { method: 'PATCH', path: `/liveEvents/ev-running?${V}`, body: { properties: { description: 'x' } } },
      {
        method: 'PUT',
        path: `/liveEvents/ev-running/liveOutputs/o3?${V}`,
        body: { properties: { assetName: 'a3', archiveWindowLength: 'PT1H' } },
      },
    ]) {
      const res = await send(c);
      expect(res.status, `${c.method} ${c.path}`).toBe(409);
      const error = (res.json as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('OperationInProgress');
      expect(error.message).toMatch(/busy with operation 'deleteOutput'/);
    }
    expect(storeState(srv)).toBe(before);
    // Another live event is not blocked.
    expect((await send({ method: 'POST', path: `/liveEvents/ev-stopped/allocate?${V}` })).status).toBe(202);
    hold.release();
    const poll = await httpsRequest(String(first.headers['azure-asyncoperation']), {
      headers: AUTH,
      ca: srv.ca,
    });
    expect(['InProgress', 'Succeeded']).toContain((poll.json as { status: string }).status);
  });
});
