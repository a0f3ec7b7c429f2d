import { describe, expect, it } from 'vitest';
import { ExpectedBitrate, isUnexpectedBitrate } from './unexpected-bitrate.js';

describe('isUnexpectedBitrate', () => {
  it.each([
    { incoming: 2_462_597, bitrate: 2_500_000, unexpected: false },
    { incoming: 4_999_999, bitrate: 2_500_000, unexpected: false },
    { incoming: 5_000_000, bitrate: 2_500_000, unexpected: true },
    { incoming: 1_250_001, bitrate: 2_500_000, unexpected: false },
    { incoming: 1_250_000, bitrate: 2_500_000, unexpected: true },
    { incoming: 2, bitrate: 3, unexpected: false },
    { incoming: 3, bitrate: 7, unexpected: true },
    { incoming: 4, bitrate: 7, unexpected: false },
    { incoming: 1, bitrate: 2, unexpected: true },
    { incoming: 0, bitrate: 2_500_000, unexpected: true },
    { incoming: 0, bitrate: 0, unexpected: true },
    { incoming: 100, bitrate: 0, unexpected: true },
  ])('incoming $incoming against $bitrate → $unexpected', ({ incoming, bitrate, unexpected }) => {
    expect(isUnexpectedBitrate(incoming, bitrate)).toBe(unexpected);
  });
});

interface Case {
  readonly name: string;
  readonly declared: number | undefined;
  /** Per window: the incoming bitrate and whether the track was receiving when the window opened. */
  readonly windows: readonly { readonly incoming: number; readonly full: boolean }[];
  /** Per window: `[bitrate, unexpectedBitrate]`. */
  readonly expected: readonly (readonly [number, boolean])[];
}

const cases: readonly Case[] = [
  {
    name: 'declared: every window is judged against it, the first one too',
    declared: 2_500_000,
    windows: [
      { incoming: 1_000_000, full: false },
      { incoming: 2_400_000, full: true },
      { incoming: 6_000_000, full: true },
    ],
    expected: [
      [2_500_000, true],
      [2_500_000, false],
      [2_500_000, true],
    ],
  },
  {
    name: 'measured: the partial first window reports itself; the first full window fixes the bitrate',
    declared: undefined,
    windows: [
      { incoming: 5_000_000, full: false },
      { incoming: 2_000_000, full: true },
      { incoming: 2_100_000, full: true },
      { incoming: 900_000, full: true },
      { incoming: 4_000_000, full: true },
    ],
    expected: [
      [5_000_000, false],
      [2_000_000, false],
      [2_000_000, false],
      [2_000_000, true],
      [2_000_000, true],
    ],
  },
  {
    name: 'zero incoming after the encoder stops is unexpected (declared)',
    declared: 128_000,
    windows: [
      { incoming: 128_000, full: true },
      { incoming: 0, full: true },
      { incoming: 0, full: true },
    ],
    expected: [
      [128_000, false],
      [128_000, true],
      [128_000, true],
    ],
  },
  {
    name: 'zero incoming after the encoder stops is unexpected (measured)',
    declared: undefined,
    windows: [
      { incoming: 130_000, full: false },
      { incoming: 128_000, full: true },
      { incoming: 0, full: true },
    ],
    expected: [
      [130_000, false],
      [128_000, false],
      [128_000, true],
    ],
  },
  {
    name: 'a full window that received nothing does not fix a measured bitrate of 0',
    declared: undefined,
    windows: [
      { incoming: 0, full: false },
      { incoming: 0, full: true },
      { incoming: 700_000, full: true },
      { incoming: 300_000, full: true },
    ],
    expected: [
      [0, true],
      [0, true],
      [700_000, false],
      [700_000, true],
    ],
  },
  {
    name: 'a declared bitrate of 0 means measure it',
    declared: 0,
    windows: [
      { incoming: 64_000, full: false },
      { incoming: 96_000, full: true },
    ],
    expected: [
      [64_000, false],
      [96_000, false],
    ],
  },
];

describe('ExpectedBitrate', () => {
  it.each(cases)('$name', ({ declared, windows, expected }) => {
    const expectedBitrate = new ExpectedBitrate({ declaredBitrate: declared });
    const judged = windows.map(({ incoming, full }) => {
      const j = expectedBitrate.judge(incoming, full);
      return [j.bitrate, j.unexpectedBitrate] as const;
    });
    expect(judged).toEqual(expected);
  });

  it('a new declaration replaces the old one; a measurement already made stays without one', () => {
    const expected = new ExpectedBitrate({ declaredBitrate: undefined });
    expected.judge(1_000_000, true);
    expected.declare(3_000_000);
    expect(expected.bitrate).toBe(3_000_000);
    expected.declare(undefined);
    expect(expected.bitrate).toBe(1_000_000);
  });
});
