import { JsonObjectReader } from '../../resources/json-object-reader.js';
import { ResourceError } from '../../resources/resource-error.js';
import type { LiveOutputSpec } from '../../live-events/live-event-spec.js';

/**
 * `parseLiveOutputBody` reads the ARM `LiveOutput` JSON of a PUT into a {@link LiveOutputSpec}
 * (JSON types only; values are checked by the live event manager).
 */
export function parseLiveOutputBody(body: unknown): LiveOutputSpec {
  if (body === undefined) {
    throw new ResourceError('BadRequest', 'the request needs a JSON body: the LiveOutput resource', 'body');
  }
  const root = new JsonObjectReader(body, '');
  const props = root.optObject('properties') ?? new JsonObjectReader({}, 'properties');
  const hls = props.optObject('hls');
  return {
    description: props.optString('description'),
    assetName: props.optString('assetName'),
    archiveWindowLength: props.optString('archiveWindowLength'),
    rewindWindowLength: props.optString('rewindWindowLength'),
    manifestName: props.optString('manifestName') || undefined,
    hls: hls === undefined ? undefined : { fragmentsPerTsSegment: hls.optInteger('fragmentsPerTsSegment') },
    outputSnapTime: props.optInteger('outputSnapTime'),
  };
}
