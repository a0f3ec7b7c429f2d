import { describe, expect, it } from 'vitest';
import { OperationRegistry, resourceName, resourceOf } from './operation-registry.js';

const EV1 = [{ collection: 'liveEvents', name: 'ev1' }];

describe('OperationRegistry', () => {
  it('keeps running operations and finished ones until they expire', () => {
    let now = Date.UTC(2024, 0, 1);
    const registry = new OperationRegistry({ ttlMs: 1000, now: () => now });
    const running = registry.begin('start', EV1);
    const done = registry.begin('createOutput', [...EV1, { collection: 'liveOutputs', name: 'out1' }]);
    expect(registry.finish(done.id, { code: 'OperationFailed', message: 'no disk' })).toMatchObject({
      status: 'Failed',
      error: { code: 'OperationFailed', message: 'no disk' },
      resource: [
        { collection: 'liveEvents', name: 'ev1' },
        { collection: 'liveOutputs', name: 'out1' },
      ],
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
    const ids = [1, 2, 3].map(() => registry.begin('stop', EV1).id);
    ids.forEach((id) => registry.finish(id));
    registry.begin('start', EV1);
    expect(ids.map((id) => registry.get(id) !== undefined)).toEqual([false, true, true]);
  });

  it('names the resource of a path and the step of a collection', () => {
    const path = [...EV1, { collection: 'liveOutputs', name: 'out1' }];
    expect(resourceName(path)).toBe('out1');
    expect(resourceOf(path, 'liveEvents')).toBe('ev1');
    expect(resourceOf(EV1, 'liveOutputs')).toBeUndefined();
  });
});
