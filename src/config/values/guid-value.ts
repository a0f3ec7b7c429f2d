import type { ValueParser } from '../config-field.js';
import { invalid } from '../config-value-error.js';

/** RFC 9562 §4 UUID text form (8-4-4-4-12 hex digits), the form ARM uses for GUIDs. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `isGuid` tells whether `text` is a GUID in 8-4-4-4-12 form. */
export function isGuid(text: string): boolean {
  return GUID.test(text);
}

/** `guidValue` accepts a GUID such as `1fce2e4b-fb15-4718-8adc-68c6eb4c26a7`. */
export const guidValue: ValueParser<string> = (value) => {
  if (typeof value !== 'string' || !isGuid(value.trim())) {
    throw invalid('a GUID like 1fce2e4b-fb15-4718-8adc-68c6eb4c26a7', value);
  }
  return value.trim();
};
