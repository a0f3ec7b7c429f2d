import { microsText } from '../decimal-seconds.js';

/**
 * `isoDuration` prints milliseconds as an `xs:duration` in seconds (ISO/IEC 23009-1 uses xs:duration for
 * every MPD time span): `PT0S`, `PT2S`, `PT12.345S`. Seconds are never carried into minutes or hours, which
 * xs:duration allows and every MPD parser reads. Negative spans are printed as `PT0S`.
 */
export function isoDuration(ms: number): string {
  // Milliseconds are the resolution of the wall clock behind every MPD time span.
  return `PT${microsText(Math.max(0, Math.round(ms)) * 1000, 0)}S`;
}
