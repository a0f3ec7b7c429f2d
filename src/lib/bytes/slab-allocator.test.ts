import { describe, expect, it } from 'vitest';
import { SlabAllocator } from './slab-allocator.js';

describe('SlabAllocator', () => {
  it('cuts small requests from one slab, aligned and without overlap', () => {
    const slabs = new SlabAllocator({ slabBytes: 1024 });
    const a = slabs.take(100);
    const b = slabs.take(3);
    const c = slabs.take(200);
    expect(a.buffer).toBe(b.buffer);
    expect(b.buffer).toBe(c.buffer);
    expect([a.byteLength, b.byteLength, c.byteLength]).toEqual([100, 3, 200]);
    expect(b.byteOffset - a.byteOffset).toBe(104);
    expect(c.byteOffset - b.byteOffset).toBe(8);
    a.fill(1);
    b.fill(2);
    c.fill(3);
    expect(new Set(a)).toEqual(new Set([1]));
    expect(new Set(b)).toEqual(new Set([2]));
  });

  it('starts a new slab when a request does not fit, and gives large requests a buffer of their own', () => {
    const slabs = new SlabAllocator({ slabBytes: 1024 });
    const first = slabs.take(200);
    const large = slabs.take(257);
    expect(large.buffer).not.toBe(first.buffer);
    expect(large.buffer.byteLength).toBe(257);
    const rest = [slabs.take(256), slabs.take(256), slabs.take(256), slabs.take(256)];
    expect(rest[2]?.buffer).toBe(first.buffer);
    expect(rest[3]?.buffer).not.toBe(first.buffer);
    expect(rest[0]?.buffer).toBe(first.buffer);
    slabs.release();
    expect(slabs.take(8).buffer).not.toBe(rest[3]?.buffer);
  });
});
