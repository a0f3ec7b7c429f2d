import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps the newest items up to its capacity, oldest first', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.push(1)).toBeUndefined();
    ring.push(2);
    ring.push(3);
    expect(ring.isFull).toBe(true);
    expect(ring.push(4)).toBe(1);
    expect(ring.toArray()).toEqual([2, 3, 4]);
    expect(ring.shift()).toBe(2);
    expect(ring.peek()).toBe(3);
    expect(ring.length).toBe(2);
    ring.clear();
    expect(ring.toArray()).toEqual([]);
    expect(ring.shift()).toBeUndefined();
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(1.5)).toThrow(/got 1.5/);
  });

  it('behaves like a bounded array queue under any sequence of operations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.oneof(fc.integer(), fc.constant('shift' as const)), { maxLength: 60 }),
        (capacity, ops) => {
          const ring = new RingBuffer<number>(capacity);
          const model: number[] = [];
          for (const op of ops) {
            if (op === 'shift') {
              expect(ring.shift()).toBe(model.shift());
            } else {
              const evicted = model.length === capacity ? model.shift() : undefined;
              model.push(op);
              expect(ring.push(op)).toBe(evicted);
            }
            expect(ring.length).toBeLessThanOrEqual(capacity);
          }
          expect(ring.toArray()).toEqual(model);
        },
      ),
      { numRuns: 300, seed: 20240101 },
    );
  });
});
