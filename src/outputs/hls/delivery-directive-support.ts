import type { RenditionWindow } from '../../packager/rendition-window.js';

/**
 * `DeliveryDirectiveOptions` chooses which Delivery Directives (RFC 8216bis §6.2.5) a media playlist
 * advertises in EXT-X-SERVER-CONTROL and the server honours. Each defaults to on when the window has parts
 * (low latency) and off otherwise, so a plain live playlist carries no EXT-X-SERVER-CONTROL tag.
 */
export interface DeliveryDirectiveOptions {
  /** `CAN-BLOCK-RELOAD=YES`: `_HLS_msn` / `_HLS_part` hold the request (§6.2.5.2). */
  readonly blockingReload?: boolean;
  /** `CAN-SKIP-UNTIL`: `_HLS_skip=YES|v2` gets a Playlist Delta Update (§6.2.5.1). */
  readonly deltaUpdates?: boolean;
}

/** `DeliveryDirectiveSupport` is what a playlist of one window advertises. */
export interface DeliveryDirectiveSupport {
  readonly blockingReload: boolean;
  readonly deltaUpdates: boolean;
}

/**
 * `deliveryDirectiveSupport` resolves the options for `window`. A playlist with EXT-X-ENDLIST supports
 * neither: §6.2.5.1 and §6.2.5.2 make the server ignore `_HLS_skip`, `_HLS_msn` and `_HLS_part` then.
 */
export function deliveryDirectiveSupport(
  window: RenditionWindow,
  options: DeliveryDirectiveOptions = {},
): DeliveryDirectiveSupport {
  if (window.ended) {
    return { blockingReload: false, deltaUpdates: false };
  }
  const lowLatency = window.partTarget !== undefined;
  return {
    blockingReload: options.blockingReload ?? lowLatency,
    deltaUpdates: options.deltaUpdates ?? lowLatency,
  };
}
