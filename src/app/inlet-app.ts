import { mkdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createArmApi, type ArmApi } from '../api/create-arm-api.js';
import { ensureApiToken } from '../api/api-token.js';
import type { Config } from '../config/config.js';
import { EventBus } from '../events/event-bus.js';
import { EventHistory } from '../events/event-history.js';
import { EventLog } from '../events/event-log.js';
import { mediaServicesTopic } from '../events/media-event.js';
import { WebhookSink } from '../events/sinks/webhook-sink.js';
import { WebSocketSink } from '../events/sinks/websocket-sink.js';
import { HealthMonitor } from '../health/health-monitor.js';
import type { ContainerAccess } from '../http/asset-files-handler.js';
import { HttpService, type RequestHandler } from '../http/http-service.js';
import type { Late } from '../http/late-route.js';
import type { LocatorDirectory } from '../http/locator-handler.js';
import { createPackagers } from '../http/packaging/packagers.js';
import { httpRoutes } from '../http/routes.js';
import { createStatusHandler } from '../http/status-handler.js';
import { IngestServer } from '../ingest/ingest-server.js';
import { LiveEventRegistry } from '../live/live-event-registry.js';
import type { IngestEndpoint } from '../live/publisher.js';
import { ensureTlsMaterial } from '../lib/tls/private-ca.js';
import { LiveEventManager } from '../live-events/live-event-manager.js';
import { healthEventPublisher } from './health-event-publisher.js';
import { ingestEventPublisher } from './ingest-event-publisher.js';
import { dashboardStatus } from './dashboard-status.js';
import { startPeriodicStats } from './periodic-stats.js';
import { historyTelemetry } from './history-telemetry.js';
import { InletRuntime } from './inlet-runtime.js';
import { startupBanner } from './startup-banner.js';
import { ContainerSas } from './container-sas.js';
import { DeliveryServices } from './delivery-services.js';

/** `InletAppOptions` are what `InletApp.start` needs besides the config. */
export interface InletAppOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** Receives the newcomer banner (OBS settings, preview URL, API token); default: the logger. */
  readonly print?: (text: string) => void;
}

/** `InletAddresses` are the ports actually bound (they differ from the config when it says 0). */
export interface InletAddresses {
  readonly ingest: readonly IngestEndpoint[];
  readonly http: number | undefined;
  readonly https: number | undefined;
  readonly caPath: string;
  readonly apiTokens: readonly string[];
}

/**
 * `InletApp` is the composition root: it builds every component from the config, starts them in order
 * (events → health → ingest listeners → HTTP → live events) and stops them in reverse.
 */
export class InletApp {
  readonly logger: Logger;
  readonly config: Config;
  readonly addresses: InletAddresses;
  readonly liveEvents: LiveEventManager;
  readonly runtime: InletRuntime;
  readonly #closers: (() => Promise<void> | void)[];
  #closed = false;

  private constructor(parts: {
    logger: Logger;
    config: Config;
    addresses: InletAddresses;
    liveEvents: LiveEventManager;
    runtime: InletRuntime;
    closers: (() => Promise<void> | void)[];
  }) {
    this.logger = parts.logger;
    this.config = parts.config;
    this.addresses = parts.addresses;
    this.liveEvents = parts.liveEvents;
    this.runtime = parts.runtime;
    this.#closers = parts.closers;
  }

  /** Starts Inlet; rejects (after undoing what it started) when a component cannot start. */
  static async start(options: InletAppOptions): Promise<InletApp> {
    const { logger } = options;
    const closers: (() => Promise<void> | void)[] = [];
    const undo = async (): Promise<void> => {
      for (const close of closers.reverse()) {
        await close();
      }
    };
    try {
      return await InletApp.#build(options, closers);
    } catch (err) {
      logger.error({ err }, 'Inlet could not start');
      await undo();
      throw err;
    }
  }

  static async #build(options: InletAppOptions, closers: (() => Promise<void> | void)[]): Promise<InletApp> {
    const { config, logger } = options;
    await mkdir(config.dataDir, { recursive: true });
    logger.info(
      { dataDir: config.dataDir, configFile: config.configFile },
      `data directory ${config.dataDir}`,
    );

    const tls = await loadTls(config, logger);

