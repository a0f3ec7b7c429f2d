/**
 * Smooth Streaming `QualityLevel@Bitrate` is more than a hint: fragment URLs carry it
 * (`QualityLevels({bitrate})/…`, [MS-SSTR] §2.2.6), so it must be unique within its StreamIndex and
 * should stay the same while a live window slides (a player keeps using the URLs of the manifest it
 * loaded; dash.js does not reload a live Smooth manifest at all).
 */

/** Announced bitrates keep this many significant decimal digits. */
const SIGNIFICANT_DIGITS = 2;

/**
 * `smoothBitrate` is the measured peak `bps` rounded up to two significant digits (2 345 678 → 2 400 000,
 * 96 512 → 97 000): the peak of a sliding window moves by a few percent from one segment to the next, and
 * the coarser value, and with it every fragment URL, stays the same through most of those moves. Rounding
 * up keeps it a peak.
 */
export function smoothBitrate(bps: number): number {
  if (!(bps > 0)) {
    throw new RangeError(`a Smooth bitrate comes from a positive measured bandwidth, got ${bps}`);
  }
  const step = 10 ** Math.max(0, Math.floor(Math.log10(bps)) + 1 - SIGNIFICANT_DIGITS);
  return Math.ceil(bps / step) * step;
}

/** `uniqueBitrate` is `bitrate`, raised by 1 b/s as often as needed to differ from every one in `taken`. */
export function uniqueBitrate(bitrate: number, taken: ReadonlySet<number>): number {
  let b = bitrate;
  while (taken.has(b)) {
    b += 1;
  }
  return b;
}

/**
 * `nearestBitrateIndex` is the index of `wanted` in `bitrates`, else of the nearest value (the first of
 * two equally near ones), else -1 for an empty list.
 */
export function nearestBitrateIndex(bitrates: readonly number[], wanted: number): number {
  let best = -1;
  let bestDistance = Infinity;
  bitrates.forEach((b, i) => {
    const distance = Math.abs(b - wanted);
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  });
  return best;
}
