import type { StreamingLocatorRecord } from '../delivery/locators/streaming-locator-record.js';
import type { EnabledProtocols } from '../delivery/policies/streaming-policy-record.js';
import type { AssetMedia } from './delivery-api.js';

/** `StreamingPathsResult` is the `ListPathsResponse` of `StreamingLocators_ListPaths`. */
export interface StreamingPathsResult {
  readonly streamingPaths: readonly {
    readonly streamingProtocol: 'Hls' | 'Dash' | 'SmoothStreaming';
    readonly encryptionScheme: 'NoEncryption';
    readonly paths: readonly string[];
  }[];
  readonly downloadPaths: readonly string[];
}

/**
 * The dynamic packaging formats a locator's paths name, per protocol, as AMS listed them: HLS with
 * MPEG-TS segments (`m3u8-aapl`) and with CMAF segments (`m3u8-cmaf`), DASH with `SegmentTimeline` in
 * the CSF and CMAF profiles, Smooth Streaming. `m3u8-aapl-v3` is served too but, as in AMS, not listed.
 */
const FORMATS = {
  Hls: ['(format=m3u8-aapl)', '(format=m3u8-cmaf)'],
  Dash: ['(format=mpd-time-csf)', '(format=mpd-time-cmaf)'],
  SmoothStreaming: [''],
} as const;

/**
 * `streamingPaths` lists the paths of a locator below a streaming endpoint's host (`/<id>/<manifest>.ism/
 * manifest(format=…)`) for the protocols its policy enables; empty while the asset has no media, as in
 * AMS. Download paths are the asset's downloadable files when the policy enables download.
 */
export function streamingPaths(
  locator: StreamingLocatorRecord,
  protocols: EnabledProtocols,
  media: AssetMedia | undefined,
): StreamingPathsResult {
  if (media === undefined) {
    return { streamingPaths: [], downloadPaths: [] };
  }
  const base = `/${locator.streamingLocatorId}/${encodeURIComponent(media.manifestName)}.ism/manifest`;
  const enabled = { Hls: protocols.hls, Dash: protocols.dash, SmoothStreaming: protocols.smoothStreaming };
  return {
    streamingPaths: (Object.keys(FORMATS) as (keyof typeof FORMATS)[])
      .filter((protocol) => enabled[protocol])
      .map((protocol) => ({
        streamingProtocol: protocol,
        encryptionScheme: 'NoEncryption' as const,
        paths: FORMATS[protocol].map((f) => `${base}${f}`),
      })),
    downloadPaths: protocols.download
      ? media.downloads.map(
          (d) => `/${locator.streamingLocatorId}/${d.split('/').map(encodeURIComponent).join('/')}`,
        )
      : [],
  };
}
