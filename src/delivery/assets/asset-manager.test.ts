import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResourceError } from '../../resources/resource-error.js';
import { openDelivery, tempDataDir } from '../test-support/delivery-fixture.js';

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

describe('AssetManager', () => {
  it('creates an asset with a GUID, its name as container and the server storage account, then updates it', async () => {
    const d = await openDelivery();
    const { asset, created } = await d.assets.createOrUpdate('Show1', { description: 'first' });
    expect(created).toBe(true);
    expect(asset).toMatchObject({
      name: 'Show1',
      container: 'Show1',
      storageAccountName: 'inletstorage',
      storageEncryptionFormat: 'None',
      description: 'first',
      alternateId: null,
    });
    expect(asset.assetId).toMatch(/^[0-9a-f-]{36}$/);
    const again = await d.assets.createOrUpdate('show1', { alternateId: 'cms-7', container: 'show1' });
    expect(again.created).toBe(false);
    expect(again.asset).toMatchObject({ name: 'Show1', alternateId: 'cms-7', description: 'first' });
    expect(again.asset.assetId).toBe(asset.assetId);
    expect((await refusal(d.assets.update('Show1', { container: 'other' }))).code).toBe(
      'PropertyChangeNotAllowed',
    );
    expect((await refusal(d.assets.update('nope', {}))).code).toBe('NotFound');
    expect((await refusal(d.assets.createOrUpdate('x', { storageAccountName: 'elsewhere' }))).code).toBe(
      'BadRequest',
    );
    expect((await refusal(d.assets.createOrUpdate('../etc', {}))).code).toBe('InvalidResourceName');
    await d.close();
  });

  it('refuses a container that another asset has', async () => {
    const d = await openDelivery();
    await d.assets.createOrUpdate('a', { container: 'shared' });
    const error = await refusal(d.assets.createOrUpdate('b', { container: 'SHARED' }));
    expect(error.code).toBe('Conflict');
    expect(error.message).toContain("asset 'a'");
    await d.close();
  });

  it('keeps assets across a restart and adopts archive directories no asset names', async () => {
    const dataDir = tempDataDir();
    const first = await openDelivery({ dataDir });
    const { asset } = await first.assets.createOrUpdate('kept', { description: 'd' });
    await first.close();
    mkdirSync(join(dataDir, 'assets', 'old-archive'), { recursive: true });
    writeFileSync(
      join(dataDir, 'assets', 'old-archive', 'index.json'),
      JSON.stringify({ availabilityStartTime: Date.UTC(2024, 0, 2) }),
    );
    mkdirSync(join(dataDir, 'assets', '.hidden'), { recursive: true });
    const second = await openDelivery({ dataDir });
    expect(second.assets.get('KEPT')).toEqual(asset);
    expect(second.assets.get('old-archive')).toMatchObject({
      container: 'old-archive',
      created: '2024-01-02T00:00:00.000Z',
    });
    expect(second.assets.list().map((a) => a.name)).toEqual(['kept', 'old-archive']);
    await second.close();
  });

  it('refuses to delete an asset a live output records into, and otherwise removes its files and locators', async () => {
    let user: string | undefined = "live output 'out1' of live event 'ev1'";
    const d = await openDelivery({ usage: () => user });
    const { asset } = await d.assets.createOrUpdate('rec', {});
    const dir = d.assets.containerDir(asset);
    mkdirSync(join(dir, 'video'), { recursive: true });
    writeFileSync(join(dir, 'video', '1.m4s'), 'x');
    await d.locators.create('loc1', {
      assetName: 'rec',
      streamingPolicyName: 'Predefined_ClearStreamingOnly',
      contentKeyCount: 0,
      filters: [],
    });
    expect(await d.assets.files(asset)).toEqual([expect.objectContaining({ path: 'video/1.m4s', size: 1 })]);
    const error = await refusal(d.assets.delete('rec'));
    expect(error.code).toBe('Conflict');
    expect(error.message).toContain("live output 'out1' of live event 'ev1'");
    expect(existsSync(dir)).toBe(true);
    user = undefined;
    expect(await d.assets.delete('REC')).toBe(true);
    expect(existsSync(dir)).toBe(false);
    expect(d.assets.get('rec')).toBeUndefined();
    expect(d.locators.get('loc1')).toBeUndefined();
    expect(await d.assets.delete('rec')).toBe(false);
    await d.close();
  });

  it('reports a torn asset file and refuses that name until it is fixed', async () => {
    const dataDir = tempDataDir();
    mkdirSync(join(dataDir, 'resources', 'assets'), { recursive: true });
    writeFileSync(join(dataDir, 'resources', 'assets', 'torn.json'), '{"version":1,"asset":{"na');
    const d = await openDelivery({ dataDir });
    expect(d.assets.get('torn')).toBeUndefined();
    expect((await refusal(d.assets.createOrUpdate('torn', {}))).code).toBe('CorruptResource');
    await d.close();
  });
});
