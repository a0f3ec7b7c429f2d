import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { AssetManager, type AssetUsage } from '../assets/asset-manager.js';
import { StreamingLocatorManager } from '../locators/streaming-locator-manager.js';
import { StreamingPolicyManager } from '../policies/streaming-policy-manager.js';

/** `DeliveryFixture` is the asset, policy and locator managers over one data directory, opened. */
export interface DeliveryFixture {
  readonly dataDir: string;
  readonly assets: AssetManager;
  readonly policies: StreamingPolicyManager;
  readonly locators: StreamingLocatorManager;
  close(): Promise<void>;
}

/** `tempDataDir` makes a fresh data directory. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'inlet-delivery-'));
}

/** `openDelivery` builds and opens the managers as the app does (assets, then policies, then locators). */
export async function openDelivery(
  options: { dataDir?: string; usage?: AssetUsage } = {},
): Promise<DeliveryFixture> {
  const dataDir = options.dataDir ?? tempDataDir();
  const logger = pino({ level: 'silent' });
  const assets = new AssetManager({
    dataDir,
    logger,
    storageAccountName: 'inletstorage',
    ...(options.usage === undefined ? {} : { usage: options.usage }),
  });
  const policies = new StreamingPolicyManager({ dataDir, logger });
  const locators = new StreamingLocatorManager({ dataDir, logger, assets, policies });
  await assets.open();
  await policies.open();
  await locators.open();
  return {
    dataDir,
    assets,
    policies,
    locators,
    async close() {
      await locators.close();
      await policies.close();
      await assets.close();
    },
  };
}
