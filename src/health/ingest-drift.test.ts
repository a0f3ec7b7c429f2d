import { describe, expect, it } from 'vitest';
import { formatDriftSeconds, IngestDrift } from './ingest-drift.js';

/** 25 fps video: one frame every 40 ms of wall time. */
const FRAME_MS = 40;

/**
 * One step of a simulated arrival pattern:
 * - `run`: frames every 40 ms for `wallMs`, each carrying `40 * rate` ms of media;
 * - `stall`: nothing arrives for `wallMs`;
 * - `burst`: `mediaMs` of media (40 ms frames) arrives spread over `wallMs`;
 * - `jump`: the next frame's media time jumps by `mediaMs` (a discontinuity), reported to the drift
 *   before that frame (`break`), after it (`retract`) or not at all (`none`).
 */
type Step =
  | { readonly kind: 'run'; readonly wallMs: number; readonly rate: number }
  | { readonly kind: 'stall'; readonly wallMs: number }
  | { readonly kind: 'burst'; readonly mediaMs: number; readonly wallMs: number }
  | { readonly kind: 'jump'; readonly mediaMs: number; readonly report: 'break' | 'retract' | 'none' };

interface Case {
  readonly name: string;
  readonly steps: readonly Step[];
  /** Extra wall time after the last step before reading the value. */
  readonly thenMs?: number;
  /** Exact `ingestDriftValue`, or seconds per minute within `within`. */
  readonly expected: string | { readonly near: number; readonly within: number };
}

const T0 = 1_700_000_000_000;

function simulate(steps: readonly Step[]): { drift: IngestDrift; wall: number } {
  const drift = new IngestDrift({ timescale: 1000 });
  let wall = T0;
  let media = 5_000_000;
  let pendingJump: 'break' | 'retract' | 'none' | undefined;
  const frame = (mediaStep: number, wallStep: number): void => {
    wall += wallStep;
    media += mediaStep;
    if (pendingJump === 'break') {
      drift.break();
    }
    drift.add(media, wall);
    if (pendingJump === 'retract') {
      drift.retractLast();
    }
    pendingJump = undefined;
  };
  drift.add(media, wall);
  for (const step of steps) {
    switch (step.kind) {
      case 'run': {
        for (let t = 0; t < step.wallMs; t += FRAME_MS) {
          frame(FRAME_MS * step.rate, FRAME_MS);
        }
        break;
      }
      case 'stall': {
        wall += step.wallMs;
        break;
      }
      case 'burst': {
        const frames = step.mediaMs / FRAME_MS;
        for (let i = 0; i < frames; i++) {
          frame(FRAME_MS, step.wallMs / frames);
        }
        break;
      }
      case 'jump': {
        media += step.mediaMs;
        pendingJump = step.report;
        break;
      }
    }
  }
  return { drift, wall };
}

