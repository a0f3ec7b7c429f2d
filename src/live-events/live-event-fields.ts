import { IpRangeError, parseIpRange, type IpRange } from '../lib/net/ip-range.js';
import { formatIsoDuration, parseIsoDuration } from '../lib/time/iso-duration.js';
import { isGuid } from './access-token.js';
import { ResourceError } from '../resources/resource-error.js';
import type { LiveEventEncodingType, StreamOption } from './live-event-record.js';

/**
 * Validation and canonical forms of the single live event fields, shared by create, update and the
 * config file. Each throws a {@link ResourceError} whose `target` is the property path.
 */

/** `KEY_FRAME_INTERVAL_MIN_MS`: AMS `keyFrameIntervalDuration` is 0.5 to 20 seconds (azure-compat §5). */
export const KEY_FRAME_INTERVAL_MIN_MS = 500;
/** `KEY_FRAME_INTERVAL_MAX_MS` is the upper bound of `keyFrameIntervalDuration` (20 s). */
export const KEY_FRAME_INTERVAL_MAX_MS = 20_000;
/** `KEY_FRAME_INTERVAL_DEFAULT` is the AMS default key frame interval (2 s). */
export const KEY_FRAME_INTERVAL_DEFAULT = 'PT2S';

/** ARM limits on tags: 50 per resource, names up to 512 and values up to 256 characters. */
const MAX_TAGS = 50;
const MAX_TAG_NAME = 512;
const MAX_TAG_VALUE = 256;
/** Free text fields (description, location, names of policies) stay small enough to log and store. */
const MAX_TEXT = 4096;
/** An allow list longer than this is a mistake, not a policy (AMS documents no number; keeps lookups cheap). */
const MAX_ALLOW_ENTRIES = 256;
/** DNS label (RFC 1035 §2.3.1, RFC 1123 §2.1): the `hostnamePrefix` becomes `<prefix>.<publicHostname>`. */
const DNS_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/** `ALLOW_ALL` is the allow list of an event created without one: every IPv4 and IPv6 address. */
export const ALLOW_ALL: readonly IpRange[] = [
  { name: 'AllowAll', address: '0.0.0.0', subnetPrefixLength: 0 },
  { name: 'AllowAllIPv6', address: '::', subnetPrefixLength: 0 },
];

function bad(path: string, message: string): ResourceError {
  return new ResourceError('BadRequest', `${path}: ${message}`, path);
}

/** `checkText` bounds a free text value. */
export function checkText(value: string, path: string, max = MAX_TEXT): string {
  if (value.length > max) {
    throw bad(path, `must be at most ${max} characters (it has ${value.length})`);
  }
  return value;
}

/** `normalizeLocation` checks the ARM `location` (required on create; Inlet stores it and echoes it). */
export function normalizeLocation(value: string | undefined, path = 'location'): string {
  if (value === undefined || value.trim() === '') {
    throw bad(path, 'is required (any region name, e.g. "West US"; Inlet stores it as given)');
  }
  return checkText(value, path, MAX_TAG_NAME);
}

/** `sameLocation` compares ARM locations the way ARM does: case and spaces do not matter ("West US" = "westus"). */
export function sameLocation(a: string, b: string): boolean {
  return a.replaceAll(' ', '').toLowerCase() === b.replaceAll(' ', '').toLowerCase();
}

/** `normalizeTags` checks the ARM tag limits. */
export function normalizeTags(tags: Readonly<Record<string, string>>, path = 'tags'): Record<string, string> {
  const keys = Object.keys(tags);
  if (keys.length > MAX_TAGS) {
    throw bad(path, `at most ${MAX_TAGS} tags are allowed (got ${keys.length})`);
  }
  for (const k of keys) {
    if (k.length === 0 || k.length > MAX_TAG_NAME) {
      throw bad(`${path}.${k}`, `tag names must be 1 to ${MAX_TAG_NAME} characters`);
    }
    checkText(tags[k] ?? '', `${path}.${k}`, MAX_TAG_VALUE);
  }
  return { ...tags };
}

/** `normalizeStreamingProtocol` accepts RTMP only: Inlet has no Smooth Streaming (fragmented MP4) ingest. */
export function normalizeStreamingProtocol(value: string | undefined, path: string): 'RTMP' {
  if (value === undefined) {
    throw bad(path, 'is required: set it to "RTMP"');
  }
  if (value.toUpperCase() === 'RTMP') {
    return 'RTMP';
  }
  if (value.toLowerCase() === 'fragmentedmp4') {
    throw new ResourceError(
      'UnsupportedFeature',
      `${path}: FragmentedMP4 (Smooth Streaming) ingest is not supported: Inlet ingests RTMP and RTMPS only; set it to "RTMP"`,
      path,
    );
  }
  throw bad(path, `unknown streaming protocol ${JSON.stringify(value)}; set it to "RTMP"`);
}

