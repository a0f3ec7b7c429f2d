import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { InletApp } from '../../src/app/inlet-app.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { MediaEvent } from '../../src/events/media-event.js';
import { TEST_ENV } from './test-env.js';

/** `InletHarnessOptions` configures an Inlet started inside a test process. */
export interface InletHarnessOptions {
  /** Reuse a data directory (restart tests); default a new temp dir. */
  readonly dataDir?: string;
  /** Extra environment (INLET_*) on top of the test defaults. */
  readonly env?: Record<string, string>;
  /** A config file body (JSON), written to the data dir and passed with --config. */
  readonly configFile?: unknown;
}

/** `InletHarness` is a running Inlet on ephemeral ports with helpers to reach it. */
export interface InletHarness {
  readonly app: InletApp;
  readonly dataDir: string;
  /** The CA clients must trust for RTMPS/HTTPS. */
  readonly ca: string;
  readonly apiToken: string;
  readonly httpPort: number;
  readonly httpsPort: number;
  /** Port of an ingest endpoint, e.g. `rtmp-primary`. */
  port(endpointId: string): number;
  /** `rtmp://127.0.0.1:<port>/live/<token>` of a live event on an endpoint. */
  ingestUrl(liveEventName: string, endpointId?: string): string;
  /** `http://127.0.0.1:<port><path>`. */
  http(path: string): string;
  /** Every event in the durable log (NDJSON), oldest first. */
  loggedEvents(): MediaEvent[];
  /** Waits until `predicate` holds (polling every 50 ms) or throws after `timeoutMs`. */
  until(predicate: () => boolean | Promise<boolean>, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

/** `startInlet` starts a whole Inlet (every listener, API, events) in this process. */
export async function startInlet(options: InletHarnessOptions = {}): Promise<InletHarness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'inlet-e2e-'));
  const argv: string[] = [];
  if (options.configFile !== undefined) {
    const file = join(dataDir, 'inlet-test-config.json');
    writeFileSync(file, JSON.stringify(options.configFile));
    argv.push('--config', file);
  }
  const config = loadConfig({
    argv,
    env: { ...TEST_ENV, INLET_DATA_DIR: dataDir, ...options.env },
    cwd: dataDir,
  });
  const logger = pino({ level: process.env['INLET_TEST_LOG'] ?? 'silent' });
  const app = await InletApp.start({ config, logger, print: () => undefined });
  const a = app.addresses;
  const harness: InletHarness = {
    app,
    dataDir,
    ca: readFileSync(a.caPath, 'utf8'),
    apiToken: a.apiTokens[0] ?? '',
    httpPort: a.http ?? 0,
    httpsPort: a.https ?? 0,
    port(endpointId) {
      const e = a.ingest.find((x) => x.id === endpointId);
      if (e === undefined) {
        throw new Error(`no ingest endpoint ${endpointId}`);
      }
      return e.port;
    },
    ingestUrl(liveEventName, endpointId = 'rtmp-primary') {
      const snapshot = app.liveEvents.catalog.get(liveEventName);
      if (snapshot === undefined) {
        throw new Error(`no live event ${liveEventName}`);
      }
      const e = a.ingest.find((x) => x.id === endpointId);
      return `${e?.protocol ?? 'rtmp'}://127.0.0.1:${harness.port(endpointId)}/live/${snapshot.accessToken}`;
    },
    http(path) {
      return `http://127.0.0.1:${harness.httpPort}${path}`;
    },
    loggedEvents() {
      const dir = join(dataDir, 'events');
      const out: MediaEvent[] = [];
      for (const f of readdirSync(dir)
        .filter((n) => n.endsWith('.ndjson'))
        .sort()) {
        for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
          if (line.trim() === '') {
            continue;
          }
          const parsed = JSON.parse(line) as { event?: MediaEvent } & MediaEvent;
          out.push(parsed.event ?? parsed);
        }
      }
      return out;
    },
    async until(predicate, timeoutMs = 20_000, what = 'condition') {
      const end = Date.now() + timeoutMs;
      while (!(await predicate())) {
        if (Date.now() > end) {
          throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => app.close(),
  };
  return harness;
}
