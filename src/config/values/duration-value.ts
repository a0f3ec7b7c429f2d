import { formatDuration, parseDuration } from '../../lib/time/duration.js';
import type { ValueParser } from '../config-field.js';
import { invalid } from '../config-value-error.js';

/**
 * `durationValue` accepts a duration (`'20s'`, `'500ms'`, `'2m'`, `'1h'`, `'7d'`, `'PT20S'` or a number
 * of milliseconds, see `parseDuration`) within `min..max` ms, and yields milliseconds.
 */
export function durationValue(options: { min: number; max: number }): ValueParser<number> {
  const range = `${formatDuration(options.min)}..${formatDuration(options.max)}`;
  return (value) => {
    let ms: number | undefined;
    if (typeof value === 'number' || typeof value === 'string') {
      try {
        ms = parseDuration(value);
      } catch {
        ms = undefined;
      }
    }
    if (ms === undefined || ms < options.min || ms > options.max) {
      throw invalid(`a duration ${range} like 500ms, 20s, 2m, 1h or PT20S`, value);
    }
    return ms;
  };
}
