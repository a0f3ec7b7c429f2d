import type { LiveOutputRecord } from '../../live-events/live-event-record.js';
import { accountPath, type ArmScope } from '../arm-scope.js';

/** `LIVE_OUTPUT_TYPE` is the ARM resource type of a live output (azure-compat §1.2). */
export const LIVE_OUTPUT_TYPE = 'Microsoft.Media/mediaservices/liveevents/liveoutputs';

/** `liveOutputToWire` is the ARM `LiveOutput` JSON (ProxyResource envelope, `properties`, `systemData`). */
export function liveOutputToWire(
  liveEventName: string,
  o: LiveOutputRecord,
  scope: ArmScope,
): Record<string, unknown> {
  return {
    id: `${accountPath(scope)}/liveevents/${liveEventName}/liveoutputs/${o.name}`,
    name: o.name,
    type: LIVE_OUTPUT_TYPE,
    systemData: o.systemData,
    properties: {
      description: o.description,
      assetName: o.assetName,
      archiveWindowLength: o.archiveWindowLength,
      ...(o.rewindWindowLength === null ? {} : { rewindWindowLength: o.rewindWindowLength }),
      manifestName: o.manifestName,
      ...(o.hls === null ? {} : { hls: o.hls }),
      ...(o.outputSnapTime === null ? {} : { outputSnapTime: o.outputSnapTime }),
      created: o.created,
      lastModified: o.lastModified,
      provisioningState: o.provisioningState,
      resourceState: o.resourceState,
    },
  };
}
