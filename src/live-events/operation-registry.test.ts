import { describe, expect, it } from 'vitest';
import { OperationRegistry } from './operation-registry.js';

describe('OperationRegistry', () => {
  it('keeps running operations and finished ones until they expire', () => {
    let now = Date.UTC(2024, 0, 1);
    const registry = new OperationRegistry({ ttlMs: 1000, now: () => now });
    const running = registry.begin('start', 'ev1');
    const done = registry.begin('createOutput', 'ev1', 'out1');
    expect(registry.finish(done.id, { code: 'OperationFailed', message: 'no disk' })).toMatchObject({
      status: 'Failed',
      error: { code: 'OperationFailed', message: 'no disk' },
      liveOutputName: 'out1',
      startedAt: '2024-01-01T00:00:00.000Z',
      endedAt: '2024-01-01T00:00:00.000Z',
    });
    now += 1001;
    expect(registry.get(done.id)).toBeUndefined();
    expect(registry.get(running.id.toUpperCase())?.status).toBe('InProgress');
    now += 1_000_000;
    expect(registry.get(running.id)?.status).toBe('InProgress');
  });

  it('drops the oldest finished operations beyond maxFinished', () => {
    const registry = new OperationRegistry({ maxFinished: 2 });
    const ids = [1, 2, 3].map(() => registry.begin('stop', 'ev').id);
    ids.forEach((id) => registry.finish(id));
    registry.begin('start', 'ev');
    expect(ids.map((id) => registry.get(id) !== undefined)).toEqual([false, true, true]);
  });
});
