import { mkdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { ensureTlsMaterial } from '../lib/tls/private-ca.js';
import type { IngestEndpoint } from '../live/publisher.js';
import type { LiveEventManager } from '../live-events/live-event-manager.js';
import { openDelivery } from './open-delivery.js';
import { openLiveEvents } from './open-live-events.js';
import { startApi } from './start-api.js';
import type { Closer, StartContext } from './start-context.js';
import { startEvents } from './start-events.js';
import { startHttp } from './start-http.js';
import { startIngest } from './start-ingest.js';
import { startRuntime, type MediaRuntime } from './start-runtime.js';
import { startupBanner } from './startup-banner.js';
import type { WorkerPool } from './workers/worker-pool.js';

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
  readonly runtime: MediaRuntime;
  /** The media worker processes, when `workers` > 0. */
  readonly workers: WorkerPool | undefined;
  readonly #closers: Closer[];
  #closed = false;

  private constructor(parts: {
    logger: Logger;
    config: Config;
    addresses: InletAddresses;
    liveEvents: LiveEventManager;
    runtime: MediaRuntime;
    workers: WorkerPool | undefined;
    closers: Closer[];
  }) {
    this.logger = parts.logger;
    this.config = parts.config;
    this.addresses = parts.addresses;
    this.liveEvents = parts.liveEvents;
    this.runtime = parts.runtime;
    this.workers = parts.workers;
    this.#closers = parts.closers;
  }

  /** Starts Inlet; rejects (after undoing what it started) when a component cannot start. */
  static async start(options: InletAppOptions): Promise<InletApp> {
    const { logger } = options;
    const closers: Closer[] = [];
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

  static async #build(options: InletAppOptions, closers: Closer[]): Promise<InletApp> {
    const { config, logger } = options;
    await mkdir(config.dataDir, { recursive: true });
    logger.info(
      { dataDir: config.dataDir, configFile: config.configFile },
      `data directory ${config.dataDir}`,
    );
    const tls = await loadTls(config, logger);
    const start: StartContext = { config, logger, closers };

    // Events first (the durable log before anything can publish), then the media runtime and ingest.
    const events = startEvents(start);
    const live = await startRuntime(start, events);
    const ingest = await startIngest(start, { live, bus: events.bus, tls });
    // HTTP: listens before the live events load, answering 503 for the API until then.
    const http = await startHttp(start, { ingest, events, live, tls });
    const delivery = await openDelivery(start, { live, httpsPort: http.httpsPort });
    const opened = await openLiveEvents(start, { live, delivery, ingest, events, http });
    const { liveEvents } = opened;
    const apiTokens = await startApi(start, { liveEvents, delivery, events, http });

    const addresses: InletAddresses = {
      ingest: ingest.endpoints,
      http: http.ports.http,
      https: http.ports.https,
      caPath: tls.caPath,
      apiTokens: apiTokens.tokens,
    };
    const banner = startupBanner({
      config,
      addresses,
      liveEvents: liveEvents.catalog.list(),
      createdDefault: opened.createdDefault,
      generatedApiToken: apiTokens.generated,
    });
    if (options.print !== undefined) {
      options.print(banner);
    } else {
      logger.info(banner);
    }
    return new InletApp({
      logger,
      config,
      addresses,
      liveEvents,
      runtime: live.runtime,
      workers: live.workers?.pool,
      closers,
    });
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
