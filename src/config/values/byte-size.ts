import type { ValueParser } from '../config-field.js';
import { invalid } from '../config-value-error.js';

/** Bytes per unit: IEC binary prefixes (KiB = 1024) and SI decimal ones (kB = 1000), IEC 80000-13. */
const UNITS: ReadonlyMap<string, number> = new Map([
  ['b', 1],
  ['kb', 1000],
  ['mb', 1000 ** 2],
  ['gb', 1000 ** 3],
  ['kib', 1024],
  ['mib', 1024 ** 2],
  ['gib', 1024 ** 3],
]);

const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;

/**
 * `parseByteSize` reads a size: a whole number of bytes (`8388608`, `"8388608"`) or a number with a
 * unit, case-insensitive: `B`, `kB`/`MB`/`GB` (powers of 1000), `KiB`/`MiB`/`GiB` (powers of 1024).
 * Returns `undefined` for anything else or a result that is not a whole number of bytes.
 */
export function parseByteSize(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const m = SIZE.exec(value.trim());
  const unit = UNITS.get((m?.[2] ?? '').toLowerCase() || 'b');
  if (m === null || unit === undefined) {
    return undefined;
  }
  const bytes = Number(m[1]) * unit;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** `byteSizeValue` accepts a size (see {@link parseByteSize}) within `min..max` bytes. */
export function byteSizeValue(options: { min: number; max: number; range: string }): ValueParser<number> {
  return (value) => {
    const bytes = parseByteSize(value);
    if (bytes === undefined || bytes < options.min || bytes > options.max) {
      throw invalid(`a size ${options.range} like 8MiB, 512MiB or a number of bytes`, value);
    }
    return bytes;
  };
}
