/**
 * RTMP message timestamps are unsigned 32-bit milliseconds and wrap every 2^32 ms (about 49.7 days).
 * Adobe RTMP specification (2012) §4: applications should use serial-number arithmetic and may assume
 * that adjacent timestamps are within 2^31 - 1 ms of each other.
 */
const TIMESTAMP_RANGE = 2 ** 32;
const HALF_RANGE = 2 ** 31;

/**
 * `unwrapTimestamp` turns a raw 32-bit timestamp into the 64-bit millisecond value nearest to
 * `reference` (an unwrapped value) that is congruent to it modulo 2^32: a raw value more than 2^31 ms
 * below the reference is read as a wrap forwards, one more than 2^31 ms above it as a step back across
 * a wrap (RTMP specification §4). `raw` is reduced modulo 2^32 first (`ToUint32`).
 */
export function unwrapTimestamp(raw: number, reference: number): number {
  let delta = ((raw >>> 0) - reference) % TIMESTAMP_RANGE;
  if (delta < 0) {
    delta += TIMESTAMP_RANGE;
  }
  if (delta >= HALF_RANGE) {
    delta -= TIMESTAMP_RANGE;
  }
  return reference + delta;
}
