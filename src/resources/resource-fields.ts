import { IpRangeError, parseIpRange, type IpRange } from '../lib/net/ip-range.js';
import { formatIsoDuration, parseIsoDuration } from '../lib/time/iso-duration.js';
import { isGuid } from './guid.js';
import { ResourceError } from './resource-error.js';

/**
 * Validation and canonical forms of the fields every resource family has: free text, location, tags,
 * GUIDs, durations, IP allow lists, DNS labels, URLs. Each throws a {@link ResourceError} whose
 * `target` is the property path.
 */

/** ARM limits on tags: 50 per resource, names up to 512 and values up to 256 characters. */
const MAX_TAGS = 50;
const MAX_TAG_NAME = 512;
const MAX_TAG_VALUE = 256;
/** Free text fields (description, location, names of policies) stay small enough to log and store. */
const MAX_TEXT = 4096;
/** An allow list longer than this is a mistake, not a policy (AMS documents no number; keeps lookups cheap). */
const MAX_ALLOW_ENTRIES = 256;
/**
 * Names that become directory and file names (asset names, containers, manifest names) are limited to a
 * portable set: letters, digits, `_`, `.` and `-`, not starting with a dot (AMS asset names: up to 260).
 */
const FILE_SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,259}$/;
/** DNS label (RFC 1035 §2.3.1, RFC 1123 §2.1). */
const DNS_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/** `ALLOW_ALL` is the allow list of a resource created without one: every IPv4 and IPv6 address. */
export const ALLOW_ALL: readonly IpRange[] = [
  { name: 'AllowAll', address: '0.0.0.0', subnetPrefixLength: 0 },
  { name: 'AllowAllIPv6', address: '::', subnetPrefixLength: 0 },
];

/** `bad` is a `BadRequest` error naming the property path. */
export function bad(path: string, message: string): ResourceError {
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

/** `normalizeGuidField` checks a GUID-valued field (access token, preview locator, streaming locator id). */
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

/** `isFileSafeName` tells whether `value` may name a directory or file (see `normalizeFileSafeName`). */
export function isFileSafeName(value: string): boolean {
  return FILE_SAFE_NAME.test(value);
}

/** `normalizeFileSafeName` checks a name that becomes a directory or file name. */
export function normalizeFileSafeName(value: string, path: string): string {
  if (!FILE_SAFE_NAME.test(value)) {
    throw bad(
      path,
      `${JSON.stringify(value)} must be 1 to 260 letters, digits, '_', '.' or '-', not starting with '.'`,
    );
  }
  return value;
}

/** `normalizeDnsLabel` checks that a value is one DNS label (a host name prefix). */
export function normalizeDnsLabel(value: string, path: string): string {
  if (!DNS_LABEL.test(value)) {
    throw bad(path, `${JSON.stringify(value)} must be one DNS label: 1 to 63 letters, digits or hyphens`);
  }
  return value;
}

/** `normalizeUrlField` checks that a stored URL parses. */
export function normalizeUrlField(value: string, path: string): string {
  if (!URL.canParse(value)) {
    throw bad(path, `${JSON.stringify(value)} is not an absolute URL`);
  }
  return checkText(value, path);
}

/** `sameSet` compares two lists as sets of strings (order-free comparison). */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
