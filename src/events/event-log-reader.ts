import { open } from 'node:fs/promises';
import type { Logger } from 'pino';
import { decodeLoggedEvent, peekSeq, type LoggedEvent } from './logged-event.js';

/** Read size: 64 KiB holds about a hundred events and keeps a reader's memory small. */
const chunkBytes = 64 * 1024;
const newline = 0x0a;

/** `EventLogFileReadOptions` says which file to read, from which seq, and how to report bad lines. */
export interface EventLogFileReadOptions {
  readonly path: string;
  /** Yield only events with a greater seq. */
  readonly afterSeq: number;
  /** True for the file being appended to: a line without its newline is still being written, not torn. */
  readonly active: boolean;
  readonly logger: Logger;
  /** Called once per bad line with its byte offset; returns false when it was reported before. */
  readonly reportOnce: (path: string, offset: number) => boolean;
}

/**
 * `readEventLogFile` yields the complete, valid records of one NDJSON log file with `seq > afterSeq`, in
 * file order. Lines that do not parse (a torn last line after a crash, damaged bytes) are skipped with a
 * warning; a missing file (pruned meanwhile) yields nothing. It never throws for bad content.
 */
export async function* readEventLogFile(options: EventLogFileReadOptions): AsyncGenerator<LoggedEvent> {
  let handle;
  try {
    handle = await open(options.path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return;
    }
    throw error;
  }
  try {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    let pending = Buffer.alloc(0);
    let pendingOffset = 0;
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position);
      if (bytesRead === 0) {
        break;
      }
      position += bytesRead;
      const data =
        pending.length === 0
          ? buffer.subarray(0, bytesRead)
          : Buffer.concat([pending, buffer.subarray(0, bytesRead)]);
      let start = 0;
      for (let end = data.indexOf(newline, start); end >= 0; end = data.indexOf(newline, start)) {
        const entry = decodeLine(data.toString('utf8', start, end), pendingOffset + start, options);
        start = end + 1;
        if (entry !== undefined) {
          yield entry;
        }
      }
      pendingOffset += start;
      // Copy: `buffer` is reused by the next read.
      pending = Buffer.from(data.subarray(start));
    }
    if (pending.length > 0 && !options.active && options.reportOnce(options.path, pendingOffset)) {
      options.logger.warn(
        { file: options.path, offset: pendingOffset, bytes: pending.length },
        'event log: skipped a torn last line (a crash while writing); the events before it are intact',
      );
    }
  } finally {
    await handle.close();
  }
}

function decodeLine(line: string, offset: number, options: EventLogFileReadOptions): LoggedEvent | undefined {
  const seq = peekSeq(line);
  if (seq !== undefined && seq <= options.afterSeq) {
    return undefined;
  }
  const entry = decodeLoggedEvent(line);
  if (entry === undefined) {
    if (line.length > 0 && options.reportOnce(options.path, offset)) {
      options.logger.warn(
        { file: options.path, offset, bytes: Buffer.byteLength(line) },
        'event log: skipped a line that is not a valid event record',
      );
    }
    return undefined;
  }
  return entry.seq > options.afterSeq ? entry : undefined;
}