    // Events: the durable log first, so nothing published later can be lost.
    const log = new EventLog({
      dataDir: config.dataDir,
      logger: logger.child({ component: 'event-log' }),
      maxAgeMs: config.events.maxAge,
      maxTotalBytes: config.events.maxBytes,
    });
    closers.push(() => log.close());
    const bus = new EventBus({
      topic: mediaServicesTopic({
        subscriptionId: config.account.subscriptionId,
        resourceGroupName: config.account.resourceGroup,
        accountName: config.account.name,
      }),
      log,
      logger: logger.child({ component: 'event-bus' }),
    });
    closers.push(() => bus.close());
    const history = new EventHistory({ bus, logger: logger.child({ component: 'event-history' }) });
    closers.push(() => history.close());
    const websocket = new WebSocketSink({ bus, logger: logger.child({ component: 'events-ws' }) });
    closers.push(() => websocket.close());
    for (const hook of config.events.webhooks) {
      const sink = new WebhookSink({
        subscription: {
          url: hook.url,
          name: hook.name,
          ...(hook.eventTypes === undefined ? {} : { eventTypes: hook.eventTypes }),
          ...(hook.secret === undefined ? {} : { secret: hook.secret }),
          schema: hook.schema,
          validation: hook.validation,
        },
        bus,
        log,
        logger: logger.child({ component: 'webhook', webhook: hook.name }),
        maxEventAgeMs: config.events.webhookMaxEventAge,
      });
      closers.push(() => sink.close());
    }

    const health = new HealthMonitor({
      logger: logger.child({ component: 'health' }),
      observer: healthEventPublisher(bus),
      heartbeatIntervalMs: config.health.heartbeatInterval,
      outOfSyncThresholdMs: config.health.outOfSyncThreshold,
    });
    closers.push(() => health.close());

    const delivery: Late<DeliveryServices> = { current: undefined };
    const running = new LiveEventRegistry();
    const runtime = new InletRuntime({
      liveEvents: running,
      logger: logger.child({ component: 'runtime' }),
      dataDir: config.dataDir,
      bus,
      history,
      health,
      packager: {
        previewWindowMs: config.packager.previewWindow,
        partDurationMs: config.packager.partDuration,
        segmentsOnDisk: config.packager.segmentsOnDisk,
        preview: config.packager.preview,
      },
      fragmentsPerTsSegment: config.streaming.fragmentsPerTsSegment,
      assetDir: (name) => {
        const assets = delivery.current?.assets;
        const asset = assets?.get(name);
        return assets === undefined || asset === undefined
          ? join(config.dataDir, 'assets', name)
          : assets.containerDir(asset);
      },
      ensureAsset: async (name, recorder) => delivery.current?.assets.ensure(name, recorder),
    });
    closers.push(() => runtime.close());

    const ingest = new IngestServer({
      logger: logger.child({ component: 'ingest' }),
      liveEvents: running,
      observer: ingestEventPublisher(bus),
      listeners: [
        ...definedPorts(config.rtmp.ports).map((port, i) => ({
          protocol: 'rtmp' as const,
          role: i === 0 ? ('primary' as const) : ('secondary' as const),
          port,
          host: config.rtmp.host,
        })),
        ...definedPorts(config.rtmps.ports).map((port, i) => ({
          protocol: 'rtmps' as const,
          role: i === 0 ? ('primary' as const) : ('secondary' as const),
          port,
          host: config.rtmps.host,
        })),
      ],
      tls: { cert: tls.cert, key: tls.key },
      maxConnections: config.limits.maxConnections,
      limits: {
        maxMessageSize: config.limits.maxMessageSize,
        handshakeTimeoutMs: config.limits.handshakeTimeout,
        idleTimeoutMs: config.limits.idleTimeout,
      },
      publicHost: config.publicHostname,
    });
    closers.push(() => ingest.close());
    const ingestEndpoints = await ingest.listen();
    closers.push(startPeriodicStats(logger.child({ component: 'stats' }), ingest));

    // HTTP: listens before the live events load, answering 503 for the API until then.
    const api: Late<ArmApi> = { current: undefined };
    const status: Late<RequestHandler> = { current: undefined };
    const locators: Late<LocatorDirectory> = { current: undefined };
    const containers: Late<ContainerAccess> = { current: undefined };
    const startedAt = Date.now();
    const routes = httpRoutes({
      ingest,
      history,
      previews: runtime,
      assets: runtime,
      packagers: createPackagers(),
      status,
      api,
      locators,
      containers,
      httpsPort: () => ports.https ?? config.https.port,
    });
    const http = new HttpService({
      logger: logger.child({ component: 'http' }),
      http: { port: config.http.port, host: config.http.host },
      https: { port: config.https.port, host: config.https.host, cert: tls.httpsCert, key: tls.httpsKey },
      routes,
      upgrades: [
        {
          path: '/events/ws',
          handleUpgrade: (req, socket, head) => websocket.handleUpgrade(req, socket, head),
        },
      ],
    });
    closers.push(() => http.close());
    const ports = await http.listen();

    const services = new DeliveryServices({
      dataDir: config.dataDir,
      logger,
      streaming: config.streaming,
      hosts: { publicHostname: config.publicHostname, httpsPort: ports.https ?? config.https.port },
      location: 'local',
      storageAccountName: config.account.name,
    });
    await services.open();
    services.attachArchives(runtime.archives);
    delivery.current = services;
    closers.push(() => services.close());
    const sas = await ContainerSas.open(config.dataDir, services.assets);

