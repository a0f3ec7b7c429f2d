import type { CrossSiteAccessPolicies, LiveEventTranscription } from './live-event-record.js';

/**
 * `LiveEventSpec` is what a client asks for when it creates (PUT) or updates (PATCH) a live event, or
 * what the config file declares: the settable properties in the ARM structure, not yet validated.
 * Every field is optional: on create the missing ones get their defaults, on update they stay as
 * they are. Values are checked by `createLiveEventRecord` / `patchLiveEventRecord`.
 */
export interface LiveEventSpec {
  readonly location?: string | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
  readonly description?: string | undefined;
  readonly input?: LiveEventInputSpec | undefined;
  readonly preview?: LiveEventPreviewSpec | undefined;
  readonly encoding?: LiveEventEncodingSpec | undefined;
  readonly transcriptions?: readonly LiveEventTranscription[] | undefined;
  readonly crossSiteAccessPolicies?: CrossSiteAccessPolicies | undefined;
  readonly useStaticHostname?: boolean | undefined;
  readonly hostnamePrefix?: string | undefined;
  readonly streamOptions?: readonly string[] | undefined;
}

/**
 * `IpAccessControlSpec` is an allow list as given. `allow` entries are ARM `IPRange` objects or CIDR
 * text (`lib/net/ip-range` `IpRangeInput`). A missing `allow` means "not restricted" on create (every
 * address may connect); an empty array allows nobody.
 */
export interface IpAccessControlSpec {
  readonly allow?: readonly unknown[] | undefined;
}

/** `LiveEventInputSpec` is `properties.input` as given. */
export interface LiveEventInputSpec {
  readonly streamingProtocol?: string | undefined;
  readonly accessToken?: string | undefined;
  readonly keyFrameIntervalDuration?: string | undefined;
  readonly accessControl?: IpAccessControlSpec | undefined;
  readonly timedMetadataEndpoints?: readonly { readonly url: string }[] | undefined;
}

/** `LiveEventPreviewSpec` is `properties.preview` as given. */
export interface LiveEventPreviewSpec {
  readonly accessControl?: IpAccessControlSpec | undefined;
  readonly previewLocator?: string | undefined;
  readonly streamingPolicyName?: string | undefined;
  readonly alternativeMediaId?: string | undefined;
}

/** `LiveEventEncodingSpec` is `properties.encoding` as given. */
export interface LiveEventEncodingSpec {
  readonly encodingType?: string | undefined;
  readonly presetName?: string | undefined;
  readonly stretchMode?: string | undefined;
  readonly keyFrameInterval?: string | undefined;
}

/** `LiveOutputSpec` is what a client asks for when it creates a live output (PUT). */
export interface LiveOutputSpec {
  readonly description?: string | undefined;
  readonly assetName?: string | undefined;
  readonly archiveWindowLength?: string | undefined;
  readonly rewindWindowLength?: string | undefined;
  readonly manifestName?: string | undefined;
  readonly hls?: { readonly fragmentsPerTsSegment?: number | undefined } | undefined;
  readonly outputSnapTime?: number | undefined;
}
