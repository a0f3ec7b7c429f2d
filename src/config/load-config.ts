import { availableParallelism, hostname as osHostname } from 'node:os';
import type { Config } from './config.js';
import { ConfigError } from './config-error.js';
import { locateConfigFile, readConfigFile } from './config-file.js';
import type { FieldContext } from './config-field.js';
import { CONFIG_ENV_FILE, CONFIG_FIELDS } from './config-schema.js';
import { ConfigSources, type EnvironmentVariables } from './config-sources.js';
import { checkPortConflicts } from './port-conflicts.js';
import { readAccount } from './sections/account.js';
import { readApi } from './sections/api.js';
import { readEvents } from './sections/events.js';
import { readGeneral } from './sections/general.js';
import { readHealth } from './sections/health.js';
import { readHttp, readHttps } from './sections/http.js';
import { readLimits } from './sections/limits.js';
import { readLiveEvents } from './sections/live-events.js';
import { readLog } from './sections/log.js';
import { readPackager } from './sections/packager.js';
import { readStreaming } from './sections/streaming.js';
import { readRtmp, readRtmps } from './sections/rtmp.js';
import { findMistypedEnv, findUnknownKeys } from './unknown-keys.js';

/** `LoadConfigOptions` are the process inputs configuration is read from. */
export interface LoadConfigOptions {
  /** Command-line arguments after the script (`process.argv.slice(2)`); only `--config` is read. */
  readonly argv: readonly string[];
  /** Environment variables (`process.env`). */
  readonly env: EnvironmentVariables;
  /** Directory relative paths are resolved against (`process.cwd()`). */
  readonly cwd: string;
  /** Default of `publicHostname`; `os.hostname()` when not given. */
  readonly hostname?: string;
  /** Default of `log.pretty`; `process.stdout.isTTY` when not given. */
  readonly stdoutIsTty?: boolean;
  /** Default of `workers`; `os.availableParallelism()` when not given. */
  readonly cores?: number;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}

/**
 * `loadConfig` builds the {@link Config}: defaults, overridden by the JSON config file (`--config FILE`
 * or `INLET_CONFIG`), overridden by `INLET_*` environment variables. Every value is validated; unknown
 * keys in the file and mistyped `INLET_*` variables are refused with a "did you mean" hint. Throws
 * {@link ConfigError} listing every problem found.
 */
export function loadConfig(options: LoadConfigOptions): Config {
  const context: FieldContext = {
    cwd: options.cwd,
    hostname: options.hostname ?? osHostname(),
    stdoutIsTty: options.stdoutIsTty ?? process.stdout.isTTY === true,
    cores: options.cores ?? availableParallelism(),
  };
  const location = locateConfigFile(options.argv, options.env, options.cwd);
  const file = location === undefined ? undefined : readConfigFile(location);
  const sources = new ConfigSources({ file, env: options.env, context });
  if (file !== undefined) {
    for (const problem of findUnknownKeys(
      file.data,
      CONFIG_FIELDS.map((f) => f.key),
    )) {
      sources.add(`config file ${file.path}: ${problem}`);
    }
  }
  const knownEnv = [CONFIG_ENV_FILE, ...CONFIG_FIELDS.flatMap((f) => (f.env === undefined ? [] : [f.env]))];
  for (const problem of findMistypedEnv(options.env, knownEnv)) {
    sources.add(problem);
  }

  const general = readGeneral(sources);
  const rtmp = readRtmp(sources);
  const rtmps = readRtmps(sources);
  const http = readHttp(sources);
  const https = readHttps(sources, rtmps);
  const config: Config = {
    configFile: file?.path,
    ...general,
    account: readAccount(sources),
    rtmp,
    rtmps,
    http,
    https,
    limits: readLimits(sources),
    health: readHealth(sources),
    events: readEvents(sources),
    packager: readPackager(sources),
    streaming: readStreaming(sources),
    api: readApi(sources),
    log: readLog(sources),
    liveEvents: readLiveEvents(sources),
  };
  checkPortConflicts(sources, [
    { key: 'rtmp.ports', ports: rtmp.ports, list: true },
    { key: 'rtmps.ports', ports: rtmps.ports, list: true },
    { key: 'http.port', ports: [http.port], list: false },
    { key: 'https.port', ports: [https.port], list: false },
  ]);
  if (sources.problems.length > 0) {
    throw new ConfigError(sources.problems);
  }
  return deepFreeze(config);
}
