import type { StreamingPolicySpec } from '../../delivery/policies/streaming-policy-manager.js';
import { readEnabledProtocols } from '../../delivery/policies/streaming-policy-document.js';
import type { StreamingPolicyRecord } from '../../delivery/policies/streaming-policy-record.js';
import { JsonObjectReader } from '../../resources/json-object-reader.js';
import { ResourceError } from '../../resources/resource-error.js';
import { accountPath, type ArmScope } from '../arm-scope.js';

/** `STREAMING_POLICY_TYPE` is the ARM resource type of a streaming policy. */
export const STREAMING_POLICY_TYPE = 'Microsoft.Media/mediaservices/streamingPolicies';

const ENCRYPTION_SECTIONS = ['envelopeEncryption', 'commonEncryptionCenc', 'commonEncryptionCbcs'] as const;

/** `streamingPolicyToWire` is the ARM `StreamingPolicy` JSON. */
export function streamingPolicyToWire(p: StreamingPolicyRecord, scope: ArmScope): Record<string, unknown> {
  return {
    id: `${accountPath(scope)}/streamingPolicies/${p.name}`,
    name: p.name,
    type: STREAMING_POLICY_TYPE,
    ...(p.systemData === null ? {} : { systemData: p.systemData }),
    properties: {
      created: p.created,
      ...(p.defaultContentKeyPolicyName === null
        ? {}
        : { defaultContentKeyPolicyName: p.defaultContentKeyPolicyName }),
      ...p.encryption,
      ...(p.noEncryption === null ? {} : { noEncryption: p.noEncryption }),
    },
  };
}

/** `parseStreamingPolicyBody` reads the ARM `StreamingPolicy` JSON of a PUT. */
export function parseStreamingPolicyBody(body: unknown): StreamingPolicySpec {
  if (body === undefined) {
    throw new ResourceError(
      'BadRequest',
      'the request needs a JSON body: the StreamingPolicy resource',
      'body',
    );
  }
  const props =
    new JsonObjectReader(body, '').optObject('properties') ?? new JsonObjectReader({}, 'properties');
  const enabled = props.optObject('noEncryption')?.optObject('enabledProtocols');
  return {
    defaultContentKeyPolicyName: props.optString('defaultContentKeyPolicyName'),
    enabledProtocols: enabled === undefined ? undefined : readEnabledProtocols(enabled),
    encryption: ENCRYPTION_SECTIONS.filter((s) => props.has(s)),
  };
}
