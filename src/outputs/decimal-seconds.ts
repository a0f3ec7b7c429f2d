/**
 * Decimal text for playlist durations. RFC 8216bis §4.4.4.1 asks for EXTINF durations "with enough
 * accuracy to avoid perceptible error when segment durations are accumulated": durations are printed to
 * the microsecond (far below one 90 kHz tick, 11 µs) with trailing zeros trimmed, but never fewer than
 * `minDecimals` decimals so that integral values still read as decimal-floating-point (`2.000`).
 */

/** Microseconds per second: the resolution of every duration the builders print. */
const MICROS_PER_SECOND = 1_000_000;

/** `microsText` prints a whole number of microseconds as seconds with `minDecimals` to 6 decimals. */
export function microsText(micros: number, minDecimals: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(Math.round(micros));
  const whole = Math.floor(abs / MICROS_PER_SECOND);
  let fraction = String(abs % MICROS_PER_SECOND).padStart(6, '0');
  while (fraction.length > minDecimals && fraction.endsWith('0')) {
    fraction = fraction.slice(0, -1);
  }
  return fraction.length === 0 ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}

/** `decimalSeconds` prints `ticks / timescale` seconds (e.g. `180180 / 90000` → `2.002`). */
export function decimalSeconds(ticks: number, timescale: number, minDecimals = 3): string {
  return microsText((ticks * MICROS_PER_SECOND) / timescale, minDecimals);
}

/** `decimalText` prints a value in seconds (e.g. `0.5` → `0.500`, `12` → `12.000`). */
export function decimalText(seconds: number, minDecimals = 3): string {
  return microsText(seconds * MICROS_PER_SECOND, minDecimals);
}
