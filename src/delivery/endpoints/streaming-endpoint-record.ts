import type { IpRange } from '../../lib/net/ip-range.js';
import type { SystemData } from '../../resources/system-data.js';

/** `StreamingEndpointResourceState` is the AMS streaming endpoint state machine. */
export type StreamingEndpointResourceState =
  'Stopped' | 'Starting' | 'Running' | 'Stopping' | 'Deleting' | 'Scaling';

/** `CrossSiteAccessPoliciesRecord` are the XML texts of `clientaccesspolicy.xml` and `crossdomain.xml`. */
export interface CrossSiteAccessPoliciesRecord {
  readonly clientAccessPolicy: string | null;
  readonly crossDomainPolicy: string | null;
}

/**
 * `StreamingEndpointRecord` is one streaming endpoint (AMS v3 `StreamingEndpoint`, Streaming 2022-08-01):
 * the origin that serves streaming locator URLs. In Inlet every endpoint is served by the node's HTTP
 * and HTTPS listeners; a request belongs to the endpoint whose host name (or custom host name) it
 * addresses, else to `default`. Only a Running endpoint serves.
 */
export interface StreamingEndpointRecord {
  readonly name: string;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly description: string;
  /** AMS premium streaming units (0: standard). Recorded; one node has one capacity. */
  readonly scaleUnits: number;
  readonly availabilitySetName: string | null;
  /** Who may request media; `null` lets everybody in (AMS: no IP rules, no restriction). */
  readonly ipAllow: readonly IpRange[] | null;
  /** `Cache-Control: max-age` of on-demand media and manifests, seconds; `null` for Inlet's defaults. */
  readonly maxCacheAge: number | null;
  readonly customHostNames: readonly string[];
  readonly cdnProvider: string | null;
  readonly cdnProfile: string | null;
  readonly crossSiteAccessPolicies: CrossSiteAccessPoliciesRecord;
  readonly created: string;
  readonly lastModified: string;
  readonly provisioningState: 'InProgress' | 'Succeeded' | 'Failed';
  readonly resourceState: StreamingEndpointResourceState;
  readonly systemData: SystemData;
}

/** `StreamingEndpoint` is the read view: the record and its host name. */
export interface StreamingEndpoint extends StreamingEndpointRecord {
  /** `host[:port]` of the endpoint's HTTPS origin (the port is left out when it is 443). */
  readonly hostName: string;
}

/** `StreamingEndpointSpec` is a PUT or PATCH body as the API read it (types checked, values not). */
export interface StreamingEndpointSpec {
  readonly location?: string | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
  readonly description?: string | undefined;
  readonly scaleUnits?: number | undefined;
  readonly availabilitySetName?: string | undefined;
  /** `accessControl.ip.allow` as given; `null` when `accessControl.ip` is absent in a given `accessControl`. */
  readonly ipAllow?: readonly unknown[] | null | undefined;
  /** Number of Akamai signature keys given (any is refused). */
  readonly akamaiKeyCount: number;
  readonly maxCacheAge?: number | undefined;
  readonly customHostNames?: readonly string[] | undefined;
  readonly cdnEnabled?: boolean | undefined;
  readonly cdnProvider?: string | undefined;
  readonly cdnProfile?: string | undefined;
  readonly crossSiteAccessPolicies?: CrossSiteAccessPoliciesRecord | undefined;
}
