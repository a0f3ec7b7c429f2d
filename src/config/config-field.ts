/** `FieldContext` is what parsers and defaults may depend on besides the value itself. */
export interface FieldContext {
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** The machine's host name (default of `publicHostname`). */
  readonly hostname: string;
  /** Whether stdout is a terminal (default of `log.pretty`). */
  readonly stdoutIsTty: boolean;
  /** CPU cores the process may use (default of `workers`). */
  readonly cores: number;
}

/** `ValueParser` validates a value from the config file (any JSON) or the environment (a string). */
export type ValueParser<T> = (value: unknown, context: FieldContext) => T;

/**
 * `ConfigField` describes one configuration key: where it is read from, its documented default, and
 * how its value is validated. Parsers throw `ConfigValueError`; the same parser reads file and
 * environment values, so numbers, lists and booleans also accept their text forms.
 */
export interface ConfigField<T> {
  /** Dotted key in the config file (`rtmp.ports`), or the member name inside a list item. */
  readonly key: string;
  /** Environment variable that overrides the file, if any. */
  readonly env: string | undefined;
  /** The default as documented in the reference (`1935,1936`, `20s`). */
  readonly default: string;
  readonly description: string;
  readonly parse: ValueParser<T>;
  /** The value used when the key is absent (or `null` in the file). */
  readonly fallback: (context: FieldContext) => T;
  /** List items only: the member must be present. */
  readonly required: boolean;
}

/** `FieldSpec` is what {@link field} needs; `env` and `required` are optional there. */
export interface FieldSpec<T> {
  readonly key: string;
  readonly env?: string;
  readonly default: string;
  readonly description: string;
  readonly parse: ValueParser<T>;
  readonly fallback: (context: FieldContext) => T;
  readonly required?: boolean;
}

/** `field` declares a {@link ConfigField}. */
export function field<T>(spec: FieldSpec<T>): ConfigField<T> {
  return { ...spec, env: spec.env, required: spec.required ?? false };
}
