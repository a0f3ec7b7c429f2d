import pino, { type Logger } from 'pino';
import type { LogConfig } from '../config/config.js';

/**
 * `createLogger` makes the root logger: JSON lines (one object per line, for log shippers), or
 * human-readable lines through `pino-pretty` when `log.pretty` is on (default on a terminal).
 * Components get child loggers that carry their context (live event, connection, endpoint).
 */
export function createLogger(config: LogConfig): Logger {
  const base = { level: config.level, base: { service: 'inlet' } };
  if (config.pretty) {
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' },
      },
    });
  }
  return pino(base);
}
