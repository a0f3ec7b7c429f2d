import type { HealthConfig } from '../config.js';
import { field } from '../config-field.js';
import type { ConfigSources } from '../config-sources.js';
import { durationValue } from '../values/duration-value.js';

/** More than ten heartbeats per second per track would flood every sink. */
const MIN_HEARTBEAT_MS = 100;
const HOUR_MS = 3_600_000;

const heartbeatInterval = field({
  key: 'health.heartbeatInterval',
  env: 'INLET_HEARTBEAT_INTERVAL',
  default: '20s',
  description: 'Interval of LiveEventIngestHeartbeat events per track (Azure: 20 s; shorter in tests).',
  parse: durationValue({ min: MIN_HEARTBEAT_MS, max: HOUR_MS }),
  fallback: () => 20_000,
});

const outOfSyncThreshold = field({
  key: 'health.outOfSyncThreshold',
  env: 'INLET_OUT_OF_SYNC_THRESHOLD',
  default: '2s',
  description: 'Timestamp distance between tracks above which IncomingStreamsOutOfSync events are raised.',
  parse: durationValue({ min: 1, max: HOUR_MS }),
  fallback: () => 2000,
});

/** `healthFields` are the `health.*` keys. */
export const healthFields = [heartbeatInterval, outOfSyncThreshold] as const;

/** `readHealth` reads the `health` section. */
export function readHealth(sources: ConfigSources): HealthConfig {
  return {
    heartbeatInterval: sources.read(heartbeatInterval),
    outOfSyncThreshold: sources.read(outOfSyncThreshold),
  };
}
