import { JsonObjectReader } from '../../resources/json-object-reader.js';
import { ResourceError } from '../../resources/resource-error.js';
import { readSystemData } from '../../resources/system-data.js';
import type { StreamingLocatorRecord } from './streaming-locator-record.js';

/** `STREAMING_LOCATOR_DOCUMENT_VERSION` is the file format version. */
export const STREAMING_LOCATOR_DOCUMENT_VERSION = 1;

/** `serializeStreamingLocator` is the file content of a locator. */
export function serializeStreamingLocator(locator: StreamingLocatorRecord): string {
  return `${JSON.stringify({ version: STREAMING_LOCATOR_DOCUMENT_VERSION, streamingLocator: locator }, null, 2)}\n`;
}

/** `parseStreamingLocator` checks a locator file and returns the record. */
export function parseStreamingLocator(json: unknown): StreamingLocatorRecord {
  const root = new JsonObjectReader(json, '');
  const version = root.optInteger('version');
  if (version !== STREAMING_LOCATOR_DOCUMENT_VERSION) {
    throw new ResourceError(
      'BadRequest',
      `unsupported file format version ${String(version)} (this Inlet reads version ${STREAMING_LOCATOR_DOCUMENT_VERSION})`,
    );
  }
  const r = root.object('streamingLocator');
  return {
    name: r.string('name'),
    assetName: r.string('assetName'),
    streamingLocatorId: r.string('streamingLocatorId'),
    streamingPolicyName: r.string('streamingPolicyName'),
    created: r.string('created'),
    startTime: r.optString('startTime') ?? null,
    endTime: r.optString('endTime') ?? null,
    alternativeMediaId: r.optString('alternativeMediaId') ?? null,
    systemData: readSystemData(r.object('systemData')),
  };
}
