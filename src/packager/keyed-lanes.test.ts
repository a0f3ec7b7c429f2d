import { describe, expect, it } from 'vitest';
import { KeyedLanes } from './keyed-lanes.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('KeyedLanes', () => {
  it('runs the jobs of one key in order, one at a time, while other keys run beside them', async () => {
    const log: string[] = [];
    let inFlight = 0;
    let most = 0;
    const lanes = new KeyedLanes<string>(4, async (job) => {
      inFlight++;
      most = Math.max(most, inFlight);
      log.push(`start ${job}`);
      await tick();
      log.push(`end ${job}`);
      inFlight--;
    });
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    for (const key of keys) {
      lanes.push(key, `${key}#1`);
      lanes.push(key, `${key}#2`);
    }
    await lanes.idle();
    for (const key of keys) {
      expect(log.indexOf(`end ${key}#1`), key).toBeLessThan(log.indexOf(`start ${key}#2`));
    }
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
    expect(log.length).toBe(keys.length * 4);
  });

  it('starts no job before ready settles, and idle waits for both', async () => {
    let open: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      open = resolve;
    });
    const ran: string[] = [];
    const lanes = new KeyedLanes<string>(
      2,
      async (job) => {
        ran.push(job);
      },
      ready,
    );
    lanes.push('a', 'a');
    let idle = false;
    void lanes.idle().then(() => {
      idle = true;
    });
    await tick();
    expect(ran).toEqual([]);
    expect(idle).toBe(false);
    open();
    await lanes.idle();
    expect(ran).toEqual(['a']);
    expect(idle).toBe(true);
  });
});
