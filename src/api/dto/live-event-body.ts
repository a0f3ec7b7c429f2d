import { JsonObjectReader } from '../../resources/json-object-reader.js';
import { ResourceError } from '../../resources/resource-error.js';
import type { LiveEventTranscription } from '../../live-events/live-event-record.js';
import type { IpAccessControlSpec, LiveEventSpec } from '../../live-events/live-event-spec.js';

function accessControl(r: JsonObjectReader | undefined): IpAccessControlSpec | undefined {
  const allow = r?.optObject('ip')?.optArray('allow');
  return allow === undefined ? undefined : { allow };
}

/** An empty string means "not set" for the optional text a client may blank out. */
function blankIsAbsent(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

function transcriptions(props: JsonObjectReader): LiveEventTranscription[] | undefined {
  return props.optObjects('transcriptions')?.map((t) => {
    const track = t.optObject('outputTranscriptionTrack');
    return {
      language: t.optString('language') ?? null,
      inputTrackSelection: (t.optObjects('inputTrackSelection') ?? []).map((s) => ({
        property: s.optString('property') ?? null,
        operation: s.optString('operation') ?? null,
        value: s.optString('value') ?? null,
      })),
      outputTranscriptionTrack: track === undefined ? null : { trackName: track.string('trackName') },
    };
  });
}

/**
 * `parseLiveEventBody` reads the ARM `LiveEvent` JSON of a PUT or PATCH into a {@link LiveEventSpec}.
 * It checks JSON types only (wrong types → 400 `BadRequest` naming the property); values are checked
 * by the live event manager. Read-only properties (`resourceState`, `endpoints`, `created`…) and
 * unknown properties are ignored.
 */
export function parseLiveEventBody(body: unknown): LiveEventSpec {
  if (body === undefined) {
    throw new ResourceError('BadRequest', 'the request needs a JSON body: the LiveEvent resource', 'body');
  }
  const root = new JsonObjectReader(body, '');
  const props = root.optObject('properties') ?? new JsonObjectReader({}, 'properties');
  const input = props.optObject('input');
  const preview = props.optObject('preview');
  const encoding = props.optObject('encoding');
  const policies = props.optObject('crossSiteAccessPolicies');
  return {
    location: root.optString('location'),
    tags: root.optStringMap('tags'),
    description: props.optString('description'),
    input:
      input === undefined
        ? undefined
        : {
            streamingProtocol: input.optString('streamingProtocol'),
            accessToken: blankIsAbsent(input.optString('accessToken')),
            keyFrameIntervalDuration: blankIsAbsent(input.optString('keyFrameIntervalDuration')),
            accessControl: accessControl(input.optObject('accessControl')),
            timedMetadataEndpoints: input
              .optObjects('timedMetadataEndpoints')
              ?.map((e) => ({ url: e.string('url') })),
          },
    preview:
      preview === undefined
        ? undefined
        : {
            accessControl: accessControl(preview.optObject('accessControl')),
            previewLocator: blankIsAbsent(preview.optString('previewLocator')),
            streamingPolicyName: blankIsAbsent(preview.optString('streamingPolicyName')),
            alternativeMediaId: blankIsAbsent(preview.optString('alternativeMediaId')),
          },
    encoding:
      encoding === undefined
        ? undefined
        : {
            encodingType: encoding.optString('encodingType'),
            presetName: blankIsAbsent(encoding.optString('presetName')),
            stretchMode: encoding.optString('stretchMode'),
            keyFrameInterval: blankIsAbsent(encoding.optString('keyFrameInterval')),
          },
    transcriptions: transcriptions(props),
    crossSiteAccessPolicies:
      policies === undefined
        ? undefined
        : {
            clientAccessPolicy: policies.optString('clientAccessPolicy') ?? null,
            crossDomainPolicy: policies.optString('crossDomainPolicy') ?? null,
          },
    useStaticHostname: props.optBoolean('useStaticHostname'),
    hostnamePrefix: blankIsAbsent(props.optString('hostnamePrefix')),
    streamOptions: props.optStrings('streamOptions'),
  };
}
