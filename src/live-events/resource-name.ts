import { LiveEventError } from './live-event-error.js';

/** ARM pattern of a live event name (streamingservice.json 2022-11-01, azure-compat §1.4). */
const LIVE_EVENT_NAME = /^[a-zA-Z0-9]+(-*[a-zA-Z0-9])*$/;
/** Maximum live event name length (AMS: 32 characters, so a GUID without hyphens fits). */
const LIVE_EVENT_NAME_MAX = 32;
/** ARM pattern of a live output name (azure-compat §1.4). */
const LIVE_OUTPUT_NAME = /^([a-zA-Z0-9])+(-*[a-zA-Z0-9])*$/;
/** Maximum live output name length (azure-compat §1.4). */
const LIVE_OUTPUT_NAME_MAX = 256;

function check(kind: string, name: string, pattern: RegExp, max: number): void {
  if (name.length < 1 || name.length > max) {
    throw new LiveEventError(
      'InvalidResourceName',
      `${kind} name ${JSON.stringify(name)} must be 1 to ${max} characters long (it has ${name.length})`,
      name,
    );
  }
  // The pattern has nested quantifiers; the length check above bounds its work.
  if (!pattern.test(name)) {
    throw new LiveEventError(
      'InvalidResourceName',
      `${kind} name ${JSON.stringify(name)} is invalid: use letters, digits and hyphens, starting and ending with a letter or digit`,
      name,
    );
  }
}

/** `assertLiveEventName` throws `InvalidResourceName` unless `name` is a valid live event name. */
export function assertLiveEventName(name: string): void {
  check('live event', name, LIVE_EVENT_NAME, LIVE_EVENT_NAME_MAX);
}

/** `assertLiveOutputName` throws `InvalidResourceName` unless `name` is a valid live output name. */
export function assertLiveOutputName(name: string): void {
  check('live output', name, LIVE_OUTPUT_NAME, LIVE_OUTPUT_NAME_MAX);
}

/** `nameKey` is the lookup key of a resource name: ARM compares names case-insensitively. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}
