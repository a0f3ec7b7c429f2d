import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ValueParser } from '../config-field.js';
import { ConfigValueError, invalid } from '../config-value-error.js';

/** `directoryPathValue` accepts a path, resolved against the working directory. It may not exist yet. */
export const directoryPathValue: ValueParser<string> = (value, context) => {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid('a directory path', value);
  }
  const path = resolve(context.cwd, value.trim());
  let isFile = false;
  try {
    isFile = !statSync(path).isDirectory();
  } catch {
    // Missing: created at start.
  }
  if (isFile) {
    throw new ConfigValueError([{ path: '', message: `${path} exists and is not a directory` }]);
  }
  return path;
};

/**
 * `readableFileValue` accepts the path of a file that exists and can be read, resolved against the
 * working directory; an empty string means "not set".
 */
export const readableFileValue: ValueParser<string | undefined> = (value, context) => {
  if (value === '') {
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid('a file path', value);
  }
  const path = resolve(context.cwd, value.trim());
  try {
    if (!statSync(path).isFile()) {
      throw new ConfigValueError([{ path: '', message: `${path} is not a file` }]);
    }
    accessSync(path, constants.R_OK);
  } catch (error) {
    if (error instanceof ConfigValueError) {
      throw error;
    }
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`;
    throw new ConfigValueError([{ path: '', message: `file ${path} ${why}` }]);
  }
  return path;
};
