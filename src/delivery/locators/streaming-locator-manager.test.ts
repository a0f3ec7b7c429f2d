import { describe, expect, it } from 'vitest';
import { ResourceError } from '../../resources/resource-error.js';
import type { StreamingLocatorSpec } from './streaming-locator-record.js';
import { openDelivery, tempDataDir } from '../test-support/delivery-fixture.js';

const CLEAR: StreamingLocatorSpec = {
  assetName: 'show',
  streamingPolicyName: 'Predefined_ClearStreamingOnly',
  contentKeyCount: 0,
  filters: [],
};

async function refusal(p: Promise<unknown>): Promise<ResourceError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ResourceError)) {
    throw new Error(`expected a ResourceError, got ${String(error)}`);
  }
  return error;
}

describe('StreamingLocatorManager', () => {
  it('creates a locator with a new GUID or the one given, finds it by any spelling of the GUID', async () => {
    const d = await openDelivery();
    await d.assets.createOrUpdate('show', {});
    const a = await d.locators.create('a', CLEAR);
    expect(a).toMatchObject({ assetName: 'show', streamingPolicyName: 'Predefined_ClearStreamingOnly' });
    expect(a.streamingLocatorId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const b = await d.locators.create('b', {
      ...CLEAR,
      streamingLocatorId: '911B65DE-AC92-4391-9AAB-80021126D403',
      startTime: '2030-01-01T00:00:00+01:00',
      endTime: '2030-01-02T00:00:00Z',
    });
    expect(b).toMatchObject({
      streamingLocatorId: '911b65de-ac92-4391-9aab-80021126d403',
      startTime: '2029-12-31T23:00:00.000Z',
      endTime: '2030-01-02T00:00:00.000Z',
    });
    expect(d.locators.byId('911b65deac9243919aab80021126d403')?.name).toBe('b');
    expect(d.locators.ofAsset('SHOW').map((l) => l.name)).toEqual(['a', 'b']);
    await d.close();
  });

  it('refuses what it cannot serve, each with its own code', async () => {
    const d = await openDelivery();
    await d.assets.createOrUpdate('show', {});
    await d.locators.create('taken', {
      ...CLEAR,
      streamingLocatorId: '911b65de-ac92-4391-9aab-80021126d403',
    });
    const cases: [StreamingLocatorSpec, string, string][] = [
      [{ ...CLEAR, assetName: 'missing' }, 'NotFound', "asset 'missing' does not exist"],
      [{ ...CLEAR, assetName: undefined }, 'BadRequest', 'assetName is required'],
      [{ ...CLEAR, streamingPolicyName: 'nope' }, 'NotFound', "streaming policy 'nope'"],
      [
        { ...CLEAR, streamingPolicyName: 'Predefined_MultiDrmCencStreaming' },
        'UnsupportedFeature',
        'content protection',
      ],
      [{ ...CLEAR, streamingPolicyName: 'predefined_clearkey' }, 'UnsupportedFeature', 'encrypts'],
      [{ ...CLEAR, defaultContentKeyPolicyName: 'keys' }, 'UnsupportedFeature', 'content key policies'],
      [{ ...CLEAR, contentKeyCount: 1 }, 'UnsupportedFeature', 'content keys'],
      [{ ...CLEAR, filters: ['f1'] }, 'UnsupportedFeature', 'filters'],
      [{ ...CLEAR, streamingLocatorId: 'not-a-guid' }, 'BadRequest', 'is not a GUID'],
      [{ ...CLEAR, streamingLocatorId: '911B65DEAC9243919AAB80021126D403' }, 'Conflict', "'taken'"],
      [{ ...CLEAR, startTime: 'tomorrow' }, 'BadRequest', 'startTime'],
      [
        { ...CLEAR, startTime: '2030-01-02T00:00:00Z', endTime: '2030-01-01T00:00:00Z' },
        'BadRequest',
        'endTime',
      ],
    ];
    for (const [spec, code, text] of cases) {
      const error = await refusal(d.locators.create('new', spec));
      expect([error.code, error.message], JSON.stringify(spec)).toEqual([
        code,
        expect.stringContaining(text),
      ]);
    }
    expect((await refusal(d.locators.create('TAKEN', CLEAR))).code).toBe('Conflict');
    expect(d.locators.list().map((l) => l.name)).toEqual(['taken']);
    await d.close();
  });

  it('keeps locators across a restart and drops those whose asset is gone', async () => {
    const dataDir = tempDataDir();
    const first = await openDelivery({ dataDir });
    await first.assets.createOrUpdate('show', {});
    await first.assets.createOrUpdate('other', {});
    const kept = await first.locators.create('kept', CLEAR);
    await first.locators.create('orphan', { ...CLEAR, assetName: 'other' });
    await first.close();
    const { rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    rmSync(join(dataDir, 'resources', 'assets', 'other.json'));
    const second = await openDelivery({ dataDir });
    expect(second.locators.get('kept')).toEqual(kept);
    expect(second.locators.get('orphan')).toBeUndefined();
    await second.close();
  });

  it('keeps a custom clear policy while a locator uses it', async () => {
    const d = await openDelivery();
    await d.assets.createOrUpdate('show', {});
    const protocols = { download: false, dash: true, hls: false, smoothStreaming: false };
    await d.policies.create('dashOnly', { enabledProtocols: protocols, encryption: [] });
    await d.locators.create('l', { ...CLEAR, streamingPolicyName: 'DASHONLY' });
    expect(d.locators.get('l')?.streamingPolicyName).toBe('dashOnly');
    expect((await refusal(d.policies.delete('dashOnly'))).message).toContain("streaming locator 'l'");
    await d.locators.delete('l');
    expect(await d.policies.delete('dashOnly')).toBe(true);
    expect(await d.policies.delete('dashOnly')).toBe(false);
    await d.close();
  });
});
