import { describe, expect, it } from 'vitest';
import { planPrune, type PrunableFile, type PrunePlanInput } from './event-log-prune-plan.js';

const now = 1_000_000;
const file = (firstSeq: number, lastSeq: number, ageMs: number): PrunableFile => ({
  path: `f${firstSeq}`,
  firstSeq,
  lastSeq,
  bytes: 100,
  mtimeMs: now - ageMs,
});
const files = [file(1, 10, 5000), file(11, 20, 4000), file(21, 30, 100)];
const base: PrunePlanInput = {
  files,
  totalBytes: 400,
  cursors: new Map(),
  nowMs: now,
  maxAgeMs: 3000,
  maxTotalBytes: 1000,
};

const cases: {
  name: string;
  input: Partial<PrunePlanInput>;
  deleted: string[];
  dropped: [string, number][];
  heldBy: string[];
}[] = [
  {
    name: 'expired files go when no cursor needs them',
    input: {},
    deleted: ['f1', 'f11'],
    dropped: [],
    heldBy: [],
  },
  {
    name: 'expired files go even when a cursor lags, counting what it loses',
    input: {
      cursors: new Map([
        ['slow', 5],
        ['done', 30],
      ]),
    },
    deleted: ['f1', 'f11'],
    dropped: [['slow', 15]],
    heldBy: [],
  },
  {
    name: 'under the size limit nothing young goes',
    input: { maxAgeMs: 10_000 },
    deleted: [],
    dropped: [],
    heldBy: [],
  },
  {
    name: 'over the size limit files every cursor has passed go',
    input: { maxAgeMs: 10_000, maxTotalBytes: 250, cursors: new Map([['a', 30]]) },
    deleted: ['f1', 'f11'],
    dropped: [],
    heldBy: [],
  },
  {
    name: 'over the size limit a lagging cursor holds the log',
    input: {
      maxAgeMs: 10_000,
      maxTotalBytes: 250,
      cursors: new Map([
        ['a', 30],
        ['b', 12],
      ]),
    },
    deleted: ['f1'],
    dropped: [],
    heldBy: ['b'],
  },
];

describe('planPrune', () => {
  for (const c of cases) {
    it(c.name, () => {
      const plan = planPrune({ ...base, ...c.input });
      expect(plan.deletions.map((f) => f.path)).toEqual(c.deleted);
      expect([...plan.dropped]).toEqual(c.dropped);
      expect(plan.heldBy).toEqual(c.heldBy);
    });
  }
});
