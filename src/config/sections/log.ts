import type { LogConfig, LogLevel } from '../config.js';
import { field } from '../config-field.js';
import type { ConfigSources } from '../config-sources.js';
import { booleanValue, enumValue } from '../values/scalar-values.js';

/** pino's levels, most severe first, plus `silent`. */
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const level = field({
  key: 'log.level',
  env: 'INLET_LOG_LEVEL',
  default: 'info',
  description: `Log level: ${LOG_LEVELS.join(', ')}.`,
  parse: enumValue(LOG_LEVELS),
  fallback: (): LogLevel => 'info',
});

const pretty = field({
  key: 'log.pretty',
  env: 'INLET_LOG_PRETTY',
  default: 'true when stdout is a terminal',
  description: 'Human-readable log lines instead of JSON.',
  parse: booleanValue,
  fallback: (c) => c.stdoutIsTty,
});

/** `logFields` are the `log.*` keys. */
export const logFields = [level, pretty] as const;

/** `readLog` reads the `log` section. */
export function readLog(sources: ConfigSources): LogConfig {
  return { level: sources.read(level), pretty: sources.read(pretty) };
}
