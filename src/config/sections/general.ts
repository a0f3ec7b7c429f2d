import { resolve } from 'node:path';
import { field } from '../config-field.js';
import type { ConfigSources } from '../config-sources.js';
import { directoryPathValue } from '../values/path-value.js';
import { hostValue } from '../values/host-values.js';

const dataDir = field({
  key: 'dataDir',
  env: 'INLET_DATA_DIR',
  default: './data',
  description:
    'Directory for live event definitions, segments, archives, the event log and generated TLS files; ' +
    'relative paths are resolved against the working directory.',
  parse: directoryPathValue,
  fallback: (c) => resolve(c.cwd, 'data'),
});

const publicHostname = field({
  key: 'publicHostname',
  env: 'INLET_PUBLIC_HOSTNAME',
  default: 'the machine host name',
  description:
    'Host name (or IP address) used in ingest and preview URLs and in the generated TLS certificate.',
  parse: hostValue,
  fallback: (c) => c.hostname,
});

/** `generalFields` are the top-level keys. */
export const generalFields = [dataDir, publicHostname] as const;

/** `readGeneral` reads the top-level keys. */
export function readGeneral(sources: ConfigSources): { dataDir: string; publicHostname: string } {
  return { dataDir: sources.read(dataDir), publicHostname: sources.read(publicHostname) };
}
