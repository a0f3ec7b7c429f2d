import type { RenditionWindow } from '../packager/rendition-window.js';

/**
 * `FallbackBandwidth` is the bits per second to announce for a rendition (by id) until its window holds a
 * segment: typically the encoder's declared bitrate. HLS `BANDWIDTH` and DASH `@bandwidth` are required and
 * must never be 0 (RFC 8216bis §4.4.6.2: "the BANDWIDTH value SHOULD be the BANDWIDTH value of a
 * representative period of similar content").
 */
export type FallbackBandwidth = Readonly<Record<string, number>>;

/**
 * `renditionBandwidth` is the peak bitrate to announce for `window`, rounded up to whole bits per second:
 * the measured `window.bandwidth`, else the caller's fallback, else `undefined`, in which case the builders
 * leave the rendition out of the manifest rather than announce a bandwidth of 0.
 */
export function renditionBandwidth(
  window: RenditionWindow,
  fallback?: FallbackBandwidth,
): number | undefined {
  if (window.bandwidth > 0) {
    return Math.ceil(window.bandwidth);
  }
  const declared = fallback?.[window.id];
  return declared !== undefined && declared > 0 ? Math.ceil(declared) : undefined;
}

/** `renditionAverageBandwidth` is `window.averageBandwidth` rounded up, or `undefined` when not measured yet. */
export function renditionAverageBandwidth(window: RenditionWindow): number | undefined {
  return window.averageBandwidth > 0 ? Math.ceil(window.averageBandwidth) : undefined;
}
