import type { AssetRecord } from '../delivery/assets/asset-record.js';
import type { AssetService } from '../delivery/assets/asset-service.js';
import type { StreamingEndpointService } from '../delivery/endpoints/streaming-endpoint-manager.js';
import type { StreamingLocatorService } from '../delivery/locators/streaming-locator-manager.js';
import type { StreamingPolicyService } from '../delivery/policies/streaming-policy-manager.js';

/**
 * `AssetMedia` is what an asset's container holds for streaming: the manifest name of its archive
 * (`<manifestName>.ism` in locator URLs) and the files a locator with download enabled offers, as paths
 * below the locator (`video.mp4`).
 */
export interface AssetMedia {
  readonly manifestName: string;
  readonly downloads: readonly string[];
}

/** `AssetMediaDirectory` tells what an asset holds (implemented by the app over its archives). */
export interface AssetMediaDirectory {
  /** `undefined` while the asset has no media (a live output that has not received any yet). */
  media(asset: AssetRecord): Promise<AssetMedia | undefined>;
}

/** `ContainerSasIssuer` makes signed, expiring read URLs of an asset's container (implemented by the app). */
export interface ContainerSasIssuer {
  readUrls(asset: AssetRecord, expiry: Date, origin: string): readonly string[];
}

/** `DeliveryApi` is what the delivery routes (assets, policies, locators, endpoints) use. */
export interface DeliveryApi {
  readonly assets: AssetService;
  readonly policies: StreamingPolicyService;
  readonly locators: StreamingLocatorService;
  readonly endpoints: StreamingEndpointService;
  /** Without it `listPaths` answers no paths (nothing is known to be streamable). */
  readonly media?: AssetMediaDirectory;
  /** Without it `listContainerSas` answers 400. */
  readonly sas?: ContainerSasIssuer;
}