    const portsOf = (protocol: string): number[] =>
      ingestEndpoints.filter((e) => e.protocol === protocol).map((e) => e.port);
    const liveEvents = new LiveEventManager({
      dataDir: config.dataDir,
      logger: logger.child({ component: 'live-events' }),
      runtime,
      endpoints: {
        publicHostname: config.publicHostname,
        rtmpPorts: portsOf('rtmp'),
        rtmpsPorts: portsOf('rtmps'),
        httpsPort: ports.https ?? config.https.port,
      },
      declared: config.liveEvents,
    });
    runtime.attachCatalog(liveEvents.catalog);
    services.assets.setUsage((assetName) => archiveUser(liveEvents, assetName));
    status.current = createStatusHandler(
      dashboardStatus({ catalog: liveEvents.catalog, ingest, history, startedAt }),
    );
    closers.push(() => liveEvents.close());
    await liveEvents.open();
    for (const corrupt of liveEvents.corruptFiles()) {
      logger.error(
        { file: corrupt.file },
        `live event file ${corrupt.file} is corrupt and was not loaded: ${corrupt.reason}; fix or remove it`,
      );
    }
    const createdDefault = config.liveEvents.length === 0 && (await liveEvents.ensureDefaultLiveEvent());

    const apiTokens = await ensureApiToken(config.dataDir, config.api.tokens);
    locators.current = services;
    containers.current = sas;
    api.current = createArmApi({
      liveEvents,
      delivery: services.api(sas),
      apiTokens: apiTokens.tokens,
      logger: logger.child({ component: 'api' }),
      telemetry: historyTelemetry(
        history,
        (name) => liveEvents.catalog.get(name)?.resourceState === 'Running',
      ),
    });
    closers.push(() => api.current?.close());

    const addresses: InletAddresses = {
      ingest: ingestEndpoints,
      http: ports.http,
      https: ports.https,
      caPath: tls.caPath,
      apiTokens: apiTokens.tokens,
    };
    const banner = startupBanner({
      config,
      addresses,
      liveEvents: liveEvents.catalog.list(),
      createdDefault,
      generatedApiToken: apiTokens.generated,
    });
    if (options.print !== undefined) {
      options.print(banner);
    } else {
      logger.info(banner);
    }
    return new InletApp({ logger, config, addresses, liveEvents, runtime, closers });
  }

  /** Stops everything in reverse order: encoders are told to reconnect later. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    for (const close of this.#closers.reverse()) {
      try {
        await close();
      } catch (err) {
        this.logger.error({ err }, 'error while stopping');
      }
    }
    this.logger.info('stopped');
  }
}

/** Who records into an asset: a live output of some live event (asset deletion is refused then). */
function archiveUser(liveEvents: LiveEventManager, assetName: string): string | undefined {
  const key = assetName.toLowerCase();
  for (const e of liveEvents.catalog.list()) {
    const output = e.liveOutputs.find((o) => o.assetName.toLowerCase() === key);
    if (output !== undefined) {
      return `live output '${output.name}' of live event '${e.name}'`;
    }
  }
  return undefined;
}

function definedPorts(ports: readonly (number | undefined)[]): number[] {
  return ports.filter((p): p is number => p !== undefined);
}

interface TlsFiles {
  cert: string;
  key: string;
  httpsCert: string;
  httpsKey: string;
  caPath: string;
}

/** Loads the configured certificates, or makes (once) a private CA and a server certificate. */
async function loadTls(config: Config, logger: Logger): Promise<TlsFiles> {
  const read = (p: string): Promise<string> => readFile(p, 'utf8');
  let generated: Awaited<ReturnType<typeof ensureTlsMaterial>> | undefined;
  const ensure = async (): Promise<Awaited<ReturnType<typeof ensureTlsMaterial>>> => {
    generated ??= await ensureTlsMaterial({
      dir: join(config.dataDir, 'tls'),
      hostnames: [...new Set(['localhost', hostname(), config.publicHostname])],
      ipAddresses: ['127.0.0.1', '::1'],
      logger: logger.child({ component: 'tls' }),
    });
    return generated;
  };
  const rtmps =
    config.rtmps.cert !== undefined && config.rtmps.key !== undefined
      ? { cert: await read(config.rtmps.cert), key: await read(config.rtmps.key) }
      : await ensure();
  const https =
    config.https.cert !== undefined && config.https.key !== undefined
      ? { cert: await read(config.https.cert), key: await read(config.https.key) }
      : rtmps;
  const caPath = generated?.caPath ?? config.rtmps.cert ?? '';
  if (generated !== undefined) {
    logger.info(
      { ca: generated.caPath },
      `TLS: clients must trust ${generated.caPath} (e.g. NODE_EXTRA_CA_CERTS=${generated.caPath}, ffmpeg -tls_verify 0 or -ca_file)`,
    );
  }
  return { cert: rtmps.cert, key: rtmps.key, httpsCert: https.cert, httpsKey: https.key, caPath };
}
