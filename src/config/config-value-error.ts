/** `ConfigIssue` is one problem inside a value: `path` continues the key (`[1]`, `.url`, or ''). */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * `ConfigValueError` is thrown by value parsers. It carries one or more issues, each relative to the
 * value being parsed; the loader prefixes them with the source (file or environment variable) and key.
 */
export class ConfigValueError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; '));
    this.name = 'ConfigValueError';
    this.issues = issues;
  }
}

/** Longest rendering of an offending value in a message; longer ones are cut with "…". */
const MAX_SHOWN = 60;

/** `showValue` renders an offending value for a message: JSON, cut to a readable length. */
export function showValue(value: unknown): string {
  const text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** `invalid` builds a single-issue {@link ConfigValueError}: `expected <what>, got <value>`. */
export function invalid(expected: string, value: unknown, path = ''): ConfigValueError {
  return new ConfigValueError([{ path, message: `expected ${expected}, got ${showValue(value)}` }]);
}
