import { assertResourceName, nameKey } from '../resources/resource-name.js';

export { nameKey };

/** ARM pattern of a live event name (streamingservice.json 2022-11-01, azure-compat §1.4). */
const LIVE_EVENT_NAME = /^[a-zA-Z0-9]+(-*[a-zA-Z0-9])*$/;
/** Maximum live event name length (AMS: 32 characters, so a GUID without hyphens fits). */
const LIVE_EVENT_NAME_MAX = 32;
/** ARM pattern of a live output name (azure-compat §1.4). */
const LIVE_OUTPUT_NAME = /^([a-zA-Z0-9])+(-*[a-zA-Z0-9])*$/;
/** Maximum live output name length (azure-compat §1.4). */
const LIVE_OUTPUT_NAME_MAX = 256;

/** `assertLiveEventName` throws `InvalidResourceName` unless `name` is a valid live event name. */
export function assertLiveEventName(name: string): void {
  assertResourceName('live event', name, LIVE_EVENT_NAME, LIVE_EVENT_NAME_MAX);
}

/** `assertLiveOutputName` throws `InvalidResourceName` unless `name` is a valid live output name. */
export function assertLiveOutputName(name: string): void {
  assertResourceName('live output', name, LIVE_OUTPUT_NAME, LIVE_OUTPUT_NAME_MAX);
}
