import type {
  AccountConfig,
  Config,
  HealthConfig,
  LimitsConfig,
  LogConfig,
  PackagerConfig,
} from '../../config/config.js';

/**
 * `WorkerSettings` is the part of the configuration a media worker runs with: plain data, sent in the
 * worker's `init` message, so a worker runs with exactly the main process's configuration (however it
 * was loaded: file, environment or a test's object).
 */
export interface WorkerSettings {
  /** 0-based worker number, in logs and socket names. */
  readonly index: number;
  readonly dataDir: string;
  readonly publicHostname: string;
  readonly account: AccountConfig;
  readonly limits: LimitsConfig;
  readonly health: HealthConfig;
  readonly packager: PackagerConfig;
  readonly fragmentsPerTsSegment: number;
  readonly log: LogConfig;
  /** The UNIX socket the worker accepts relayed (TLS-terminated) RTMPS connections on. */
  readonly relayPath: string;
}

/** `workerSettings` takes worker `index`'s settings from the main process's configuration. */
export function workerSettings(config: Config, index: number, relayPath: string): WorkerSettings {
  return {
    index,
    dataDir: config.dataDir,
    publicHostname: config.publicHostname,
    account: { ...config.account },
    limits: { ...config.limits },
    health: { ...config.health },
    packager: { ...config.packager },
    fragmentsPerTsSegment: config.streaming.fragmentsPerTsSegment,
    log: { ...config.log },
    relayPath,
  };
}
