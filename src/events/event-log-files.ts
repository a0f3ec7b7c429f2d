import { readdirSync } from 'node:fs';
import path from 'node:path';

/** `EventLogFile` is one NDJSON file of the event log; it holds the events from `firstSeq` on. */
export interface EventLogFile {
  readonly path: string;
  readonly firstSeq: number;
}

/** Seq digits in file names: 16 decimal digits cover every safe integer up to 2^53 and sort by name. */
const seqDigits = 16;
const fileNamePattern = /^events-(\d{8}T\d{6}Z)-(\d{16})\.ndjson$/;

/**
 * `eventLogFileName` is the name of a log file whose first event is `firstSeq`, opened at `epochMs`:
 * `events-<yyyymmddThhmmssZ>-<firstSeq, 16 digits>.ndjson`.
 */
export function eventLogFileName(firstSeq: number, epochMs: number): string {
  const stamp = new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `events-${stamp}-${String(firstSeq).padStart(seqDigits, '0')}.ndjson`;
}

/** `listEventLogFiles` lists the log files in `dir`, oldest (lowest `firstSeq`) first; other files are ignored. */
export function listEventLogFiles(dir: string): EventLogFile[] {
  const files: EventLogFile[] = [];
  for (const name of readdirSync(dir)) {
    const match = fileNamePattern.exec(name);
    if (match?.[2] !== undefined) {
      files.push({ path: path.join(dir, name), firstSeq: Number(match[2]) });
    }
  }
  return files.sort((a, b) => a.firstSeq - b.firstSeq || a.path.localeCompare(b.path));
}
