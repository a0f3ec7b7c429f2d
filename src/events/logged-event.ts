import type { MediaEvent } from './media-event.js';

/**
 * `LoggedEvent` is a `MediaEvent` with its position in the event log: `seq` increases by one per published
 * event, survives restarts and is what delivery cursors count in.
 */
export interface LoggedEvent {
  readonly seq: number;
  readonly event: MediaEvent;
}

/** `encodeLoggedEvent` writes one NDJSON line of the event log, `seq` first so readers can skip cheaply. */
export function encodeLoggedEvent(entry: LoggedEvent): string {
  return `{"seq":${entry.seq},"event":${JSON.stringify(entry.event)}}\n`;
}

const seqPrefix = '{"seq":';

/**
 * `peekSeq` reads the `seq` of an encoded line without parsing the whole line, or returns undefined when
 * the line does not start the way `encodeLoggedEvent` writes it.
 */
export function peekSeq(line: string): number | undefined {
  if (!line.startsWith(seqPrefix)) {
    return undefined;
  }
  const end = line.indexOf(',', seqPrefix.length);
  if (end < 0) {
    return undefined;
  }
  const seq = Number(line.slice(seqPrefix.length, end));
  return Number.isSafeInteger(seq) && seq > 0 ? seq : undefined;
}

/** `decodeLoggedEvent` parses one log line, or returns undefined when it is not a complete log record. */
export function decodeLoggedEvent(line: string): LoggedEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const { seq, event } = value as { seq?: unknown; event?: unknown };
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq <= 0) {
    return undefined;
  }
  if (
    typeof event !== 'object' ||
    event === null ||
    typeof (event as { eventType?: unknown }).eventType !== 'string'
  ) {
    return undefined;
  }
  return { seq, event: event as MediaEvent };
}
