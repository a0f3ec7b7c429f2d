import { parseIpRange } from '../../lib/net/ip-range.js';
import { JsonObjectReader } from '../../resources/json-object-reader.js';
import { ResourceError } from '../../resources/resource-error.js';
import { readSystemData } from '../../resources/system-data.js';
import type { StreamingEndpointRecord, StreamingEndpointResourceState } from './streaming-endpoint-record.js';

/** `STREAMING_ENDPOINT_DOCUMENT_VERSION` is the file format version. */
export const STREAMING_ENDPOINT_DOCUMENT_VERSION = 1;

const STATES: readonly StreamingEndpointResourceState[] = [
  'Stopped',
  'Starting',
  'Running',
  'Stopping',
  'Deleting',
  'Scaling',
];
const PROVISIONING = ['InProgress', 'Succeeded', 'Failed'] as const;

/** `serializeStreamingEndpoint` is the file content of a streaming endpoint. */
export function serializeStreamingEndpoint(endpoint: StreamingEndpointRecord): string {
  return `${JSON.stringify({ version: STREAMING_ENDPOINT_DOCUMENT_VERSION, streamingEndpoint: endpoint }, null, 2)}\n`;
}

function oneOf<T extends string>(r: JsonObjectReader, key: string, allowed: readonly T[]): T {
  const v = r.string(key);
  const found = allowed.find((a) => a === v);
  if (found === undefined) {
    throw new ResourceError(
      'BadRequest',
      `${r.at(key)} must be one of ${allowed.join(', ')}, not ${JSON.stringify(v)}`,
    );
  }
  return found;
}

/** `parseStreamingEndpoint` checks a streaming endpoint file and returns the record. */
export function parseStreamingEndpoint(json: unknown): StreamingEndpointRecord {
  const root = new JsonObjectReader(json, '');
  const version = root.optInteger('version');
  if (version !== STREAMING_ENDPOINT_DOCUMENT_VERSION) {
    throw new ResourceError(
      'BadRequest',
      `unsupported file format version ${String(version)} (this Inlet reads version ${STREAMING_ENDPOINT_DOCUMENT_VERSION})`,
    );
  }
  const r = root.object('streamingEndpoint');
  const policies = r.object('crossSiteAccessPolicies');
  const allow = r.optArray('ipAllow');
  return {
    name: r.string('name'),
    location: r.string('location'),
    tags: r.optStringMap('tags') ?? {},
    description: r.optString('description') ?? '',
    scaleUnits: r.optInteger('scaleUnits') ?? 0,
    availabilitySetName: r.optString('availabilitySetName') ?? null,
    ipAllow: allow === undefined ? null : allow.map((e) => parseIpRange(e)),
    maxCacheAge: r.optInteger('maxCacheAge') ?? null,
    customHostNames: r.optStrings('customHostNames') ?? [],
    cdnProvider: r.optString('cdnProvider') ?? null,
    cdnProfile: r.optString('cdnProfile') ?? null,
    crossSiteAccessPolicies: {
      clientAccessPolicy: policies.optString('clientAccessPolicy') ?? null,
      crossDomainPolicy: policies.optString('crossDomainPolicy') ?? null,
    },
    created: r.string('created'),
    lastModified: r.string('lastModified'),
    provisioningState: oneOf(r, 'provisioningState', PROVISIONING),
    resourceState: oneOf(r, 'resourceState', STATES),
    systemData: readSystemData(r.object('systemData')),
  };
}
