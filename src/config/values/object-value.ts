import type { ConfigField, FieldContext } from '../config-field.js';
import { isPlainObject } from '../config-sources.js';
import { ConfigValueError, invalid, type ConfigIssue } from '../config-value-error.js';
import { suggestion } from '../did-you-mean.js';

/** `FieldValues` maps a record of fields to the record of their parsed values. */
export type FieldValues<F extends Record<string, ConfigField<unknown>>> = {
  [K in keyof F]: F[K] extends ConfigField<infer T> ? T : never;
};

/** `isCommentKey` tells whether a key is a `"//"` comment, which JSON config files use for notes. */
export function isCommentKey(key: string): boolean {
  return key.startsWith('//');
}

/**
 * `readObject` parses one list item (a webhook, a live event) member by member. Unknown members are
 * refused with a "did you mean" hint; missing required members and every invalid member are
 * reported together, with paths like `.name`.
 */
export function readObject<F extends Record<string, ConfigField<unknown>>>(
  value: unknown,
  fields: F,
  context: FieldContext,
): FieldValues<F> {
  if (!isPlainObject(value)) {
    throw invalid('an object', value);
  }
  const issues: ConfigIssue[] = [];
  const known = Object.values(fields).map((f) => f.key);
  for (const key of Object.keys(value)) {
    if (!known.includes(key) && !isCommentKey(key)) {
      issues.push({ path: `.${key}`, message: `unknown key${suggestion(key, known)}` });
    }
  }
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(fields)) {
    const member = Object.hasOwn(value, f.key) ? value[f.key] : undefined;
    out[name] = f.fallback(context);
    if (member === undefined || member === null) {
      if (f.required) {
        issues.push({ path: `.${f.key}`, message: 'missing (required)' });
      }
      continue;
    }
    try {
      out[name] = f.parse(member, context);
    } catch (error) {
      if (!(error instanceof ConfigValueError)) {
        throw error;
      }
      issues.push(...error.issues.map((i) => ({ path: `.${f.key}${i.path}`, message: i.message })));
    }
  }
  if (issues.length > 0) {
    throw new ConfigValueError(issues);
  }
  return out as FieldValues<F>;
}

/**
 * `readItems` parses every item of a JSON array with `item`, collecting issues with the item index
 * (`[2].name`). Items that fail are `undefined` in `items`, so callers can still run checks across
 * the valid ones and report everything at once.
 */
export function readItems<T>(
  value: unknown,
  what: string,
  item: (value: unknown, index: number) => T,
): { items: (T | undefined)[]; issues: ConfigIssue[] } {
  if (!Array.isArray(value)) {
    throw invalid(`a list of ${what}`, value);
  }
  const issues: ConfigIssue[] = [];
  const items = (value as unknown[]).map((v, i) => {
    try {
      return item(v, i);
    } catch (error) {
      if (!(error instanceof ConfigValueError)) {
        throw error;
      }
      issues.push(...error.issues.map((issue) => ({ path: `[${i}]${issue.path}`, message: issue.message })));
      return undefined;
    }
  });
  return { items, issues };
}

/**
 * `duplicateIssues` reports items whose `keyOf` (compared case-insensitively) repeats an earlier one,
 * e.g. `[2].name: duplicate name "studio1" (also [0])`.
 */
export function duplicateIssues<T>(
  items: readonly (T | undefined)[],
  member: string,
  keyOf: (item: T) => string | undefined,
): ConfigIssue[] {
  const seen = new Map<string, number>();
  const issues: ConfigIssue[] = [];
  for (const [i, item] of items.entries()) {
    const key = item === undefined ? undefined : keyOf(item);
    if (key === undefined) {
      continue;
    }
    const first = seen.get(key.toLowerCase());
    if (first === undefined) {
      seen.set(key.toLowerCase(), i);
    } else {
      issues.push({
        path: `[${i}].${member}`,
        message: `duplicate ${member} ${JSON.stringify(key)} (also [${first}])`,
      });
    }
  }
  return issues;
}
