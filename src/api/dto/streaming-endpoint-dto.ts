import type {
  StreamingEndpoint,
  StreamingEndpointSpec,
} from '../../delivery/endpoints/streaming-endpoint-record.js';
import { JsonObjectReader } from '../../resources/json-object-reader.js';
import { ResourceError } from '../../resources/resource-error.js';
import { accountPath, type ArmScope } from '../arm-scope.js';

/** `STREAMING_ENDPOINT_TYPE` is the ARM resource type of a streaming endpoint. */
export const STREAMING_ENDPOINT_TYPE = 'Microsoft.Media/mediaservices/streamingendpoints';

/** Bandwidth AMS gave a standard endpoint and each premium streaming unit, Mbit/s. */
const STANDARD_CAPACITY = 600;
const UNIT_CAPACITY = 200;

/** `streamingEndpointToWire` is the ARM `StreamingEndpoint` JSON (TrackedResource envelope, `sku`). */
export function streamingEndpointToWire(e: StreamingEndpoint, scope: ArmScope): Record<string, unknown> {
  return {
    id: `${accountPath(scope)}/streamingendpoints/${e.name}`,
    name: e.name,
    type: STREAMING_ENDPOINT_TYPE,
    location: e.location,
    tags: e.tags,
    systemData: e.systemData,
    sku:
      e.scaleUnits === 0
        ? { name: 'Standard', capacity: STANDARD_CAPACITY }
        : { name: 'Premium', capacity: e.scaleUnits * UNIT_CAPACITY },
    properties: {
      description: e.description,
      scaleUnits: e.scaleUnits,
      ...(e.availabilitySetName === null ? {} : { availabilitySetName: e.availabilitySetName }),
      ...(e.ipAllow === null
        ? {}
        : {
            accessControl: {
              ip: {
                allow: e.ipAllow.map((r) => ({
                  name: r.name,
                  address: r.address,
                  subnetPrefixLength: r.subnetPrefixLength,
                })),
              },
            },
          }),
      ...(e.maxCacheAge === null ? {} : { maxCacheAge: e.maxCacheAge }),
      customHostNames: e.customHostNames,
      hostName: e.hostName,
      cdnEnabled: false,
      ...(e.cdnProvider === null ? {} : { cdnProvider: e.cdnProvider }),
      ...(e.cdnProfile === null ? {} : { cdnProfile: e.cdnProfile }),
      provisioningState: e.provisioningState,
      resourceState: e.resourceState,
      crossSiteAccessPolicies: e.crossSiteAccessPolicies,
      created: e.created,
      lastModified: e.lastModified,
    },
  };
}

/** `parseStreamingEndpointBody` reads the ARM `StreamingEndpoint` JSON of a PUT or PATCH (types only). */
export function parseStreamingEndpointBody(body: unknown): StreamingEndpointSpec {
  if (body === undefined) {
    throw new ResourceError(
      'BadRequest',
      'the request needs a JSON body: the StreamingEndpoint resource',
      'body',
    );
  }
  const root = new JsonObjectReader(body, '');
  const props = root.optObject('properties') ?? new JsonObjectReader({}, 'properties');
  const access = props.optObject('accessControl');
  const ip = access?.optObject('ip');
  const policies = props.optObject('crossSiteAccessPolicies');
  return {
    location: root.optString('location'),
    tags: root.optStringMap('tags'),
    description: props.optString('description'),
    scaleUnits: props.optInteger('scaleUnits'),
    availabilitySetName: props.optString('availabilitySetName'),
    // `accessControl` without `ip` (or an `ip` without `allow`): no IP restriction.
    ipAllow: access === undefined ? undefined : (ip?.optArray('allow') ?? null),
    akamaiKeyCount:
      access?.optObject('akamai')?.optArray('akamaiSignatureHeaderAuthenticationKeyList')?.length ?? 0,
    maxCacheAge: props.optInteger('maxCacheAge'),
    customHostNames: props.optStrings('customHostNames'),
    cdnEnabled: props.optBoolean('cdnEnabled'),
    cdnProvider: props.optString('cdnProvider'),
    cdnProfile: props.optString('cdnProfile'),
    crossSiteAccessPolicies:
      policies === undefined
        ? undefined
        : {
            clientAccessPolicy: policies.optString('clientAccessPolicy') ?? null,
            crossDomainPolicy: policies.optString('crossDomainPolicy') ?? null,
          },
  };
}
