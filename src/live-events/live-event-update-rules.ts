import { ResourceError } from '../resources/resource-error.js';
import type { LiveEventResourceState } from './live-event-record.js';

/**
 * Which live event properties a PATCH may change in which state (azure-compat §1.5, AMS
 * live-event-outputs-concept "StandBy mode"): the create-only properties never; in `StandBy` and
 * `Running` the description, tags, static hostname settings and the input and preview IP allow lists;
 * in `Stopped` everything else too; in the transitional states nothing.
 */

/** `CREATE_ONLY_PROPERTIES` are set when the live event is created and never change afterwards. */
export const CREATE_ONLY_PROPERTIES: readonly string[] = [
  'location',
  'properties.input.streamingProtocol',
  'properties.input.accessToken',
  'properties.streamOptions',
  'properties.encoding.encodingType',
  'properties.encoding.presetName',
  'properties.preview.previewLocator',
  'properties.preview.streamingPolicyName',
  'properties.preview.alternativeMediaId',
];

/** `LIVE_UPDATABLE_PROPERTIES` may change while the live event is allocated or running. */
export const LIVE_UPDATABLE_PROPERTIES: readonly string[] = [
  'tags',
  'properties.description',
  'properties.hostnamePrefix',
  'properties.useStaticHostname',
  'properties.input.accessControl',
  'properties.preview.accessControl',
];

/**
 * `assertUpdateAllowed` throws unless every path in `changed` may change in `state`:
 * `PropertyChangeNotAllowed` (400) for a create-only property, `InvalidState` (409) otherwise.
 */
export function assertUpdateAllowed(
  name: string,
  state: LiveEventResourceState,
  changed: readonly string[],
): void {
  const createOnly = changed.find((p) => CREATE_ONLY_PROPERTIES.includes(p));
  if (createOnly !== undefined) {
    throw new ResourceError(
      'PropertyChangeNotAllowed',
      `${createOnly} is set when the live event is created and cannot be changed; delete and re-create live event '${name}' to change it`,
      createOnly,
    );
  }
  if (changed.length === 0 || state === 'Stopped') {
    return;
  }
  if (state === 'StandBy' || state === 'Running') {
    const stoppedOnly = changed.find((p) => !LIVE_UPDATABLE_PROPERTIES.includes(p));
    if (stoppedOnly !== undefined) {
      throw new ResourceError(
        'InvalidState',
        `${stoppedOnly} can be changed only while live event '${name}' is Stopped (it is ${state}); stop it first`,
        stoppedOnly,
      );
    }
    return;
  }
  throw new ResourceError(
    'InvalidState',
    `live event '${name}' cannot be updated while it is ${state}; wait until the operation finishes`,
    name,
  );
}
