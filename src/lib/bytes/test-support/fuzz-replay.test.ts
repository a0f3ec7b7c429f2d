import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  bytesReplay,
  counterexampleReport,
  fixtureSource,
  fuzzParameters,
  type FuzzFixtureSet,
} from './fuzz-replay.js';
import { hexBytes, hexOf } from './hex.js';

const set = (fixtures: FuzzFixtureSet['fixtures']): FuzzFixtureSet => ({
  name: 'EXAMPLE_FUZZ',
  module: import.meta.url,
  fixtures,
});

/** The inputs a property over bytes sees, in order. */
function inputsSeen(params: fc.Parameters<[Uint8Array<ArrayBuffer>]>): string[] {
  const seen: string[] = [];
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 8 }), (b) => {
      seen.push(hexOf(b));
    }),
    params,
  );
  return seen;
}

describe('fuzzParameters', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('replays the saved inputs first, then exactly the random inputs of the same seed', () => {
    const run = { numRuns: 50, seed: 7 };
    const before = inputsSeen(run);
    const fixtures = [
      { broke: 'a first example', hex: '00 01' },
      { broke: 'a second example', hex: 'ff' },
    ];
    const after = inputsSeen(fuzzParameters(run, bytesReplay(set(fixtures))));
    expect(before).toHaveLength(50);
    expect(after).toEqual(['0001', 'ff', ...before]);
  });

  it('changes nothing with an empty set', () => {
    const run = { numRuns: 30, seed: 11 };
    expect(inputsSeen(fuzzParameters(run, bytesReplay(set([]))))).toEqual(inputsSeen(run));
  });

  it('fails on a saved input that still breaks the property', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const params = fuzzParameters(
      { numRuns: 10, seed: 1 },
      bytesReplay(set([{ broke: 'the byte 0xee', hex: 'ee' }])),
    );
    expect(() =>
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 4 }), (b) => {
          expect(b.includes(0xee)).toBe(false);
        }),
        params,
      ),
    ).toThrow(/Property failed/);
    expect(errors).toHaveBeenCalledTimes(1);
  });

  it('prints a failing input as a fixture entry that reads back as that input, then fails as fast-check does', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const property = fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), (b) => {
      expect(b[0]).not.toBe(0x80);
    });
    const run = { numRuns: 2000, seed: 3 };
    expect(() => fc.assert(property, fuzzParameters(run, bytesReplay(set([]))))).toThrow(/Property failed/);
    expect(errors).toHaveBeenCalledTimes(1);
    const printed = String(errors.mock.calls[0]?.[0]);
    expect(printed).toContain('add it to EXAMPLE_FUZZ in src/lib/bytes/test-support/fuzz-replay.test.ts');
    // The printed entry is the shrunk counterexample fast-check itself finds for that seed.
    const failing = fc.check(property, run).counterexample?.[0] ?? new Uint8Array();
    expect(failing[0]).toBe(0x80);
    const hex = /hex: '([0-9a-f]+)'/.exec(printed)?.[1] ?? '';
    expect(hexBytes(hex)).toEqual(failing);
  });

  it('keeps the test’s own plugins and examples', () => {
    const completed = vi.fn();
    const seen: string[] = [];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2 }), (b) => {
        seen.push(hexOf(b));
      }),
      fuzzParameters(
        {
          numRuns: 3,
          seed: 5,
          examples: [[Uint8Array.of(0x42)]],
          plugins: [() => ({ onAllRunsComplete: completed })],
        },
        bytesReplay(set([{ broke: 'saved', hex: '01' }])),
      ),
    );
    expect(seen.slice(0, 2)).toEqual(['01', '42']);
    expect(seen).toHaveLength(4);
    expect(completed).toHaveBeenCalledTimes(1);
  });
});

describe('fixtureSource', () => {
  it('writes short hex on one line and other fields as JSON', () => {
    expect(fixtureSource({ hex: '00ff', split: [1, 2] })).toBe(
      ['  {', "    broke: 'TODO',", "    hex: '00ff',", '    split: [1,2],', '  },'].join('\n'),
    );
  });

  it('wraps long hex in a template literal that hexBytes reads back', () => {
    const bytes = Uint8Array.from({ length: 100 }, (_, i) => i);
    const source = fixtureSource({ hex: hexOf(bytes) });
    const template = /hex: `([^`]*)`/.exec(source)?.[1] ?? '';
    expect(template.split('\n').every((line) => line.length <= 6 + 64)).toBe(true);
    expect(hexBytes(template)).toEqual(bytes);
  });
});

describe('counterexampleReport', () => {
  it('names the set and the module, relative to the working directory', () => {
    const report = counterexampleReport(bytesReplay(set([])), [Uint8Array.of(1, 2)]);
    expect(report.split('\n')[0]).toBe(
      'Fuzz counterexample: add it to EXAMPLE_FUZZ in src/lib/bytes/test-support/fuzz-replay.test.ts (say in "broke" what it broke):',
    );
    expect(report).toContain("hex: '0102',");
  });
});
