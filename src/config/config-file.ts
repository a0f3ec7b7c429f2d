import { resolve } from 'node:path';
import { readJsonFileSync } from '../lib/fs/atomic-write.js';
import { CorruptFileError } from '../lib/fs/corrupt-file-error.js';
import { ConfigError } from './config-error.js';
import { CONFIG_ENV_FILE } from './config-schema.js';
import { isPlainObject, type ConfigFileData, type EnvironmentVariables } from './config-sources.js';

/** `CONFIG_FLAG` is the command-line option naming the config file. */
export const CONFIG_FLAG = '--config';

/** `ConfigFileLocation` is the config file to read and what named it (`--config`, `INLET_CONFIG`). */
export interface ConfigFileLocation {
  readonly path: string;
  readonly from: string;
}

/**
 * `locateConfigFile` finds the config file: `--config FILE` or `--config=FILE` on the command line,
 * else the `INLET_CONFIG` environment variable, else none. Paths are resolved against `cwd`. Other
 * arguments are ignored. Throws {@link ConfigError} for a `--config` without a file or given twice.
 */
export function locateConfigFile(
  argv: readonly string[],
  env: EnvironmentVariables,
  cwd: string,
): ConfigFileLocation | undefined {
  const given: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === CONFIG_FLAG) {
      const next = argv[i + 1];
      if (next === undefined || next === '' || next.startsWith('--')) {
        throw new ConfigError([`command line: ${CONFIG_FLAG} needs a file name (${CONFIG_FLAG} FILE)`]);
      }
      given.push(next);
      i += 1;
    } else if (arg.startsWith(`${CONFIG_FLAG}=`)) {
      const value = arg.slice(CONFIG_FLAG.length + 1);
      if (value === '') {
        throw new ConfigError([`command line: ${CONFIG_FLAG}= needs a file name (${CONFIG_FLAG}=FILE)`]);
      }
      given.push(value);
    }
  }
  if (given.length > 1) {
    throw new ConfigError([
      `command line: ${CONFIG_FLAG} given ${given.length} times (${given.join(', ')}); give one file`,
    ]);
  }
  const [fromArgv] = given;
  if (fromArgv !== undefined) {
    return { path: resolve(cwd, fromArgv), from: CONFIG_FLAG };
  }
  const fromEnv = env[CONFIG_ENV_FILE];
  return fromEnv === undefined || fromEnv === ''
    ? undefined
    : { path: resolve(cwd, fromEnv), from: CONFIG_ENV_FILE };
}

/**
 * `readConfigFile` reads and parses the config file. A missing, unreadable or non-JSON file, or one
 * whose top level is not an object, throws {@link ConfigError}: nothing else can be checked then.
 */
export function readConfigFile(location: ConfigFileLocation): ConfigFileData {
  const where = `config file ${location.path} (from ${location.from})`;
  let data: unknown;
  try {
    data = readJsonFileSync(location.path);
  } catch (error) {
    if (error instanceof CorruptFileError) {
      const at = error.line === undefined ? '' : ` at line ${error.line} column ${error.column ?? 0}`;
      throw new ConfigError([`${where}${at}: ${error.reason}`]);
    }
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`;
    throw new ConfigError([`${where}: ${why}`]);
  }
  if (!isPlainObject(data)) {
    throw new ConfigError([`${where}: expected a JSON object at the top level`]);
  }
  return { path: location.path, data };
}
