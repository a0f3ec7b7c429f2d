import type { FuzzFixture, FuzzFixtureSet } from './fuzz-replay.js';

/**
 * Inputs the byte-level fuzz tests once failed on, each replayed before the test's seeded random runs
 * (see `fuzz-replay.ts`). A failing fuzz test prints the entry to add to its set; give the entry a
 * one-line `broke`: what the input broke. No counterexample has been recorded yet.
 */

const MODULE = import.meta.url;

/** `BitReaderOp` is one read of the bit reader tests: `u(n)`, `ue`, `se`, a flag, or a skip of n bits. */
export type BitReaderOp = ['u', number] | ['ue'] | ['se'] | ['flag'] | ['skip', number];

/** An input of the bit reader fuzz test: the bytes and the reads made on them, in order. */
export interface BitReaderFuzzFixture extends FuzzFixture {
  readonly ops: readonly BitReaderOp[];
}

/** `BitReader` reads (`../bit-reader.test.ts`). */
export const BIT_READER_FUZZ: FuzzFixtureSet<BitReaderFuzzFixture> = {
  name: 'BIT_READER_FUZZ',
  module: MODULE,
  fixtures: [],
};
