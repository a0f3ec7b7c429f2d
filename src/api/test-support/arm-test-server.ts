import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { ensureTlsMaterial } from '../../lib/tls/private-ca.js';
import type { LiveEventManagerOptions } from '../../live-events/live-event-manager.js';
import { openManager, type ManagerFixture } from '../../live-events/test-support/manager-fixture.js';
import { AssetManager } from '../../delivery/assets/asset-manager.js';
import { StreamingEndpointManager } from '../../delivery/endpoints/streaming-endpoint-manager.js';
import { StreamingLocatorManager } from '../../delivery/locators/streaming-locator-manager.js';
import { StreamingPolicyManager } from '../../delivery/policies/streaming-policy-manager.js';
import { createArmApi, type ArmApi, type ArmApiOptions } from '../create-arm-api.js';
import type { DeliveryApi } from '../delivery-api.js';

/** `TEST_API_TOKEN` is the bearer token the test servers accept. */
export const TEST_API_TOKEN = 'test-token-0123456789';
/** `ACCOUNT_PATH` is the account prefix the tests address. */
export const ACCOUNT_PATH =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/Microsoft.Media/mediaservices/acct1';

/** `ArmTestServer` is the API on a real HTTPS server on 127.0.0.1 with a manager over a temp dir. */
export interface ArmTestServer extends ManagerFixture {
  /** The delivery managers (assets, policies, locators, endpoints) over the same data directory. */
  readonly delivery: DeliveryApi;
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  /** PEM of the private CA that issued the server certificate (also at `<dataDir>/tls/ca.pem`). */
  readonly ca: string;
  readonly api: ArmApi;
  readonly server: Server;
  /** Every request as `METHOD /path?query`, in arrival order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** `startArmTestServer` starts the API over HTTPS on port 0. */
export async function startArmTestServer(
  options: {
    manager?: Partial<LiveEventManagerOptions>;
    api?: Partial<ArmApiOptions>;
    dataDir?: string;
  } = {},
): Promise<ArmTestServer> {
  const fx = await openManager({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    extra: options.manager ?? {},
  });
  const logger = pino({ level: 'silent' });
  // One CA and certificate per test process (RSA key generation is slow); ensureTlsMaterial reuses the
  // files it finds. The CA is copied to <dataDir>/tls/ca.pem, where the CLI looks for it.
  const tls = await ensureTlsMaterial({
    dir: join(tmpdir(), `inlet-test-tls-${process.pid}`),
    hostnames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
    logger,
  });
  mkdirSync(join(fx.dataDir, 'tls'), { recursive: true });
  writeFileSync(join(fx.dataDir, 'tls', 'ca.pem'), tls.ca);
  const delivery = await openDelivery(fx.dataDir, logger);
  const api = createArmApi({
    liveEvents: fx.manager,
    delivery,
    apiTokens: [TEST_API_TOKEN],
    logger,
    ...options.api,
  });
  const requests: string[] = [];
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    void api.handle(req, res).then((handled) => {
      if (!handled) {
        res.writeHead(404).end('not an API path');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    ...fx,
    delivery,
    url: `https://127.0.0.1:${port}`,
    ca: tls.ca,
    api,
    server,
    requests,
    async close() {
      api.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fx.manager.close();
    },
  };
}

/** The delivery managers as the app opens them; `default` streaming endpoint Stopped, on localhost:8443. */
async function openDelivery(dataDir: string, logger: Logger): Promise<DeliveryApi> {
  const assets = new AssetManager({ dataDir, logger, storageAccountName: 'inlet' });
  const policies = new StreamingPolicyManager({ dataDir, logger });
  const locators = new StreamingLocatorManager({ dataDir, logger, assets, policies });
  const endpoints = new StreamingEndpointManager({
    dataDir,
    logger,
    hosts: { publicHostname: 'localhost', httpsPort: 8443 },
    location: 'local',
    defaultState: 'Stopped',
  });
  await assets.open();
  await policies.open();
  await locators.open();
  await endpoints.open();
  return { assets, policies, locators, endpoints };
}
