import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { concatChunks } from '../formats/fmp4/box.js';
import { DiskSegmentStore } from './disk-segment-store.js';
import { MemorySegmentStore } from './segment-store.js';
import { WriteBudget } from './write-budget.js';

const root = mkdtempSync(join(tmpdir(), 'inlet-store-'));
const logger = pino({ level: 'silent' });
const newStore = (
  options: {
    maxQueuedBytes?: number;
    atomic?: boolean;
    emptyFirst?: boolean;
    concurrency?: number;
    budget?: WriteBudget;
  } = {},
): DiskSegmentStore => new DiskSegmentStore({ dir: mkdtempSync(join(root, 's-')), logger, ...options });
const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const joined = (chunks: readonly Uint8Array[] | undefined): number[] | undefined =>
  chunks === undefined ? undefined : [...concatChunks(chunks)];
const fileOf = (store: DiskSegmentStore, key: string): number[] => [...readFileSync(join(store.dir, key))];

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('DiskSegmentStore', () => {
  it('serves a queued put from the queue, then writes the chunks as one file without a temp left over', async () => {
    const store = newStore();
    const chunks = [bytes(1, 2), bytes(3), bytes(4, 5, 6)];
    const written = store.put('v/0.m4s', chunks);
    expect(joined(await store.get('v/0.m4s'))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await written).toBe(true);
    expect(fileOf(store, 'v/0.m4s')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(readdirSync(join(store.dir, 'v'))).toEqual(['0.m4s']);
    expect((await store.get('v/0.m4s'))?.map((c) => [...c])).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect(store.stats()).toMatchObject({ written: 1, failed: 0, queuedBytes: 0, open: 0 });
  });

  it('takes a segment chunk by chunk: absent until finished, written into one temp file, renamed at finish', async () => {
    const store = newStore();
    store.append('v/1.m4s', [bytes(1), bytes(2)]);
    expect(await store.get('v/1.m4s')).toBeUndefined();
    await store.idle();
    // The first chunk is on disk under the temp name and no longer queued; the key still reads as absent.
    expect(store.stats()).toMatchObject({ queuedBytes: 0, open: 1, written: 0 });
    expect(readdirSync(join(store.dir, 'v'))).toEqual(['1.m4s.tmp']);
    expect(fileOf(store, 'v/1.m4s.tmp')).toEqual([1, 2]);
    expect(await store.get('v/1.m4s')).toBeUndefined();
    store.append('v/1.m4s', [bytes(3)]);
    await store.idle();
    expect(fileOf(store, 'v/1.m4s.tmp')).toEqual([1, 2, 3]);
    const finished = store.finish('v/1.m4s');
    expect(joined(await store.get('v/1.m4s'))).toEqual([1, 2, 3]);
    expect(await finished).toBe(true);
    expect(readdirSync(join(store.dir, 'v'))).toEqual(['1.m4s']);
    expect(fileOf(store, 'v/1.m4s')).toEqual([1, 2, 3]);
    expect(store.stats()).toMatchObject({ written: 1, open: 0 });
  });

  it('answers a finished segment with writes still queued from the written bytes and the queued chunks', async () => {
    const store = newStore();
    store.append('a/7.m4s', [bytes(1, 2, 3)]);
    await store.idle();
    const tail = bytes(4, 5);
    store.append('a/7.m4s', [tail]);
    const finished = store.finish('a/7.m4s');
    const read = await store.get('a/7.m4s');
    // Read back from the open file, then the chunk that was still queued (not a copy).
    expect(read?.length).toBe(2);
    expect([...(read?.[0] ?? [])]).toEqual([1, 2, 3]);
    expect(read?.[1]).toBe(tail);
    expect(await finished).toBe(true);
    expect(fileOf(store, 'a/7.m4s')).toEqual([1, 2, 3, 4, 5]);
  });

  it('in place (atomic false) writes the final name only, and the key reads as absent until finished', async () => {
    const store = newStore({ atomic: false });
    store.append('v/1.m4s', [bytes(7)]);
    await store.idle();
    expect(readdirSync(join(store.dir, 'v'))).toEqual(['1.m4s']);
    expect(await store.get('v/1.m4s')).toBeUndefined();
    store.append('v/1.m4s', [bytes(8, 9)]);
    const finished = store.finish('v/1.m4s');
    expect(joined(await store.get('v/1.m4s'))).toEqual([7, 8, 9]);
    expect(await finished).toBe(true);
    expect(readdirSync(join(store.dir, 'v'))).toEqual(['1.m4s']);
    expect(fileOf(store, 'v/1.m4s')).toEqual([7, 8, 9]);
  });

  it('a new segment under a finished key replaces it', async () => {
    const store = newStore();
    expect(await store.put('k/1.m4s', [bytes(1)])).toBe(true);
    store.append('k/1.m4s', [bytes(2)]);
    expect(await store.get('k/1.m4s')).toBeUndefined();
    expect(await store.finish('k/1.m4s')).toBe(true);
    expect(fileOf(store, 'k/1.m4s')).toEqual([2]);
  });

  it('emptyFirst removes what an earlier run left before its first write', async () => {
    const dir = mkdtempSync(join(root, 'left-'));
    writeFileSync(join(dir, 'partial.m4s'), 'half a segment');
    const store = new DiskSegmentStore({ dir, logger, atomic: false, emptyFirst: true });
    expect(await store.put('v/0.m4s', [bytes(1)])).toBe(true);
    expect(readdirSync(dir)).toEqual(['v']);
    await store.close();
  });

  it('writes on several lanes at once, and the operations of one key still run in the order asked', async () => {
    const store = newStore({ concurrency: 4 });
    const keys = Array.from({ length: 16 }, (_, i) => `v/${i}.m4s`);
    const first = keys.map((key, i) => store.put(key, [bytes(i)]));
    for (const key of keys.filter((_, i) => i % 2 === 0)) {
      store.delete(key);
    }
    const second = keys.filter((_, i) => i % 3 === 0).map((key) => store.put(key, [bytes(99)]));
    await Promise.all([...first, ...second]);
    await store.idle();
    keys.forEach((key, i) => {
      const expected = i % 3 === 0 ? [99] : i % 2 === 0 ? undefined : [i];
      expect(existsSync(join(store.dir, key)) ? fileOf(store, key) : undefined, key).toEqual(expected);
    });
    expect(readdirSync(join(store.dir, 'v')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await store.close();
  });

  it('one lane (concurrency 1) runs every operation in the order it was asked', async () => {
    const store = newStore({ concurrency: 1 });
    const order: string[] = [];
    const keys = ['a/1.m4s', 'b/1.m4s', 'a/2.m4s', 'c/9.m4s'];
    await Promise.all(keys.map((key) => store.put(key, [bytes(1)]).then(() => order.push(key))));
    expect(order).toEqual(keys);
  });

  it('deletes files; a delete cancels queued and in-flight writes of the key', async () => {
    const store = newStore();
    const first = store.put('a/1.m4s', [bytes(1)]);
    const second = store.put('a/2.m4s', [bytes(2)]);
    store.delete('a/2.m4s');
    store.delete('a/1.m4s');
    expect(await second).toBe(false);
    expect(await first).toBe(false);
    await store.idle();
    expect(existsSync(join(store.dir, 'a/1.m4s'))).toBe(false);
    expect(existsSync(join(store.dir, 'a/2.m4s'))).toBe(false);
    expect(await store.get('a/2.m4s')).toBeUndefined();
    expect(store.stats()).toMatchObject({ written: 0, deleted: 2, queuedBytes: 0 });
    expect(await store.put('a/3.m4s', [bytes(3)])).toBe(true);
    store.delete('a/3.m4s');
    await store.idle();
    expect(readdirSync(join(store.dir, 'a'))).toEqual([]);
  });

  it.each([true, false])(
    'a delete of a segment being appended removes its partial file (atomic %s)',
    async (atomic) => {
      const store = newStore({ atomic });
      store.append('p/1.m4s', [bytes(1, 2)]);
      await store.idle();
      expect(readdirSync(join(store.dir, 'p'))).toHaveLength(1);
      store.append('p/1.m4s', [bytes(3)]);
      store.delete('p/1.m4s');
      expect(store.stats()).toMatchObject({ queuedBytes: 0, open: 0 });
      expect(await store.finish('p/1.m4s')).toBe(false);
      await store.idle();
      expect(readdirSync(join(store.dir, 'p'))).toEqual([]);
      expect(await store.get('p/1.m4s')).toBeUndefined();
    },
  );

  it('drops a segment whose append finds the queue full, as a whole, and counts it once', async () => {
    const store = newStore({ maxQueuedBytes: 10, atomic: false });
    store.append('x/2.m4s', [new Uint8Array(6)]);
    await store.idle();
    store.append('x/1.m4s', [new Uint8Array(8)]);
    // 8 queued + 6 > 10: segment 2 is lost, its first chunk already on disk is removed.
    store.append('x/2.m4s', [new Uint8Array(6)]);
    store.append('x/2.m4s', [new Uint8Array(1)]);
    expect(store.stats()).toMatchObject({ dropped: 1, queuedBytes: 8 });
    const second = store.finish('x/2.m4s');
    const first = store.finish('x/1.m4s');
    expect(await second).toBe(false);
    expect(await first).toBe(true);
    await store.idle();
    expect(readdirSync(join(store.dir, 'x'))).toEqual(['1.m4s']);
    expect(await store.get('x/2.m4s')).toBeUndefined();
    expect(store.stats()).toMatchObject({ dropped: 1, written: 1, queuedBytes: 0 });
    const third = store.put('x/3.m4s', [new Uint8Array(11)]);
    expect(await third).toBe(false);
    expect(store.stats().dropped).toBe(2);
  });

  it("shares a process-wide budget: one store filling it drops the next store's segment, and writing gives it back", async () => {
    const budget = new WriteBudget(10);
    const a = newStore({ budget, atomic: false });
    const b = newStore({ budget, atomic: false });
    a.append('v/1.m4s', [new Uint8Array(8)]);
    expect(budget.used).toBe(8);
    // Each store is far below its own bound; together they are over the shared one.
    b.append('v/1.m4s', [new Uint8Array(3)]);
    expect(b.stats()).toMatchObject({ dropped: 1, queuedBytes: 0 });
    expect(budget.refused).toBe(1);
    expect(await b.finish('v/1.m4s')).toBe(false);
    expect(await a.finish('v/1.m4s')).toBe(true);
    expect(budget.used).toBe(0);
    expect(await b.put('v/2.m4s', [new Uint8Array(3)])).toBe(true);
    // A dropped or deleted segment gives back what it had queued.
    a.append('v/3.m4s', [new Uint8Array(9)]);
    a.delete('v/3.m4s');
    expect(budget.used).toBe(0);
    await Promise.all([a.close(), b.close()]);
    expect(readdirSync(join(b.dir, 'v'))).toEqual(['2.m4s']);
    expect(budget.used).toBe(0);
  });

  it('refuses a budget that is not a positive number of bytes', () => {
    expect(() => new WriteBudget(0)).toThrow(/positive number of bytes/);
    expect(() => new WriteBudget(Number.NaN)).toThrow(/positive number of bytes/);
  });

  it('counts failed writes without throwing, loses the segment as a whole and goes on with the next', async () => {
    writeFileSync(join(root, 'blocker'), 'x');
    const blocked = new DiskSegmentStore({ dir: join(root, 'blocker'), logger });
    expect(await blocked.put('v/1.m4s', [bytes(1)])).toBe(false);
    expect(blocked.stats().failed).toBe(1);
    const store = newStore();
    writeFileSync(join(store.dir, 'w'), 'a file where the rendition directory goes');
    store.append('w/1.m4s', [bytes(1)]);
    await store.idle();
    store.append('w/1.m4s', [bytes(2)]);
    expect(store.stats()).toMatchObject({ failed: 1, queuedBytes: 0 });
    expect(await store.finish('w/1.m4s')).toBe(false);
    expect(await store.put('v/1.m4s', [bytes(3)])).toBe(true);
    expect(await store.put('../escape.m4s', [bytes(1)])).toBe(false);
    expect(await store.put('/etc/escape.m4s', [bytes(1)])).toBe(false);
    expect(existsSync(join(root, 'escape.m4s'))).toBe(false);
    expect(await store.finish('never/opened.m4s')).toBe(false);
  });

  it('close waits for finished segments, abandons unfinished ones and refuses new ones; idempotent', async () => {
    const store = newStore();
    const finished = store.put('c/1.m4s', [bytes(1)]);
    store.append('c/2.m4s', [bytes(2)]);
    await Promise.all([store.close(), store.close()]);
    expect(await finished).toBe(true);
    expect(await store.finish('c/2.m4s')).toBe(false);
    expect(readdirSync(join(store.dir, 'c'))).toEqual(['1.m4s']);
    expect(await store.put('c/3.m4s', [bytes(3)])).toBe(false);
  });
});

describe('MemorySegmentStore', () => {
  it('holds the chunks it is given; an open key reads as absent until finished', async () => {
    const store = new MemorySegmentStore();
    const chunks = [bytes(1)];
    expect(await store.put('k', chunks)).toBe(true);
    expect(await store.get('k')).toBe(chunks);
    store.append('k', [bytes(2)]);
    store.append('k', [bytes(3)]);
    expect(await store.get('k')).toBeUndefined();
    expect(store.openCount).toBe(1);
    expect(await store.finish('k')).toBe(true);
    expect(joined(await store.get('k'))).toEqual([2, 3]);
    expect(await store.finish('k')).toBe(false);
    store.append('j', [bytes(4)]);
    store.delete('j');
    expect(await store.finish('j')).toBe(false);
    store.delete('k');
    expect(await store.get('k')).toBeUndefined();
    store.close();
    store.close();
    expect(store.size).toBe(0);
  });
});
