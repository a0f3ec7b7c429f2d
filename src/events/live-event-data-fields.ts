import {
  isLiveEventEventType,
  type LiveEventEventMap,
  type LiveEventEventType,
} from './live-event-event-types.js';

/**
 * `DataFieldKind` is what one Event Grid `data` field holds on the wire (azure-compat §3.2):
 * - `string`: a JSON string (URLs, names, result codes, ISO times, `""`);
 * - `int-string`: a JSON string holding a decimal integer: the numeric-looking fields that the spec
 *   types as strings (ports, timestamps, durations, timescales, gaps, latencies);
 * - `drift-string`: `ingestDriftValue`, a decimal number as a string, or `"n/a"`;
 * - `int64`: a JSON number that is an integer;
 * - `boolean`: a JSON `true` or `false`.
 */
export type DataFieldKind = 'string' | 'int-string' | 'drift-string' | 'int64' | 'boolean';

/** `DataFieldSpec` is one field of a data table row; `optional` marks an Inlet extension that may be absent. */
export interface DataFieldSpec {
  readonly kind: DataFieldKind;
  readonly optional?: true;
}

/** `dataFieldJsonType` is the `typeof` of a value of each kind, once parsed from JSON. */
export const dataFieldJsonType = {
  string: 'string',
  'int-string': 'string',
  'drift-string': 'string',
  int64: 'number',
  boolean: 'boolean',
} as const satisfies { readonly [K in DataFieldKind]: 'string' | 'number' | 'boolean' };

/** The kinds a field of TypeScript type `V` may be: numbers are int64, strings any string kind. */
type KindsOf<V> = [V] extends [number]
  ? 'int64'
  : [V] extends [boolean]
    ? 'boolean'
    : [V] extends [string]
      ? 'string' | 'int-string' | 'drift-string'
      : never;

/** The spec a field `F` of `T` must have: a kind of its type, `optional: true` exactly when `F` is optional. */
type FieldSpecOf<T, F extends keyof T> =
  Partial<Pick<T, F>> extends Pick<T, F>
    ? { readonly kind: KindsOf<Exclude<T[F], undefined>>; readonly optional: true }
    : { readonly kind: KindsOf<T[F]>; readonly optional?: never };

/** `DataFieldTable` has one row per event type and, in it, one spec per field of that type's data interface. */
type DataFieldTable = {
  readonly [K in LiveEventEventType]: {
    readonly [F in keyof LiveEventEventMap[K]]-?: FieldSpecOf<LiveEventEventMap[K], F>;
  };
};

const S = { kind: 'string' } as const;
const INT_STRING = { kind: 'int-string' } as const;
const INT64 = { kind: 'int64' } as const;
const BOOLEAN = { kind: 'boolean' } as const;

/**
 * `liveEventDataFields` is the one table of the `data` fields of every `Microsoft.Media.LiveEvent*` event
 * (azure-compat §3.2; wire names where the doc tables differ: `typeOfStreamWith…`, `nonincreasingCount`).
 * The compiler holds the data interfaces to it (`satisfies DataFieldTable`: same fields, a kind that fits
 * each field's type, `optional` exactly on optional fields); tests check events on the wire against it.
 */
