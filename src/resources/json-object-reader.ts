import { ResourceError } from './resource-error.js';

/** `isJsonObject` tells whether `value` is a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * `JsonObjectReader` reads typed fields of one parsed JSON object and throws a `BadRequest`
 * {@link ResourceError} whose message and `target` name the property path (`properties.input.accessToken`)
 * when a field has the wrong type. `null` counts as absent for optional fields (ARM clients send
 * `null` for unset properties).
 */
export class JsonObjectReader {
  readonly path: string;
  readonly #value: Record<string, unknown>;

  constructor(value: unknown, path: string) {
    if (!isJsonObject(value)) {
      throw new ResourceError(
        'BadRequest',
        `${path || 'the body'} must be a JSON object, not ${describe(value)}`,
        path,
      );
    }
    this.#value = value;
    this.path = path;
  }

  /** `at` is the path of property `key` below this object. */
  at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  /** `has` tells whether `key` is present and not null. */
  has(key: string): boolean {
    const v = this.#value[key];
    return v !== undefined && v !== null;
  }

  /** `raw` is the value of `key` as parsed, `undefined` when absent or null. */
  raw(key: string): unknown {
    const v = this.#value[key];
    return v === null ? undefined : v;
  }

  #fail(key: string, expected: string, value: unknown): never {
    throw new ResourceError(
      'BadRequest',
      `${this.at(key)} must be ${expected}, not ${describe(value)}`,
      this.at(key),
    );
  }

  /** `optString` reads an optional string. */
  optString(key: string): string | undefined {
    const v = this.raw(key);
    if (v === undefined || typeof v === 'string') {
      return v;
    }
    return this.#fail(key, 'a string', v);
  }

  /** `string` reads a required string. */
  string(key: string): string {
    const v = this.optString(key);
    if (v === undefined) {
      throw new ResourceError('BadRequest', `${this.at(key)} is required`, this.at(key));
    }
    return v;
  }

  /** `optBoolean` reads an optional boolean. */
  optBoolean(key: string): boolean | undefined {
    const v = this.raw(key);
    if (v === undefined || typeof v === 'boolean') {
      return v;
    }
    return this.#fail(key, 'true or false', v);
  }

  /** `optInteger` reads an optional safe integer. */
  optInteger(key: string): number | undefined {
    const v = this.raw(key);
    if (v === undefined || (typeof v === 'number' && Number.isSafeInteger(v))) {
      return v;
    }
    return this.#fail(key, 'an integer', v);
  }

  /** `optObject` reads an optional nested object. */
  optObject(key: string): JsonObjectReader | undefined {
    const v = this.raw(key);
    return v === undefined ? undefined : new JsonObjectReader(v, this.at(key));
  }

  /** `object` reads a required nested object. */
  object(key: string): JsonObjectReader {
    const r = this.optObject(key);
    if (r === undefined) {
      throw new ResourceError('BadRequest', `${this.at(key)} is required`, this.at(key));
    }
    return r;
  }

  /** `optArray` reads an optional array; its items are left to the caller (paths: `key[i]`). */
  optArray(key: string): readonly unknown[] | undefined {
    const v = this.raw(key);
    if (v === undefined || Array.isArray(v)) {
      return v;
    }
    return this.#fail(key, 'an array', v);
  }

  /** `optObjects` reads an optional array of objects. */
  optObjects(key: string): JsonObjectReader[] | undefined {
    return this.optArray(key)?.map((item, i) => new JsonObjectReader(item, `${this.at(key)}[${i}]`));
  }

  /** `optStrings` reads an optional array of strings. */
  optStrings(key: string): string[] | undefined {
    return this.optArray(key)?.map((item, i) => {
      if (typeof item !== 'string') {
        throw new ResourceError(
          'BadRequest',
          `${this.at(key)}[${i}] must be a string, not ${describe(item)}`,
          `${this.at(key)}[${i}]`,
        );
      }
      return item;
    });
  }

  /** `optStringMap` reads an optional object whose values are all strings (ARM `tags`). */
  optStringMap(key: string): Record<string, string> | undefined {
    const r = this.optObject(key);
    if (r === undefined) {
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const k of r.keys()) {
      Object.defineProperty(out, k, {
        value: r.string(k),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }

  /** `keys` are the object's own property names. */
  keys(): string[] {
    return Object.keys(this.#value);
  }
}
