import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';

/**
 * Where a `SegmentFile` is in its life:
 * - `open`: appends are queued and written in order; `get` answers absent;
 * - `failed`: an append was dropped or a write failed; later appends are ignored until `finish` or `delete`;
 * - `finished`: `finish` was called; the queued writes, close (and rename) follow; `get` answers the whole
 *   segment from the file's written bytes and the queued ones;
 * - `gone`: finished after a failure, deleted, or aborted at close: waits for its partial data to be
 *   removed; `get` answers absent.
 */
export type SegmentFileState = 'open' | 'failed' | 'finished' | 'gone';

/** `SegmentFile` is one segment a `DiskSegmentStore` is writing, from its first append to its close. */
export interface SegmentFile {
  readonly key: string;
  /** The key's file. */
  readonly path: string;
  /** The file written: `path`, or a temp name beside it (atomic stores). */
  readonly target: string;
  state: SegmentFileState;
  /** Opened (read-write, so `get` can read the written bytes) by the first write. */
  handle: FileHandle | undefined;
  /** `target` was created: a partial file to remove if the segment is lost. */
  created: boolean;
  /** Bytes on disk, from offset 0. */
  written: number;
  /** Chunks appended and not yet on disk, in order (the first ones may be in a write now). */
  queued: Uint8Array[];
  queuedBytes: number;
  /** A write job of this file is in the store's queue. */
  writeQueued: boolean;
  /** The close (and rename) has begun: `get` waits for `done` and reads the file. */
  closing: boolean;
  /** The partial data was removed (after a failure). */
  discarded: boolean;
  /** Reads of the written bytes in flight: the handle is closed only after them. */
  readonly reads: Set<Promise<unknown>>;
  /** Settles `done`: `true` once stored whole. */
  settle: (ok: boolean) => void;
  /** What `finish` returns. */
  readonly done: Promise<boolean>;
}

/** `newSegmentFile` is the record of a segment opened by its first append. */
export function newSegmentFile(key: string, path: string, atomic: boolean): SegmentFile {
  let settle: (ok: boolean) => void = () => undefined;
  const done = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  const file: SegmentFile = {
    key,
    path,
    target: atomic ? `${path}.tmp` : path,
    state: 'open',
    handle: undefined,
    created: false,
    written: 0,
    queued: [],
    queuedBytes: 0,
    writeQueued: false,
    closing: false,
    discarded: false,
    reads: new Set(),
    settle: () => undefined,
    done,
  };
  // Settles once: a later call (a delete after the close, say) changes nothing.
  file.settle = (ok) => {
    file.settle = () => undefined;
    settle(ok);
  };
  return file;
}

/**
 * `readFinished` is the whole of a finished `file` whose writes are still queued: the bytes written so
 * far, read through its open handle (the writer appends past them with positional writes, so they do not
 * change; the read is tracked in `file.reads` so the handle is not closed under it), then the queued
 * chunks. Both are taken before the first await, so they join up whatever the writer does meanwhile.
 */
export async function readFinished(file: SegmentFile): Promise<readonly Uint8Array[]> {
  const length = file.written;
  const tail = file.queued.slice();
  const handle = file.handle;
  if (length === 0) {
    return tail;
  }
  if (handle === undefined) {
    throw new Error(`segment ${file.key} has ${length} bytes written and no open file`);
  }
  const buffer = Buffer.allocUnsafe(length);
  const read = handle.read(buffer, 0, length, 0);
  file.reads.add(read);
  try {
    const { bytesRead } = await read;
    if (bytesRead !== length) {
      throw new Error(`read ${bytesRead} of ${length} written bytes`);
    }
    return [buffer, ...tail];
  } finally {
    file.reads.delete(read);
  }
}

/** Waits for the reads of `file` in flight (their failures are the readers'). */
export async function readsSettled(file: SegmentFile): Promise<void> {
  while (file.reads.size > 0) {
    await Promise.allSettled([...file.reads]);
  }
}

/** `keyPath` is the file of `key` under `dir`, or `undefined` for a key that would leave `dir`. */
export function keyPath(dir: string, key: string): string | undefined {
  const normalized = normalize(key);
  if (key === '' || isAbsolute(key) || normalized.startsWith('..') || normalized.includes(`${sep}..${sep}`)) {
    return undefined;
  }
  return join(dir, normalized);
}

/**
 * `writeQueued` writes every chunk queued for `file` with one positional `writev` at its end, opening
 * the file first (after `makeDir`) when this is its first write, and returns the bytes written; the
 * caller moves them from the queue to `written`. Throws when the file system fails or writes short.
 */
export async function writeQueued(
  file: SegmentFile,
  makeDir: (path: string) => Promise<void>,
): Promise<{ readonly chunks: number; readonly bytes: number }> {
  const batch = file.queued.slice();
  const bytes = file.queuedBytes;
  if (file.handle === undefined) {
    await makeDir(file.path);
    file.handle = await open(file.target, 'w+');
    file.created = true;
  }
  const { bytesWritten } = await file.handle.writev(batch, file.written);
  if (bytesWritten !== bytes) {
    throw new Error(`wrote ${bytesWritten} of ${bytes} bytes`);
  }
  return { chunks: batch.length, bytes };
}

/**
 * `closeWritten` completes a finished file: waits for its reads, closes it (creating it empty when
 * nothing was written) and renames it from its temp name. Throws when the file system fails.
 */
export async function closeWritten(
  file: SegmentFile,
  makeDir: (path: string) => Promise<void>,
): Promise<void> {
  await readsSettled(file);
  if (file.handle === undefined) {
    await makeDir(file.path);
    file.handle = await open(file.target, 'w+');
    file.created = true;
  }
  const handle = file.handle;
  file.handle = undefined;
  await handle.close();
  if (file.target !== file.path) {
    await rename(file.target, file.path);
  }
}

/**
 * `removePartial` closes `file` after its reads and removes its target when it was created; throws when
 * `rm` fails.
 */
export async function removePartial(file: SegmentFile): Promise<void> {
  await readsSettled(file);
  const handle = file.handle;
  file.handle = undefined;
  await handle?.close().catch(() => undefined);
  if (file.created) {
    await rm(file.target, { force: true });
  }
}
