import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { option, type CliArgs } from './cli-args.js';
import { CliError, EXIT_USAGE } from './cli-error.js';

/** `CliConnection` is where and how the CLI reaches the API. */
export interface CliConnection {
  /** Base URL, e.g. `https://localhost:8443`. */
  readonly url: string;
  readonly token: string | undefined;
  /** PEM of the CA to trust; `undefined` = the system's trust store. */
  readonly ca: string | undefined;
  /** Where the token came from, for error messages. */
  readonly tokenSource: string;
}

const DEFAULT_URL = 'https://localhost:8443';

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`,
      EXIT_USAGE,
    );
  }
}

/**
 * `resolveConnection` picks URL, token and CA: `--url` / `INLET_URL` / https://localhost:8443;
 * `--token` / `INLET_API_TOKEN` / `<dataDir>/api-token`; `--ca` / `<dataDir>/tls/ca.pem`, where the data
 * directory is `--data-dir` / `INLET_DATA_DIR` / `./data` (a server on this machine).
 */
export function resolveConnection(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): CliConnection {
  const url = (option(args, 'url') ?? env['INLET_URL'] ?? DEFAULT_URL).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(url)) {
    throw new CliError(`--url must start with https:// (got ${url})`, EXIT_USAGE);
  }
  const dataDir = resolve(cwd, option(args, 'data-dir') ?? env['INLET_DATA_DIR'] ?? 'data');
  const tokenFile = join(dataDir, 'api-token');
  let token = option(args, 'token') ?? env['INLET_API_TOKEN'];
  let tokenSource = option(args, 'token') !== undefined ? '--token' : 'INLET_API_TOKEN';
  if (token === undefined && existsSync(tokenFile)) {
    token = readText(tokenFile, 'the API token file').trim();
    tokenSource = tokenFile;
  }
  const caOption = option(args, 'ca');
  const caFile = caOption ?? join(dataDir, 'tls', 'ca.pem');
  const ca =
    caOption !== undefined || existsSync(caFile) ? readText(caFile, 'the CA certificate') : undefined;
  return { url, token, ca, tokenSource: token === undefined ? 'none' : tokenSource };
}
