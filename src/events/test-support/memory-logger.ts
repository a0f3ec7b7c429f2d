import { pino, type Logger } from 'pino';

/** `LogRecord` is one parsed pino line. */
export interface LogRecord {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** `createMemoryLogger` is a pino logger that keeps its records in memory, so tests can assert what was logged. */
export function createMemoryLogger(): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const logger = pino(
    { level: 'debug' },
    {
      write(line: string): void {
        records.push(JSON.parse(line) as LogRecord);
      },
    },
  );
  return { logger, records };
}

/** pino's numeric level of `warn`. */
export const warnLevel = 40;