/** `normalizeGuidField` checks a GUID-valued field (access token, preview locator). */
export function normalizeGuidField(value: string, path: string): string {
  if (!isGuid(value)) {
    throw bad(path, `${JSON.stringify(value)} is not a GUID (e.g. "acf7b6ef-8a37-425f-b8fc-51c2d6a5a86a")`);
  }
  return value;
}

/** `parseDurationField` parses an ISO 8601 duration field and checks its bounds (inclusive, ms). */
export function parseDurationField(value: string, path: string, minMs: number, maxMs: number): number {
  let ms: number;
  try {
    ms = parseIsoDuration(value);
  } catch (error) {
    throw bad(path, error instanceof Error ? error.message : String(error));
  }
  if (ms < minMs || ms > maxMs) {
    throw bad(
      path,
      `${JSON.stringify(value)} is out of range: use ${formatIsoDuration(minMs)} to ${formatIsoDuration(maxMs)}`,
    );
  }
  return ms;
}

/** `normalizeKeyFrameInterval` checks `keyFrameIntervalDuration` (0.5–20 s) and returns its canonical form. */
export function normalizeKeyFrameInterval(value: string, path: string): string {
  return formatIsoDuration(
    parseDurationField(value, path, KEY_FRAME_INTERVAL_MIN_MS, KEY_FRAME_INTERVAL_MAX_MS),
  );
}

/** `normalizeAllowList` checks allow list entries (ARM `IPRange` or CIDR text) and returns them in ARM shape. */
export function normalizeAllowList(entries: readonly unknown[], path: string): IpRange[] {
  if (entries.length > MAX_ALLOW_ENTRIES) {
    throw bad(path, `at most ${MAX_ALLOW_ENTRIES} entries are allowed (got ${entries.length})`);
  }
  return entries.map((entry, i) => {
    try {
      return parseIpRange(entry);
    } catch (error) {
      if (error instanceof IpRangeError) {
        throw bad(`${path}[${i}]`, error.message);
      }
      throw error;
    }
  });
}

/**
 * `normalizeEncodingType` accepts the pass-through types. Live encoding (`Standard`, `Premium1080p`)
 * is refused with `UnsupportedFeature`. Missing means `None` (pass-through, as AMS).
 */
export function normalizeEncodingType(value: string | undefined, path: string): LiveEventEncodingType {
  const known: readonly LiveEventEncodingType[] = ['None', 'PassthroughBasic', 'PassthroughStandard'];
  if (value === undefined) {
    return 'None';
  }
  const found = known.find((k) => k.toLowerCase() === value.toLowerCase());
  if (found !== undefined) {
    return found;
  }
  if (['standard', 'premium1080p'].includes(value.toLowerCase())) {
    throw new ResourceError(
      'UnsupportedFeature',
      `${path}: live encoding is not supported yet; use PassthroughStandard (the encoder sends every rendition)`,
      path,
    );
  }
  throw bad(
    path,
    `unknown encoding type ${JSON.stringify(value)}; use PassthroughStandard, PassthroughBasic or None`,
  );
}

/** `normalizeStretchMode` checks the (stored, not acted on) `encoding.stretchMode`. */
export function normalizeStretchMode(value: string, path: string): string {
  const found = ['None', 'AutoSize', 'AutoFit'].find((k) => k.toLowerCase() === value.toLowerCase());
  if (found === undefined) {
    throw bad(path, `unknown stretch mode ${JSON.stringify(value)}; use None, AutoSize or AutoFit`);
  }
  return found;
}

/** `normalizeStreamOptions` checks `streamOptions` flags and removes duplicates. */
export function normalizeStreamOptions(values: readonly string[], path: string): StreamOption[] {
  const known: readonly StreamOption[] = ['Default', 'LowLatency', 'LowLatencyV2'];
  const out: StreamOption[] = [];
  values.forEach((v, i) => {
    const found = known.find((k) => k.toLowerCase() === v.toLowerCase());
    if (found === undefined) {
      throw bad(
        `${path}[${i}]`,
        `unknown stream option ${JSON.stringify(v)}; use Default, LowLatency or LowLatencyV2`,
      );
    }
    if (!out.includes(found)) {
      out.push(found);
    }
  });
  return out;
}

/** `normalizeHostnamePrefix` checks that the prefix is one DNS label. */
export function normalizeHostnamePrefix(value: string, path: string): string {
  if (!DNS_LABEL.test(value)) {
    throw bad(path, `${JSON.stringify(value)} must be one DNS label: 1 to 63 letters, digits or hyphens`);
  }
  return value;
}

/** `normalizeUrlField` checks that a stored URL (timed metadata endpoint) parses. */
export function normalizeUrlField(value: string, path: string): string {
  if (!URL.canParse(value)) {
    throw bad(path, `${JSON.stringify(value)} is not an absolute URL`);
  }
  return checkText(value, path);
}

/** `sameSet` compares two lists as sets of strings (order-free comparison of stream options). */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
