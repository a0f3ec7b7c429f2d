import type { SystemData } from '../../resources/system-data.js';

/**
 * `StreamingLocatorRecord` is one streaming locator (AMS v3 `StreamingLocator`): it publishes an asset
 * under `/<streamingLocatorId>/` on every running streaming endpoint, in the protocols its streaming
 * policy enables, between `startTime` and `endTime`. Locators are immutable (AMS has no update).
 */
export interface StreamingLocatorRecord {
  readonly name: string;
  readonly assetName: string;
  /** GUID in its hyphenated lower-case form: the first path segment of every URL of the locator. */
  readonly streamingLocatorId: string;
  readonly streamingPolicyName: string;
  readonly created: string;
  /** ISO 8601 UTC; before it the URLs answer 404. */
  readonly startTime: string | null;
  /** ISO 8601 UTC; after it the URLs answer 404. */
  readonly endTime: string | null;
  readonly alternativeMediaId: string | null;
  readonly systemData: SystemData;
}

/** `StreamingLocatorSpec` is a PUT body as the API read it (types checked, values not). */
export interface StreamingLocatorSpec {
  readonly assetName?: string | undefined;
  readonly streamingPolicyName?: string | undefined;
  readonly streamingLocatorId?: string | undefined;
  readonly startTime?: string | undefined;
  readonly endTime?: string | undefined;
  readonly alternativeMediaId?: string | undefined;
  readonly defaultContentKeyPolicyName?: string | undefined;
  /** Number of `contentKeys` given (any is refused: no content protection). */
  readonly contentKeyCount: number;
  readonly filters: readonly string[];
}
