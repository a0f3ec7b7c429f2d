import type { ConfigField, FieldContext } from './config-field.js';
import { ConfigValueError } from './config-value-error.js';

/** `ConfigFileData` is a parsed config file: its absolute path and top-level object. */
export interface ConfigFileData {
  readonly path: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** `EnvironmentVariables` is `process.env` or a test's stand-in. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/** `isPlainObject` tells whether a JSON value is an object (not an array or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lookup(data: Readonly<Record<string, unknown>>, key: string): unknown {
  let node: unknown = data;
  for (const part of key.split('.')) {
    if (!isPlainObject(node) || !Object.hasOwn(node, part)) {
      return undefined;
    }
    node = node[part];
  }
  return node;
}

/**
 * `ConfigSources` resolves each field from its sources: the environment variable when set, else the
 * config file when the key is present and not `null`, else the default. Invalid values are recorded
 * as problems (prefixed with their source and key) and replaced by the default, so that loading goes
 * on and reports every problem at once.
 */
export class ConfigSources {
  readonly context: FieldContext;
  #file: ConfigFileData | undefined;
  #env: EnvironmentVariables;
  #problems: string[] = [];
  #origins = new Map<string, string>();
  #invalid = new Set<string>();

  constructor(options: {
    file: ConfigFileData | undefined;
    env: EnvironmentVariables;
    context: FieldContext;
  }) {
    this.#file = options.file;
    this.#env = options.env;
    this.context = options.context;
  }

  /** Problems recorded so far. */
  get problems(): readonly string[] {
    return this.#problems;
  }

  /** `read` returns the field's value from the highest-priority source that sets it. */
  read<T>(f: ConfigField<T>): T {
    const envValue = f.env === undefined ? undefined : this.#env[f.env];
    if (f.env !== undefined && envValue !== undefined) {
      return this.#parse(f, envValue, `environment ${f.env}`);
    }
    const fileValue = this.#file === undefined ? undefined : lookup(this.#file.data, f.key);
    if (this.#file !== undefined && fileValue !== undefined && fileValue !== null) {
      return this.#parse(f, fileValue, `config file ${this.#file.path}`);
    }
    return f.fallback(this.context);
  }

  /**
   * `origin` says where a key's value came from (`config file …`, `environment …`), or `undefined`
   * for defaults.
   */
  origin(key: string): string | undefined {
    return this.#origins.get(key);
  }

  /** `isInvalid` tells whether the key's value was rejected (and replaced by its default). */
  isInvalid(key: string): boolean {
    return this.#invalid.has(key);
  }

  /**
   * `report` records a problem with `key` (and `path` inside its value, e.g. `[1]`), attributed to
   * where its value came from.
   */
  report(key: string, message: string, path = ''): void {
    this.#problems.push(`${this.#origins.get(key) ?? 'defaults'}: ${key}${path}: ${message}`);
  }

  /** `add` records a problem that is already fully worded. */
  add(problem: string): void {
    this.#problems.push(problem);
  }

  #parse<T>(f: ConfigField<T>, value: unknown, source: string): T {
    this.#origins.set(f.key, source);
    try {
      return f.parse(value, this.context);
    } catch (error) {
      if (!(error instanceof ConfigValueError)) {
        throw error;
      }
      this.#invalid.add(f.key);
      for (const issue of error.issues) {
        this.#problems.push(`${source}: ${f.key}${issue.path}: ${issue.message}`);
      }
      return f.fallback(this.context);
    }
  }
}
