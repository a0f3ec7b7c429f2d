import type { IpRange } from '../lib/net/ip-range.js';
import type { SystemData } from '../resources/system-data.js';

/**
 * Plain records of the managed resources (Azure Media Services v3 `LiveEvent` and `LiveOutput`,
 * streamingservice.json 2022-11-01). They mirror the ARM `properties` without the ARM envelope; the
 * wire shape lives only in `api/dto`. Records are immutable: a change makes a new record.
 */

/** `LiveEventResourceState` is the live event state machine (azure-compat §1.3, §1.5). */
export type LiveEventResourceState =
  'Stopped' | 'Allocating' | 'StandBy' | 'Starting' | 'Running' | 'Stopping' | 'Deleting';

/** `LiveOutputResourceState` is the live output state machine (azure-compat §1.3). */
export type LiveOutputResourceState = 'Creating' | 'Running' | 'Deleting';

/** `ProvisioningState` of the last operation on a resource (ARM: free-form; AMS uses these three). */
export type ProvisioningState = 'InProgress' | 'Succeeded' | 'Failed';

/** `LiveEventEncodingType` values Inlet accepts: pass-through only (`None` is AMS's alias of PassthroughStandard). */
export type LiveEventEncodingType = 'None' | 'PassthroughBasic' | 'PassthroughStandard';

/** `StreamOption` is one `StreamOptionsFlag` (azure-compat §1.3). */
export type StreamOption = 'Default' | 'LowLatency' | 'LowLatencyV2';

/** `IpAccessControl` is an allow list; an empty list allows nobody (AMS: "no rule means no IP is allowed"). */
export interface IpAccessControl {
  readonly allow: readonly IpRange[];
}

/** `LiveEventInputRecord` is `properties.input` without the derived `endpoints`. */
export interface LiveEventInputRecord {
  readonly streamingProtocol: 'RTMP';
  /** GUID (with or without hyphens) as given or generated; unique across the server. */
  readonly accessToken: string;
  /** ISO 8601 duration, canonical form (`PT2S`); 0.5–20 s. */
  readonly keyFrameIntervalDuration: string;
  readonly accessControl: IpAccessControl;
  /** 2022-11-01 `timedMetadataEndpoints`: stored, not acted on. */
  readonly timedMetadataEndpoints: readonly { readonly url: string }[];
}

/** `LiveEventPreviewRecord` is `properties.preview` without the derived `endpoints`. */
export interface LiveEventPreviewRecord {
  readonly accessControl: IpAccessControl;
  readonly previewLocator: string;
  readonly streamingPolicyName: string | null;
  readonly alternativeMediaId: string | null;
}

/** `LiveEventEncodingRecord` is `properties.encoding`; the live-encoding fields are stored, not acted on. */
export interface LiveEventEncodingRecord {
  readonly encodingType: LiveEventEncodingType;
  readonly presetName: string | null;
  readonly stretchMode: string | null;
  readonly keyFrameInterval: string | null;
}

/** `LiveEventTranscription` is stored as given (validated shape) and not acted on. */
export interface LiveEventTranscription {
  readonly language: string | null;
  readonly inputTrackSelection: readonly {
    readonly property: string | null;
    readonly operation: string | null;
    readonly value: string | null;
  }[];
  readonly outputTranscriptionTrack: { readonly trackName: string } | null;
}

/** `CrossSiteAccessPolicies` carries the XML texts of `clientaccesspolicy.xml` / `crossdomain.xml`. */
export interface CrossSiteAccessPolicies {
  readonly clientAccessPolicy: string | null;
  readonly crossDomainPolicy: string | null;
}

/** `LiveEventRecord` is one live event as Inlet stores it. */
export interface LiveEventRecord {
  readonly name: string;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly description: string;
  readonly input: LiveEventInputRecord;
  readonly preview: LiveEventPreviewRecord;
  readonly encoding: LiveEventEncodingRecord;
  readonly transcriptions: readonly LiveEventTranscription[];
  readonly crossSiteAccessPolicies: CrossSiteAccessPolicies;
  readonly useStaticHostname: boolean;
  readonly hostnamePrefix: string | null;
  readonly streamOptions: readonly StreamOption[];
  readonly created: string;
  readonly lastModified: string;
  readonly provisioningState: ProvisioningState;
  readonly resourceState: LiveEventResourceState;
  readonly systemData: SystemData;
}

/** `LiveOutputRecord` is one live output as Inlet stores it. */
export interface LiveOutputRecord {
  readonly name: string;
  readonly description: string;
  readonly assetName: string;
  /** ISO 8601 duration, canonical form; PT1M..PT25H. */
  readonly archiveWindowLength: string;
  readonly rewindWindowLength: string | null;
  readonly manifestName: string;
  readonly hls: { readonly fragmentsPerTsSegment: number | null } | null;
  readonly outputSnapTime: number | null;
  readonly created: string;
  readonly lastModified: string;
  readonly provisioningState: ProvisioningState;
  readonly resourceState: LiveOutputResourceState;
  readonly systemData: SystemData;
}

/** `LiveEventEndpoint` is one ingest or preview URL (`{protocol, url}`). */
export interface LiveEventEndpoint {
  readonly protocol: string;
  readonly url: string;
}

/** `LiveEvent` is the read view of a live event: its record plus the URLs derived from the server options. */
export interface LiveEvent extends LiveEventRecord {
  readonly ingestEndpoints: readonly LiveEventEndpoint[];
  readonly previewEndpoints: readonly LiveEventEndpoint[];
}
