import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskSegmentStore } from './disk-segment-store.js';
import { MemorySegmentStore } from './segment-store.js';

const root = mkdtempSync(join(tmpdir(), 'inlet-store-'));
const logger = pino({ level: 'silent' });
const newStore = (
  options: { maxQueuedBytes?: number; atomic?: boolean; emptyFirst?: boolean } = {},
): DiskSegmentStore => new DiskSegmentStore({ dir: mkdtempSync(join(root, 's-')), logger, ...options });
const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('DiskSegmentStore', () => {
  it('serves a queued write from memory, then writes the chunks as one file without a temp left over', async () => {
    const store = newStore();
    const chunks = [bytes(1, 2), bytes(3), bytes(4, 5, 6)];
    const written = store.put('v/0.m4s', chunks);
    expect(await store.get('v/0.m4s')).toBe(chunks);
    expect(await written).toBe(true);
    expect([...readFileSync(join(store.dir, 'v/0.m4s'))]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(readdirSync(join(store.dir, 'v'))).toEqual(['0.m4s']);
    expect((await store.get('v/0.m4s'))?.map((c) => [...c])).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect(store.stats()).toMatchObject({ written: 1, failed: 0, queuedBytes: 0 });
  });

  it('in place (atomic false) writes the final name only, and serves the key from the queue until written', async () => {
    const store = newStore({ atomic: false });
    const chunks = [bytes(7), bytes(8, 9)];
    const written = store.put('v/1.m4s', chunks);
    expect(await store.get('v/1.m4s')).toBe(chunks);
    expect(await written).toBe(true);
    expect(readdirSync(join(store.dir, 'v'))).toEqual(['1.m4s']);
    expect([...readFileSync(join(store.dir, 'v/1.m4s'))]).toEqual([7, 8, 9]);
  });

  it('emptyFirst removes what an earlier run left before its first write', async () => {
    const dir = mkdtempSync(join(root, 'left-'));
    writeFileSync(join(dir, 'partial.m4s'), 'half a segment');
    const store = new DiskSegmentStore({ dir, logger, atomic: false, emptyFirst: true });
    expect(await store.put('v/0.m4s', [bytes(1)])).toBe(true);
    expect(readdirSync(dir)).toEqual(['v']);
    await store.close();
  });

  it('deletes files, and a delete of a key still queued cancels its write', async () => {
    const store = newStore();
    const inFlight = store.put('a/1.m4s', [bytes(1)]);
    const queued = store.put('a/2.m4s', [bytes(2)]);
    store.delete('a/2.m4s');
    store.delete('a/1.m4s');
    expect(await queued).toBe(false);
    expect(await inFlight).toBe(true);
    await store.idle();
    expect(existsSync(join(store.dir, 'a/1.m4s'))).toBe(false);
    expect(existsSync(join(store.dir, 'a/2.m4s'))).toBe(false);
    expect(await store.get('a/2.m4s')).toBeUndefined();
    expect(store.stats()).toMatchObject({ written: 1, deleted: 2 });
  });

  it('drops writes past the queue bound and counts them', async () => {
    const store = newStore({ maxQueuedBytes: 10 });
    const first = store.put('x/1.m4s', [new Uint8Array(8)]);
    const second = store.put('x/2.m4s', [new Uint8Array(8)]);
    expect(await second).toBe(false);
    expect(await first).toBe(true);
    expect(store.stats().dropped).toBe(1);
  });

  it('counts a failed write without throwing (the directory is a file)', async () => {
    const store = newStore();
    writeFileSync(join(root, 'blocker'), 'x');
    const blocked = new DiskSegmentStore({ dir: join(root, 'blocker'), logger });
    expect(await blocked.put('v/1.m4s', [bytes(1)])).toBe(false);
    expect(blocked.stats().failed).toBe(1);
    expect(await store.put('../escape.m4s', [bytes(1)])).toBe(false);
    expect(await store.put('/etc/escape.m4s', [bytes(1)])).toBe(false);
    expect(existsSync(join(root, 'escape.m4s'))).toBe(false);
  });

  it('refuses writes after close; close is idempotent', async () => {
    const store = newStore();
    const pending = store.put('c/1.m4s', [bytes(1)]);
    await Promise.all([store.close(), store.close()]);
    expect(await pending).toBe(true);
    expect(await store.put('c/2.m4s', [bytes(2)])).toBe(false);
  });
});

describe('MemorySegmentStore', () => {
  it('holds the chunks it is given', async () => {
    const store = new MemorySegmentStore();
    const chunks = [bytes(1)];
    expect(await store.put('k', chunks)).toBe(true);
    expect(await store.get('k')).toBe(chunks);
    store.delete('k');
    expect(await store.get('k')).toBeUndefined();
    store.close();
    store.close();
    expect(store.size).toBe(0);
  });
});
