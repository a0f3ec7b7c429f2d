import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CorruptFileError } from './corrupt-file-error.js';
import { locateJsonSyntaxError } from './json-syntax-error.js';

/** `WriteFileAtomicOptions` tune {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** File mode of the new file, set exactly (not masked by the umask); e.g. 0o600 for keys. Default 0o644. */
  readonly mode?: number;
}

/** Default mode: owner read/write, everyone else read (the usual umask 022 result). */
const DEFAULT_MODE = 0o644;
/** Random bytes in a temp file name: enough that two writers in one directory never collide. */
const TEMP_NAME_RANDOM_BYTES = 6;

/**
 * `writeFileAtomic` replaces `path` so that readers and crashes see either the old content or the new
 * content, never a mix: it writes a temp file in the same directory (rename is atomic only within one
 * file system, POSIX rename(2)), fsyncs it, renames it over `path` and fsyncs the directory so the
 * rename itself survives a power loss. On failure the temp file is removed and `path` is unchanged.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const dir = dirname(path);
  const suffix = `${process.pid}.${randomBytes(TEMP_NAME_RANDOM_BYTES).toString('hex')}`;
  const temp = join(dir, `.${basename(path)}.${suffix}.tmp`);
  const mode = options.mode ?? DEFAULT_MODE;
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.chmod(mode);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** fsync(2) on a directory makes a rename in it durable. Windows cannot open directories: skip there. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') {
    return;
  }
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * `writeJsonFileAtomic` writes `value` as indented JSON with a final newline through
 * {@link writeFileAtomic}.
 */
export async function writeJsonFileAtomic(
  path: string,
  value: unknown,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, options);
}

/**
 * `readJsonFile` reads and parses a JSON file. A missing file rejects with Node's usual `ENOENT` error.
 * A file that is empty, not UTF-8 or not JSON (for example torn by a crash before an atomic write
 * existed) rejects with {@link CorruptFileError} naming the path and the position; the file is never
 * replaced or deleted here.
 */
export async function readJsonFile(path: string): Promise<unknown> {
  return parseJsonFile(path, await readFile(path));
}

/** `readJsonFileSync` is {@link readJsonFile} for start-up code that must not be async. */
export function readJsonFileSync(path: string): unknown {
  return parseJsonFile(path, readFileSync(path));
}

function parseJsonFile(path: string, bytes: Uint8Array): unknown {
  if (bytes.byteLength === 0) {
    throw new CorruptFileError({ path, reason: 'the file is empty', position: 0, line: 1, column: 1 });
  }
  let text: string;
  try {
    // TextDecoder drops a leading byte order mark, which some editors write and JSON.parse refuses
    // (RFC 8259 §8.1 lets parsers ignore it).
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new CorruptFileError({ path, reason: 'the file is not valid UTF-8 text', cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    const located = locateJsonSyntaxError(text);
    throw new CorruptFileError({
      path,
      reason: `invalid JSON: ${located?.message ?? (cause instanceof Error ? cause.message : String(cause))}`,
      cause,
      ...(located === undefined
        ? {}
        : { position: located.position, line: located.line, column: located.column }),
    });
  }
}
