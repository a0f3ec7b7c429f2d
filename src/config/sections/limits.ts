import type { LimitsConfig } from '../config.js';
import { field } from '../config-field.js';
import type { ConfigSources } from '../config-sources.js';
import { byteSizeValue } from '../values/byte-size.js';
import { durationValue } from '../values/duration-value.js';
import { integerValue } from '../values/scalar-values.js';

/** Timeouts are capped at a day: anything longer is a mistake in units. */
const DAY_MS = 86_400_000;
/** RTMP message lengths are 24-bit (RTMP 1.0 §5.3.1.2.1), so no message can exceed 16 MiB - 1. */
const MAX_RTMP_MESSAGE = 0xffffff;
/** Below 1 KiB even stream metadata and codec sequence headers would be refused. */
const MIN_MESSAGE_SIZE = 1024;

const maxConnections = field({
  key: 'limits.maxConnections',
  env: 'INLET_MAX_CONNECTIONS',
  default: '1000',
  description: 'Most RTMP/RTMPS connections open at once; more are refused.',
  parse: integerValue({ min: 1, max: 1_000_000 }),
  fallback: () => 1000,
});

const maxMessageSize = field({
  key: 'limits.maxMessageSize',
  env: 'INLET_MAX_MESSAGE_SIZE',
  default: '8MiB',
  description:
    'Largest RTMP message (one video frame) accepted; larger ones close the connection. Bytes or 8MiB-style.',
  parse: byteSizeValue({ min: MIN_MESSAGE_SIZE, max: MAX_RTMP_MESSAGE, range: '1KiB..16MiB-1' }),
  fallback: () => 8 * 1024 * 1024,
});

const handshakeTimeout = field({
  key: 'limits.handshakeTimeout',
  env: 'INLET_HANDSHAKE_TIMEOUT',
  default: '10s',
  description: 'Time a new connection has to finish the RTMP (and TLS) handshake and publish.',
  parse: durationValue({ min: 1, max: DAY_MS }),
  fallback: () => 10_000,
});

const idleTimeout = field({
  key: 'limits.idleTimeout',
  env: 'INLET_IDLE_TIMEOUT',
  default: '30s',
  description:
    'A publishing connection that sends nothing for this long is closed (MPE_RTMP_SESSION_IDLE_TIMEOUT).',
  parse: durationValue({ min: 1, max: DAY_MS }),
  fallback: () => 30_000,
});

/** `limitsFields` are the `limits.*` keys. */
export const limitsFields = [maxConnections, maxMessageSize, handshakeTimeout, idleTimeout] as const;

/** `readLimits` reads the `limits` section. */
export function readLimits(sources: ConfigSources): LimitsConfig {
  return {
    maxConnections: sources.read(maxConnections),
    maxMessageSize: sources.read(maxMessageSize),
    handshakeTimeout: sources.read(handshakeTimeout),
    idleTimeout: sources.read(idleTimeout),
  };
}
