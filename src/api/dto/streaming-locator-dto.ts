import type {
  StreamingLocatorRecord,
  StreamingLocatorSpec,
} from '../../delivery/locators/streaming-locator-record.js';
import { JsonObjectReader } from '../../resources/json-object-reader.js';
import { ResourceError } from '../../resources/resource-error.js';
import { accountPath, type ArmScope } from '../arm-scope.js';

/** `STREAMING_LOCATOR_TYPE` is the ARM resource type of a streaming locator. */
export const STREAMING_LOCATOR_TYPE = 'Microsoft.Media/mediaservices/streamingLocators';

/** `streamingLocatorToWire` is the ARM `StreamingLocator` JSON. */
export function streamingLocatorToWire(l: StreamingLocatorRecord, scope: ArmScope): Record<string, unknown> {
  return {
    id: `${accountPath(scope)}/streamingLocators/${l.name}`,
    name: l.name,
    type: STREAMING_LOCATOR_TYPE,
    systemData: l.systemData,
    properties: {
      assetName: l.assetName,
      created: l.created,
      ...(l.startTime === null ? {} : { startTime: l.startTime }),
      ...(l.endTime === null ? {} : { endTime: l.endTime }),
      streamingLocatorId: l.streamingLocatorId,
      streamingPolicyName: l.streamingPolicyName,
      contentKeys: [],
      ...(l.alternativeMediaId === null ? {} : { alternativeMediaId: l.alternativeMediaId }),
      filters: [],
    },
  };
}

/** `parseStreamingLocatorBody` reads the ARM `StreamingLocator` JSON of a PUT (types only). */
export function parseStreamingLocatorBody(body: unknown): StreamingLocatorSpec {
  if (body === undefined) {
    throw new ResourceError(
      'BadRequest',
      'the request needs a JSON body: the StreamingLocator resource',
      'body',
    );
  }
  const props =
    new JsonObjectReader(body, '').optObject('properties') ?? new JsonObjectReader({}, 'properties');
  return {
    assetName: props.optString('assetName'),
    streamingPolicyName: props.optString('streamingPolicyName'),
    streamingLocatorId: props.optString('streamingLocatorId'),
    startTime: props.optString('startTime'),
    endTime: props.optString('endTime'),
    alternativeMediaId: props.optString('alternativeMediaId'),
    defaultContentKeyPolicyName: props.optString('defaultContentKeyPolicyName'),
    contentKeyCount: props.optArray('contentKeys')?.length ?? 0,
    filters: props.optStrings('filters') ?? [],
  };
}
