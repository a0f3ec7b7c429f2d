import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ResourceError } from '../../resources/resource-error.js';
import { tempDataDir } from '../test-support/delivery-fixture.js';
import { endpointHostName, requestHost } from './endpoint-host.js';
import {
  StreamingEndpointManager,
  type StreamingEndpointManagerOptions,
} from './streaming-endpoint-manager.js';
import type { StreamingEndpointSpec } from './streaming-endpoint-record.js';

async function open(
  dataDir = tempDataDir(),
  extra: Partial<StreamingEndpointManagerOptions> = {},
): Promise<StreamingEndpointManager> {
  const m = new StreamingEndpointManager({
    dataDir,
    logger: pino({ level: 'silent' }),
    hosts: { publicHostname: 'media.example.test', httpsPort: 8443 },
    location: 'local',
    defaultState: 'Stopped',
    ...extra,
  });
  await m.open();
  return m;
}

const SPEC: StreamingEndpointSpec = { location: 'West US', akamaiKeyCount: 0 };

function refusal(run: () => unknown): ResourceError {
  try {
    run();
  } catch (error) {
    if (error instanceof ResourceError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('StreamingEndpointManager', () => {
  it('creates default (Stopped) on the first start only, and not again once deleted', async () => {
    const dataDir = tempDataDir();
    const m = await open(dataDir);
    expect(m.list().map((e) => [e.name, e.resourceState, e.hostName])).toEqual([
      ['default', 'Stopped', 'media.example.test:8443'],
    ]);
    expect((await m.delete('default')?.done)?.status).toBe('Succeeded');
    await m.close();
    const again = await open(dataDir);
    expect(again.list()).toEqual([]);
    const running = await open(tempDataDir(), { defaultState: 'Running' });
    expect(running.get('DEFAULT')?.resourceState).toBe('Running');
  });

  it('runs start, scale, stop and delete as long-running operations, one at a time', async () => {
    const m = await open();
    const created = m.create('edge1', {
      ...SPEC,
      description: 'second',
      customHostNames: ['CDN.Example.test'],
    });
    expect(created.endpoint).toMatchObject({ resourceState: 'Stopped', provisioningState: 'InProgress' });
    expect((await created.done).status).toBe('Succeeded');
    expect(m.get('edge1')).toMatchObject({
      hostName: 'edge1.media.example.test:8443',
      customHostNames: ['cdn.example.test'],
      provisioningState: 'Succeeded',
    });
    const start = m.start('edge1');
    expect(m.get('edge1')?.resourceState).toBe('Starting');
    expect(refusal(() => m.stop('edge1')).code).toBe('OperationInProgress');
    await start.done;
    expect(m.get('edge1')?.resourceState).toBe('Running');
    expect(refusal(() => m.delete('edge1')).message).toContain('stop it first');
    expect((await m.scale('edge1', 3).done).status).toBe('Succeeded');
    expect(m.get('edge1')).toMatchObject({ scaleUnits: 3, resourceState: 'Running' });
    expect(refusal(() => m.scale('edge1', 11)).code).toBe('BadRequest');
    await m.stop('edge1').done;
    expect(refusal(() => m.stop('edge1')).code).toBe('InvalidState');
    const op = m.delete('edge1');
    expect(m.getOperation(op?.operation.id ?? '')?.resource).toEqual([
      { collection: 'streamingEndpoints', name: 'edge1' },
    ]);
    await op?.done;
    expect(m.get('edge1')).toBeUndefined();
    expect(m.delete('edge1')).toBeUndefined();
  });

  it('refuses a CDN, Akamai keys, a taken custom host name, a bad name and a second endpoint of a name', async () => {
    const m = await open();
    await m.create('a', { ...SPEC, customHostNames: ['x.example.test'] }).done;
    expect(refusal(() => m.create('b', { ...SPEC, cdnEnabled: true })).code).toBe('UnsupportedFeature');
    expect(refusal(() => m.create('b', { ...SPEC, akamaiKeyCount: 1 })).code).toBe('UnsupportedFeature');
    expect(refusal(() => m.create('b', { ...SPEC, customHostNames: ['X.example.test'] })).code).toBe(
      'Conflict',
    );
    expect(refusal(() => m.create('b', { ...SPEC, customHostNames: ['not a host'] })).code).toBe(
      'BadRequest',
    );
    expect(refusal(() => m.create('way-too-long-for-an-endpoint', SPEC)).code).toBe('InvalidResourceName');
    expect(refusal(() => m.create('A', SPEC)).code).toBe('Conflict');
    expect(refusal(() => m.create('c', { akamaiKeyCount: 0 })).code).toBe('BadRequest');
  });

  it('updates the allow list, cache age and policies, never the location', async () => {
    const m = await open();
    const updated = await m.update('default', {
      akamaiKeyCount: 0,
      ipAllow: ['10.0.0.0/8'],
      maxCacheAge: 600,
      crossSiteAccessPolicies: { clientAccessPolicy: '<access-policy/>', crossDomainPolicy: null },
    });
    expect(updated).toMatchObject({
      ipAllow: [{ address: '10.0.0.0', subnetPrefixLength: 8 }],
      maxCacheAge: 600,
      crossSiteAccessPolicies: { clientAccessPolicy: '<access-policy/>', crossDomainPolicy: null },
    });
    await expect(m.update('default', { akamaiKeyCount: 0, location: 'Mars' })).rejects.toMatchObject({
      code: 'PropertyChangeNotAllowed',
    });
    await expect(m.update('default', { akamaiKeyCount: 0, maxCacheAge: -1 })).rejects.toMatchObject({
      code: 'BadRequest',
    });
  });

  it('settles interrupted operations after a restart and keeps what was stored', async () => {
    const dataDir = tempDataDir();
    const m = await open(dataDir);
    await m.create('e2', { ...SPEC, description: 'kept' }, { autoStart: true }).done;
    await m.close();
    const dir = join(dataDir, 'resources', 'streamingendpoints');
    const file = join(dir, 'default.json');
    const doc = JSON.parse((await import('node:fs')).readFileSync(file, 'utf8')) as {
      streamingEndpoint: Record<string, unknown>;
    };
    writeFileSync(
      file,
      JSON.stringify({ ...doc, streamingEndpoint: { ...doc.streamingEndpoint, resourceState: 'Starting' } }),
    );
    mkdirSync(dir, { recursive: true });
    const again = await open(dataDir);
    expect(again.get('default')?.resourceState).toBe('Running');
    expect(again.get('e2')).toMatchObject({ resourceState: 'Running', description: 'kept' });
  });

  it('matches requests to endpoints by host, falling back to default', async () => {
    const m = await open();
    await m.create('edge1', { ...SPEC, customHostNames: ['cdn.example.test'] }).done;
    const names = (host: string): string[] => m.serving(host).map((e) => e.name);
    expect(names('edge1.media.example.test:8443')).toEqual(['edge1']);
    expect(names('CDN.example.test')).toEqual(['edge1']);
    expect(names('media.example.test')).toEqual(['default']);
    expect(names('127.0.0.1:8080')).toEqual(['default']);
    expect(requestHost('[::1]:8443')).toBe('[::1]');
    expect(endpointHostName('edge1', { publicHostname: '10.1.2.3', httpsPort: 443 })).toBe('10.1.2.3');
    expect(endpointHostName('edge1', { publicHostname: '::1', httpsPort: 8443 })).toBe('[::1]:8443');
  });
});
