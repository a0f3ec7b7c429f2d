/**
 * `CorruptFileError` reports a file whose content cannot be read as what it should be (a torn write,
 * a truncated copy, bytes that are not JSON). `path` is the file; `position`, `line` and `column`
 * (0-based character offset, 1-based line and column) say where reading stopped, when that is known.
 * The file is left untouched: the message tells the operator to fix or restore it.
 */
export class CorruptFileError extends Error {
  readonly path: string;
  /** What is wrong, without the path (`the file is empty`, `invalid JSON: unexpected "}"…`). */
  readonly reason: string;
  readonly position: number | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(options: {
    path: string;
    reason: string;
    position?: number;
    line?: number;
    column?: number;
    cause?: unknown;
  }) {
    const where =
      options.line === undefined
        ? ''
        : ` at line ${options.line} column ${options.column ?? 0} (position ${options.position ?? 0})`;
    super(
      `corrupt file ${options.path}${where}: ${options.reason}; ` +
        'the file was left as it is: fix it or restore it from a backup',
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'CorruptFileError';
    this.path = options.path;
    this.reason = options.reason;
    this.position = options.position;
    this.line = options.line;
    this.column = options.column;
  }
}