const cases: readonly Case[] = [
  { name: 'real-time arrival', steps: [{ kind: 'run', wallMs: 90_000, rate: 1 }], expected: '0' },
  {
    name: 'faster than real time (catching up) is 0, never negative',
    steps: [{ kind: 'run', wallMs: 90_000, rate: 1.25 }],
    expected: '0',
  },
  {
    name: 'media at 0.9x real time: 6 s per minute',
    steps: [{ kind: 'run', wallMs: 90_000, rate: 0.9 }],
    expected: '6',
  },
  {
    name: '0.9x over the first 20 s only, scaled to one minute',
    steps: [{ kind: 'run', wallMs: 20_000, rate: 0.9 }],
    expected: '6',
  },
  {
    name: 'the seed example: 58 s of media per minute is 2 s per minute',
    steps: [{ kind: 'run', wallMs: 120_000, rate: 58 / 60 }],
    expected: '2',
  },
  {
    name: 'late again after real time: only the last minute counts',
    steps: [
      { kind: 'run', wallMs: 120_000, rate: 0.5 },
      { kind: 'run', wallMs: 61_000, rate: 1 },
    ],
    expected: '0',
  },
  {
    name: 'a 10 s stall followed by real time (media stays 10 s behind)',
    steps: [
      { kind: 'run', wallMs: 30_000, rate: 1 },
      { kind: 'stall', wallMs: 10_000 },
      { kind: 'run', wallMs: 20_000, rate: 1 },
    ],
    expected: { near: 10, within: 0.3 },
  },
  {
    name: 'bursty arrival after a stall: the backlog (11 s) delivered in 1 s cancels the stall',
    steps: [
      { kind: 'run', wallMs: 30_000, rate: 1 },
      { kind: 'stall', wallMs: 10_000 },
      { kind: 'burst', mediaMs: 11_000, wallMs: 1000 },
      { kind: 'run', wallMs: 19_000, rate: 1 },
    ],
    expected: '0',
  },
  {
    name: 'a burst that has not caught up yet: the missing second shows',
    steps: [
      { kind: 'run', wallMs: 30_000, rate: 1 },
      { kind: 'stall', wallMs: 10_000 },
      { kind: 'burst', mediaMs: 10_000, wallMs: 1000 },
      { kind: 'run', wallMs: 19_000, rate: 1 },
    ],
    expected: { near: 1, within: 0.1 },
  },
  {
    name: 'a stall that left the window no longer counts',
    steps: [
      { kind: 'run', wallMs: 10_000, rate: 1 },
      { kind: 'stall', wallMs: 10_000 },
      { kind: 'run', wallMs: 62_000, rate: 1 },
    ],
    expected: '0',
  },
  {
    name: 'a forward jump reported before its unit does not hide late media',
    steps: [
      { kind: 'run', wallMs: 30_000, rate: 0.9 },
      { kind: 'jump', mediaMs: 30_000, report: 'break' },
      { kind: 'run', wallMs: 30_000, rate: 0.9 },
    ],
    expected: { near: 6, within: 0.1 },
  },
  {
    name: 'a forward jump reported just after its unit is taken back',
    steps: [
      { kind: 'run', wallMs: 30_000, rate: 0.9 },
      { kind: 'jump', mediaMs: 30_000, report: 'retract' },
      { kind: 'run', wallMs: 30_000, rate: 0.9 },
    ],
    expected: { near: 6, within: 0.1 },
  },
  {
    name: 'an unreported forward jump counts as media received (hence "0" across breaks, as Azure notes)',
    steps: [
      { kind: 'run', wallMs: 30_000, rate: 0.9 },
      { kind: 'jump', mediaMs: 30_000, report: 'none' },
      { kind: 'run', wallMs: 29_000, rate: 0.9 },
    ],
    expected: '0',
  },
  {
    name: 'an encoder restart from 0 (backward jump) does not count',
    steps: [
      { kind: 'run', wallMs: 30_000, rate: 1 },
      { kind: 'jump', mediaMs: -5_000_000, report: 'break' },
      { kind: 'run', wallMs: 30_000, rate: 1 },
    ],
    expected: '0',
  },
  {
    name: 'nothing arrived in the last minute: n/a',
    steps: [{ kind: 'run', wallMs: 30_000, rate: 1 }],
    thenMs: 60_000,
    expected: 'n/a',
  },
  {
    name: 'one unit only: data arrived, no drift measurable yet',
    steps: [],
    expected: '0',
  },
];

describe('IngestDrift', () => {
  it.each(cases)('$name', ({ steps, thenMs, expected }) => {
    const { drift, wall } = simulate(steps);
    const now = wall + (thenMs ?? 0);
    if (typeof expected === 'string') {
      expect(drift.format(now)).toBe(expected);
    } else {
      const seconds = (drift.driftMsPerMinute(now) ?? Number.NaN) / 1000;
      expect(Math.abs(seconds - expected.near)).toBeLessThanOrEqual(expected.within);
    }
  });

  it('is n/a before any unit', () => {
    expect(new IngestDrift({ timescale: 1000 }).format(T0)).toBe('n/a');
  });

  it('measures media in its own timescale', () => {
    const drift = new IngestDrift({ timescale: 90_000 });
    for (let i = 0; i <= 2000; i++) {
      // 40 ms of wall per frame, 36 ms of media (3240 ticks at 90 kHz).
      drift.add(i * 3240, T0 + i * 40);
    }
    expect(drift.format(T0 + 2000 * 40)).toBe('6');
  });

  it('rejects a window or timescale that is not positive', () => {
    expect(() => new IngestDrift({ timescale: 0 })).toThrow(/positive window and timescale/);
    expect(() => new IngestDrift({ timescale: 1000, windowMs: 0 })).toThrow(/got 0 ms/);
  });
});

describe('formatDriftSeconds', () => {
  it.each([
    { ms: 0, text: '0' },
    { ms: 49, text: '0' },
    { ms: 50, text: '0.1' },
    { ms: 1250, text: '1.3' },
    { ms: 6000, text: '6' },
    { ms: 6040, text: '6' },
    { ms: 59_999, text: '60' },
    { ms: -300, text: '0' },
  ])('$ms ms per minute → "$text"', ({ ms, text }) => {
    expect(formatDriftSeconds(ms)).toBe(text);
  });
});
