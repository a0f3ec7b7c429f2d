import { IpRangeError, parseIpRange, type IpRange } from '../../lib/net/ip-range.js';
import { formatIsoDuration, parseIsoDuration } from '../../lib/time/iso-duration.js';
import type { LiveEventDeclaration, StreamOption } from '../config.js';
import { field, type FieldContext } from '../config-field.js';
import { ConfigValueError, invalid, type ConfigIssue } from '../config-value-error.js';
import { guidValue } from '../values/guid-value.js';
import { readObject } from '../values/object-value.js';
import { booleanValue, enumValue, listValue, stringValue } from '../values/scalar-values.js';

/** Live event names: ARM `liveEventName` pattern, 1-32 characters (azure-compat.md §1.4). */
const LIVE_EVENT_NAME = /^(?=.{1,32}$)[a-zA-Z0-9]+(-*[a-zA-Z0-9])*$/;
/** AMS key frame interval bounds: 0.5-20 s (azure-compat.md §5). */
const MIN_KEY_FRAME_MS = 500;
const MAX_KEY_FRAME_MS = 20_000;
const STREAM_OPTIONS: readonly StreamOption[] = ['Default', 'LowLatency', 'LowLatencyV2'];

/** `ALLOW_ALL` is the default allow list of a declared live event: every IPv4 and IPv6 client. */
export const ALLOW_ALL: readonly string[] = ['0.0.0.0/0', '::/0'];

function allowValue(value: unknown): IpRange[] {
  if (!Array.isArray(value)) {
    throw invalid('a list of IP ranges like "10.0.0.0/8"', value);
  }
  const issues: ConfigIssue[] = [];
  const ranges: IpRange[] = [];
  for (const [i, entry] of (value as unknown[]).entries()) {
    try {
      ranges.push(parseIpRange(entry));
    } catch (error) {
      if (!(error instanceof IpRangeError)) {
        throw error;
      }
      issues.push({ path: `[${i}]`, message: error.message });
    }
  }
  if (issues.length > 0) {
    throw new ConfigValueError(issues);
  }
  return ranges;
}

function keyFrameIntervalValue(value: unknown): number {
  const range = `${formatIsoDuration(MIN_KEY_FRAME_MS)}..${formatIsoDuration(MAX_KEY_FRAME_MS)}`;
  const expected = `an ISO 8601 duration ${range} like PT2S`;
  if (typeof value !== 'string') {
    throw invalid(expected, value);
  }
  let ms: number;
  try {
    ms = parseIsoDuration(value);
  } catch {
    throw invalid(expected, value);
  }
  if (ms < MIN_KEY_FRAME_MS || ms > MAX_KEY_FRAME_MS) {
    throw invalid(expected, value);
  }
  return ms;
}

/** `liveEventFields` are the members of a `liveEvents[]` item. */
export const liveEventFields = {
  name: field({
    key: 'name',
    default: 'required',
    description: 'Live event name: 1-32 letters, digits and inner hyphens; unique.',
    parse: stringValue({
      what: 'a name of 1-32 letters, digits and inner hyphens',
      pattern: LIVE_EVENT_NAME,
    }),
    fallback: () => '',
    required: true,
  }),
  accessToken: field({
    key: 'accessToken',
    default: 'generated',
    description: 'GUID in the ingest URL (rtmp://host/live/<accessToken>/<stream>); unique.',
    parse: guidValue,
    fallback: (): string | undefined => undefined,
  }),
  allow: field({
    key: 'allow',
    default: '["0.0.0.0/0", "::/0"] (everyone)',
    description:
      'Encoder IP allow list: "a.b.c.d/n", "x::y/n", bare addresses, or ' +
      '{name, address, subnetPrefixLength}. ' +
      'An empty list allows nobody.',
    parse: allowValue,
    fallback: () => ALLOW_ALL.map((entry) => parseIpRange(entry)),
  }),
  autoStart: field({
    key: 'autoStart',
    default: 'true',
    description: 'Start the live event when Inlet starts.',
    parse: booleanValue,
    fallback: () => true,
  }),
  keyFrameIntervalDuration: field({
    key: 'keyFrameIntervalDuration',
    default: 'not set (2 s)',
    description: 'Expected key frame interval, ISO 8601 PT0.5S..PT20S (sets the segment duration).',
    parse: keyFrameIntervalValue,
    fallback: (): number | undefined => undefined,
  }),
  streamOptions: field({
    key: 'streamOptions',
    default: '[]',
    description: `AMS stream options: ${STREAM_OPTIONS.join(', ')}.`,
    parse: (value: unknown, context: FieldContext): StreamOption[] => {
      if (!Array.isArray(value)) {
        throw invalid('a list of stream options', value);
      }
      return listValue(enumValue(STREAM_OPTIONS), 'stream options')(value, context);
    },
    fallback: (): StreamOption[] => [],
  }),
  description: field({
    key: 'description',
    default: 'none',
    description: 'Free text shown in the API.',
    parse: stringValue({ allowEmpty: true }),
    fallback: (): string | undefined => undefined,
  }),
};

/** `readLiveEvent` parses one declared live event. */
export function readLiveEvent(value: unknown, context: FieldContext): LiveEventDeclaration {
  return readObject(value, liveEventFields, context);
}
