import { closeSync, ftruncateSync, openSync, readSync, statSync } from 'node:fs';
import type { Logger } from 'pino';
import type { EventLogFile } from './event-log-files.js';
import { decodeLoggedEvent } from './logged-event.js';

/** Start-up reads this much of the last file's tail to find its last seq: far more than one record. */
const tailBytes = 1024 * 1024;

/** `RecoveredTail` is where appending to the newest log file continues. */
export interface RecoveredTail {
  /** Seq of its last complete record, or `firstSeq - 1` when it has none. */
  readonly lastSeq: number;
  /** Its size after cutting off a torn last line. */
  readonly bytes: number;
}

/**
 * `recoverEventLogTail` prepares the newest log file for appending after a restart: a last line without its
 * newline (a crash while writing) is cut off with a warning, so the next record starts on a fresh line, and
 * the seq of the last complete record is returned.
 */
export function recoverEventLogTail(file: EventLogFile, logger: Logger): RecoveredTail {
  const size = statSync(file.path).size;
  const length = Math.min(size, tailBytes);
  const tail = Buffer.alloc(length);
  const fd = openSync(file.path, 'r+');
  try {
    readSync(fd, tail, 0, length, size - length);
    const end = tail.lastIndexOf(0x0a) + 1;
    const bytes = size - length + end;
    if (end < length) {
      logger.warn(
        { file: file.path, offset: bytes, bytes: size - bytes },
        'event log: cut off a torn last line (a crash while writing); the events before it are intact',
      );
      ftruncateSync(fd, bytes);
    }
    const lines = tail.toString('utf8', 0, end).split('\n');
    for (let i = lines.length - 1; i >= 0; i -= 1) {
      const entry = decodeLoggedEvent(lines[i] ?? '');
      if (entry !== undefined) {
        return { lastSeq: entry.seq, bytes };
      }
    }
    return { lastSeq: file.firstSeq - 1, bytes };
  } finally {
    closeSync(fd);
  }
}
