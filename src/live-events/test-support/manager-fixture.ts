import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { DeclaredLiveEvent } from '../declared-live-event.js';
import type { LiveEventEndpointOptions } from '../live-event-endpoints.js';
import { LiveEventManager, type LiveEventManagerOptions } from '../live-event-manager.js';
import { RecordingRuntime } from './recording-runtime.js';

/** `TEST_ENDPOINTS` are the endpoint options the tests build URLs from. */
export const TEST_ENDPOINTS: LiveEventEndpointOptions = {
  publicHostname: 'ingest.example.test',
  rtmpPorts: [1935, 1936],
  rtmpsPorts: [2935, 2936],
  httpsPort: 8443,
};

/** `tempDataDir` makes a fresh data directory. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'inlet-live-events-'));
}

/** `ManagerFixture` is an opened manager over a temp data dir with a recording runtime. */
export interface ManagerFixture {
  readonly manager: LiveEventManager;
  readonly runtime: RecordingRuntime;
  readonly dataDir: string;
}

/** `openManager` builds and opens a manager (optionally over an existing data dir). */
export async function openManager(
  options: {
    dataDir?: string;
    runtime?: RecordingRuntime;
    declared?: readonly DeclaredLiveEvent[];
    extra?: Partial<LiveEventManagerOptions>;
  } = {},
): Promise<ManagerFixture> {
  const dataDir = options.dataDir ?? tempDataDir();
  const runtime = options.runtime ?? new RecordingRuntime();
  const manager = new LiveEventManager({
    dataDir,
    logger: pino({ level: 'silent' }),
    runtime,
    endpoints: TEST_ENDPOINTS,
    declared: options.declared ?? [],
    ...options.extra,
  });
  await manager.open();
  return { manager, runtime, dataDir };
}
