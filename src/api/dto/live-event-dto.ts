import type { IpAccessControl, LiveEvent } from '../../live-events/live-event-record.js';
import { accountPath, type ArmScope } from '../arm-scope.js';

/** `LIVE_EVENT_TYPE` is the ARM resource type of a live event (azure-compat §1.2). */
export const LIVE_EVENT_TYPE = 'Microsoft.Media/mediaservices/liveevents';

function ipAccessControl(ac: IpAccessControl): unknown {
  return {
    ip: {
      allow: ac.allow.map((r) => ({
        name: r.name,
        address: r.address,
        subnetPrefixLength: r.subnetPrefixLength,
      })),
    },
  };
}

/**
 * `liveEventToWire` is the ARM `LiveEvent` JSON of a live event (TrackedResource envelope, `properties`,
 * `systemData`; shape of streamingservice.json 2022-11-01 and azure-compat §1.6). `id` is built from
 * the request's scope.
 */
export function liveEventToWire(ev: LiveEvent, scope: ArmScope): Record<string, unknown> {
  return {
    id: `${accountPath(scope)}/liveevents/${ev.name}`,
    name: ev.name,
    type: LIVE_EVENT_TYPE,
    location: ev.location,
    tags: ev.tags,
    systemData: ev.systemData,
    properties: {
      description: ev.description,
      input: {
        streamingProtocol: ev.input.streamingProtocol,
        accessControl: ipAccessControl(ev.input.accessControl),
        keyFrameIntervalDuration: ev.input.keyFrameIntervalDuration,
        accessToken: ev.input.accessToken,
        endpoints: ev.ingestEndpoints,
        timedMetadataEndpoints: ev.input.timedMetadataEndpoints,
      },
      preview: {
        endpoints: ev.previewEndpoints,
        accessControl: ipAccessControl(ev.preview.accessControl),
        previewLocator: ev.preview.previewLocator,
        streamingPolicyName: ev.preview.streamingPolicyName,
        alternativeMediaId: ev.preview.alternativeMediaId,
      },
      encoding: ev.encoding,
      transcriptions: ev.transcriptions,
      provisioningState: ev.provisioningState,
      resourceState: ev.resourceState,
      crossSiteAccessPolicies: ev.crossSiteAccessPolicies,
      useStaticHostname: ev.useStaticHostname,
      hostnamePrefix: ev.hostnamePrefix,
      streamOptions: ev.streamOptions,
      created: ev.created,
      lastModified: ev.lastModified,
    },
  };
}
