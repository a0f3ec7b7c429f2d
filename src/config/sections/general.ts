import { resolve } from 'node:path';
import { field } from '../config-field.js';
import type { ConfigSources } from '../config-sources.js';
import { directoryPathValue } from '../values/path-value.js';
import { hostValue } from '../values/host-values.js';
import { integerValue } from '../values/scalar-values.js';

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

const workers = field({
  key: 'workers',
  env: 'INLET_WORKERS',
  default: 'the core count (0 on a one-core machine)',
  description:
    'Media worker processes. 0 runs every live event in the main process; N >= 1 spreads running live ' +
    'events over N child processes (one owner per live event): the main process keeps the API, events, ' +
    "admission and the ingest ports and hands each encoder connection to its live event's worker. " +
    'The default uses every core; with one core a worker would only add a hop, so it is 0 there.',
  parse: integerValue({ min: 0, max: 64 }),
  // One worker beside the main process on one core only adds a hop; 64 is the most `parse` accepts.
  fallback: (c) => (c.cores >= 2 ? Math.min(c.cores, 64) : 0),
});

/** `generalFields` are the top-level keys. */
export const generalFields = [dataDir, publicHostname, workers] as const;

/** `readGeneral` reads the top-level keys. */
export function readGeneral(sources: ConfigSources): {
  dataDir: string;
  publicHostname: string;
  workers: number;
} {
  return {
    dataDir: sources.read(dataDir),
    publicHostname: sources.read(publicHostname),
    workers: sources.read(workers),
  };
}