export const liveEventDataFields = {
  'Microsoft.Media.LiveEventEncoderConnected': {
    ingestUrl: S,
    streamId: S,
    encoderIp: S,
    encoderPort: INT_STRING,
  },
  'Microsoft.Media.LiveEventConnectionRejected': {
    ingestUrl: S,
    streamId: S,
    encoderIp: S,
    encoderPort: INT_STRING,
    resultCode: S,
  },
  'Microsoft.Media.LiveEventEncoderDisconnected': {
    ingestUrl: S,
    streamId: S,
    encoderIp: S,
    encoderPort: INT_STRING,
    resultCode: S,
  },
  'Microsoft.Media.LiveEventIncomingStreamReceived': {
    ingestUrl: S,
    trackType: S,
    trackName: S,
    bitrate: INT64,
    encoderIp: S,
    encoderPort: INT_STRING,
    timestamp: INT_STRING,
    duration: INT_STRING,
    timescale: INT_STRING,
  },
  'Microsoft.Media.LiveEventIncomingStreamsOutOfSync': {
    minLastTimestamp: INT_STRING,
    typeOfStreamWithMinLastTimestamp: S,
    maxLastTimestamp: INT_STRING,
    typeOfStreamWithMaxLastTimestamp: S,
    timescaleOfMinLastTimestamp: INT_STRING,
    timescaleOfMaxLastTimestamp: INT_STRING,
  },
  'Microsoft.Media.LiveEventIncomingVideoStreamsOutOfSync': {
    firstTimestamp: INT_STRING,
    firstDuration: INT_STRING,
    secondTimestamp: INT_STRING,
    secondDuration: INT_STRING,
    timescale: INT_STRING,
  },
  'Microsoft.Media.LiveEventIncomingDataChunkDropped': {
    timestamp: INT_STRING,
    trackType: S,
    bitrate: INT64,
    timescale: INT_STRING,
    resultCode: S,
    trackName: S,
    /** Inlet extension (how many drops the event stands for), not in the spec. */
    droppedCount: { kind: 'int64', optional: true },
  },
  'Microsoft.Media.LiveEventIngestHeartbeat': {
    trackType: S,
    trackName: S,
    transcriptionLanguage: S,
    transcriptionState: S,
    bitrate: INT64,
    incomingBitrate: INT64,
    ingestDriftValue: { kind: 'drift-string' },
    lastFragmentArrivalTime: S,
    lastTimestamp: INT_STRING,
    timescale: INT_STRING,
    overlapCount: INT64,
    discontinuityCount: INT64,
    nonincreasingCount: INT64,
    unexpectedBitrate: BOOLEAN,
    state: S,
    healthy: BOOLEAN,
  },
  'Microsoft.Media.LiveEventTrackDiscontinuityDetected': {
    trackType: S,
    trackName: S,
    bitrate: INT64,
    previousTimestamp: INT_STRING,
    newTimestamp: INT_STRING,
    timescale: INT_STRING,
    discontinuityGap: INT_STRING,
  },
  'Microsoft.Media.LiveEventChannelArchiveHeartbeat': {
    channelLatencyMs: INT_STRING,
    latencyResultCode: S,
  },
} as const satisfies DataFieldTable;

const INTEGER_TEXT = /^-?(0|[1-9][0-9]*)$/;
const DECIMAL_TEXT = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** `fitsKind` tells whether a parsed JSON value is of `kind`. */
export function fitsKind(kind: DataFieldKind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'int-string':
      return typeof value === 'string' && INTEGER_TEXT.test(value);
    case 'drift-string':
      return typeof value === 'string' && (value === 'n/a' || DECIMAL_TEXT.test(value));
    case 'int64':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}

/**
 * `liveEventDataProblems` lists how `data` (parsed JSON) departs from the table row of `eventType`: an
 * unknown event type, a field missing that is not optional, a value not of its field's kind, a field the
 * row does not have. Empty when the data conforms.
 */
export function liveEventDataProblems(eventType: string, data: unknown): string[] {
  if (!isLiveEventEventType(eventType)) {
    return [`unknown event type ${eventType}`];
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return [`data is ${JSON.stringify(data)}, want an object`];
  }
  const fields: Readonly<Record<string, DataFieldSpec>> = liveEventDataFields[eventType];
  const values = data as Readonly<Record<string, unknown>>;
  const problems: string[] = [];
  for (const [field, spec] of Object.entries(fields)) {
    if (!Object.hasOwn(values, field)) {
      if (spec.optional !== true) {
        problems.push(`${field} is missing, want ${spec.kind}`);
      }
    } else if (!fitsKind(spec.kind, values[field])) {
      problems.push(`${field} is ${JSON.stringify(values[field])}, want ${spec.kind}`);
    }
  }
  for (const field of Object.keys(values)) {
    if (!Object.hasOwn(fields, field)) {
      problems.push(`unexpected field ${field}`);
    }
  }
  return problems;
}
