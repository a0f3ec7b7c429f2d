import { suggestion } from '../did-you-mean.js';
import { ConfigValueError, invalid, showValue } from '../config-value-error.js';
import type { ValueParser } from '../config-field.js';

/** `stringValue` accepts a string, trimmed; `pattern` and `what` describe stricter forms. */
export function stringValue(
  options: { what?: string; pattern?: RegExp; allowEmpty?: boolean } = {},
): ValueParser<string> {
  const what = options.what ?? (options.allowEmpty === true ? 'a string' : 'a non-empty string');
  return (value) => {
    if (typeof value !== 'string') {
      throw invalid(what, value);
    }
    const text = value.trim();
    if (
      (text === '' && options.allowEmpty !== true) ||
      (options.pattern !== undefined && !options.pattern.test(text))
    ) {
      throw invalid(what, value);
    }
    return text;
  };
}

/** `optionalStringValue` is {@link stringValue} where an empty string means "not set". */
export function optionalStringValue(options: { what?: string } = {}): ValueParser<string | undefined> {
  const parse = stringValue(options);
  return (value, context) => (value === '' ? undefined : parse(value, context));
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** `booleanValue` accepts `true`/`false`, and in text also `1`/`0`, `yes`/`no`, `on`/`off`. */
export const booleanValue: ValueParser<boolean> = (value) => {
  if (typeof value === 'boolean') {
    return value;
  }
  const word = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (word !== undefined && TRUE_WORDS.has(word)) {
    return true;
  }
  if (word !== undefined && FALSE_WORDS.has(word)) {
    return false;
  }
  throw invalid('true or false', value);
};

/** `toInteger` reads a whole number or its decimal text, or returns `undefined`. */
export function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? value : undefined;
  }
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

/** `integerValue` accepts a whole number in `min..max` (or its text). */
export function integerValue(options: { min: number; max: number; what?: string }): ValueParser<number> {
  const what = options.what ?? `a whole number ${options.min}..${options.max}`;
  return (value) => {
    const n = toInteger(value);
    if (n === undefined || n < options.min || n > options.max) {
      throw invalid(what, value);
    }
    return n;
  };
}

/**
 * `enumValue` accepts one of `choices` exactly, suggesting the closest one for a typo. `what` replaces
 * the list of choices in messages when that list is too long to read.
 */
export function enumValue<const T extends string>(
  choices: readonly T[],
  what = `one of ${choices.join(', ')}`,
): ValueParser<T> {
  return (value) => {
    const text = typeof value === 'string' ? value.trim() : undefined;
    const match = choices.find((c) => c === text);
    if (match !== undefined) {
      return match;
    }
    const hint = text === undefined ? '' : suggestion(text, choices);
    throw new ConfigValueError([{ path: '', message: `expected ${what}, got ${showValue(value)}${hint}` }]);
  };
}

/**
 * `listValue` accepts a JSON array or, as the environment gives it, comma-separated text, and parses
 * each item with `item`; issues name the item index (`[1]`).
 */
export function listValue<T>(item: ValueParser<T>, what: string): ValueParser<T[]> {
  return (value, context) => {
    const items =
      typeof value === 'string'
        ? value.trim() === ''
          ? []
          : value.split(',').map((s) => s.trim())
        : Array.isArray(value)
          ? (value as unknown[])
          : undefined;
    if (items === undefined) {
      throw invalid(`${what} (a list, or comma-separated text)`, value);
    }
    const issues: { path: string; message: string }[] = [];
    const out: T[] = [];
    for (const [i, v] of items.entries()) {
      try {
        out.push(item(v, context));
      } catch (error) {
        if (!(error instanceof ConfigValueError)) {
          throw error;
        }
        issues.push(
          ...error.issues.map((issue) => ({ path: `[${i}]${issue.path}`, message: issue.message })),
        );
      }
    }
    if (issues.length > 0) {
      throw new ConfigValueError(issues);
    }
    return out;
  };
}
