import { isPlainObject, type EnvironmentVariables } from './config-sources.js';
import { didYouMean, suggestion } from './did-you-mean.js';
import { showValue } from './config-value-error.js';
import { isCommentKey } from './values/object-value.js';

/** Top-level keys that are not configuration: a JSON Schema reference for editors. */
const IGNORED_TOP_LEVEL = new Set(['$schema']);

/**
 * `findUnknownKeys` walks a config file against the known dotted keys and returns a problem (without
 * the source prefix) for every key that is not one of them, with a "did you mean" hint for typos, and
 * for every section that is not an object. Values of known keys are left to their parsers.
 */
export function findUnknownKeys(
  data: Readonly<Record<string, unknown>>,
  knownKeys: readonly string[],
): string[] {
  const leaves = new Set(knownKeys);
  const sections = new Set<string>();
  for (const key of knownKeys) {
    const parts = key.split('.');
    for (let i = 1; i < parts.length; i += 1) {
      sections.add(parts.slice(0, i).join('.'));
    }
  }
  const all = [...sections, ...leaves];
  const problems: string[] = [];
  const walk = (node: Readonly<Record<string, unknown>>, prefix: string): void => {
    for (const [key, value] of Object.entries(node)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (leaves.has(path) || isCommentKey(key) || (prefix === '' && IGNORED_TOP_LEVEL.has(key))) {
        continue;
      }
      if (!sections.has(path)) {
        problems.push(`${path}: unknown key${suggestion(path, all)}`);
      } else if (isPlainObject(value)) {
        walk(value, path);
      } else if (value !== null) {
        problems.push(`${path}: expected an object with ${path}.* keys, got ${showValue(value)}`);
      }
    }
  };
  walk(data, '');
  return problems;
}

/** Environment variables under this prefix belong to Inlet. */
const ENV_PREFIX = 'INLET_';

/**
 * `findMistypedEnv` returns a problem for every `INLET_*` variable that is not known but close to one
 * that is (a typo that would otherwise be ignored). Other unknown `INLET_*` variables are left alone:
 * scripts and tests may use the prefix for their own settings.
 */
export function findMistypedEnv(env: EnvironmentVariables, knownEnv: readonly string[]): string[] {
  const known = new Set(knownEnv);
  const problems: string[] = [];
  for (const name of Object.keys(env)) {
    if (!name.startsWith(ENV_PREFIX) || known.has(name) || env[name] === undefined) {
      continue;
    }
    const match = didYouMean(name, knownEnv);
    if (match !== undefined) {
      problems.push(`environment ${name}: unknown variable (did you mean ${match}?)`);
    }
  }
  return problems;
}
