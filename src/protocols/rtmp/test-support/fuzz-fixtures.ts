import type { FuzzFixture, FuzzFixtureSet } from '../../../lib/bytes/test-support/fuzz-replay.js';

/**
 * Inputs the RTMP fuzz tests once failed on, each replayed before the test's seeded random runs (see
 * `src/lib/bytes/test-support/fuzz-replay.ts`). A failing fuzz test prints the entry to add to its set;
 * give the entry a one-line `broke`: what the input broke. No counterexample has been recorded yet.
 */

const MODULE = import.meta.url;

/** An input of the chunk reader fuzz test: the bytes and the slice sizes they are fed in. */
export interface ChunkReaderFuzzFixture extends FuzzFixture {
  readonly split: readonly number[];
}

/** `ChunkReader.feed` (`chunk-reader.test.ts`). */
export const CHUNK_READER_FUZZ: FuzzFixtureSet<ChunkReaderFuzzFixture> = {
  name: 'CHUNK_READER_FUZZ',
  module: MODULE,
  fixtures: [],
};

/** An input of the command fuzz test: the (already mutated) body and its message type, AMF0 or AMF3. */
export interface CommandFuzzFixture extends FuzzFixture {
  readonly typeId: 17 | 20;
}

/** `decodeCommand` (`command.test.ts`). */
export const COMMAND_FUZZ: FuzzFixtureSet<CommandFuzzFixture> = {
  name: 'COMMAND_FUZZ',
  module: MODULE,
  fixtures: [],
};

/** `splitAggregate` on the body of an aggregate message (`message.test.ts`). */
export const AGGREGATE_FUZZ: FuzzFixtureSet = { name: 'AGGREGATE_FUZZ', module: MODULE, fixtures: [] };

/** Bytes sent to `RtmpConnection` over a socket (`rtmp-connection-fuzz.test.ts`). */
export const RTMP_CONNECTION_FUZZ: FuzzFixtureSet = {
  name: 'RTMP_CONNECTION_FUZZ',
  module: MODULE,
  fixtures: [],
};
