/**
 * Range checks for box fields. Box writers call these before writing so that a value that does not
 * fit its field fails loudly instead of being truncated into wrong but well-formed bytes.
 */

/** `assertUint` throws a `RangeError` unless `value` is an integer in [0, `max`]. */
export function assertUint(what: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${what} must be an integer from 0 to ${max}, got ${value}`);
  }
}

/** `assertUint32` throws a `RangeError` unless `value` fits an unsigned 32-bit field. */
export function assertUint32(what: string, value: number): void {
  assertUint(what, value, 0xffff_ffff);
}

/** `assertUint64` throws a `RangeError` unless `value` is a non-negative safe integer (64-bit fields). */
export function assertUint64(what: string, value: number): void {
  assertUint(what, value, Number.MAX_SAFE_INTEGER);
}

/** `assertInt32` throws a `RangeError` unless `value` fits a signed 32-bit field. */
export function assertInt32(what: string, value: number): void {
  if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0x7fff_ffff) {
    throw new RangeError(`${what} must be a signed 32-bit integer, got ${value}`);
  }
}
