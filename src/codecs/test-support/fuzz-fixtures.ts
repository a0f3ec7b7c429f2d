import type { FuzzFixture, FuzzFixtureSet } from '../../lib/bytes/test-support/fuzz-replay.js';

/**
 * Inputs the codec fuzz tests once failed on, each replayed before the test's seeded random runs (see
 * `src/lib/bytes/test-support/fuzz-replay.ts`). A failing fuzz test prints the entry to add to its set;
 * give the entry a one-line `broke`: what the input broke. No counterexample has been recorded yet.
 */

const MODULE = import.meta.url;

/** `parseAvcc` (`h264/avcc.test.ts`). */
export const AVCC_FUZZ: FuzzFixtureSet = { name: 'AVCC_FUZZ', module: MODULE, fixtures: [] };

/** `parseH264Sps` (`h264/h264-sps.test.ts`). */
export const H264_SPS_FUZZ: FuzzFixtureSet = { name: 'H264_SPS_FUZZ', module: MODULE, fixtures: [] };

/** `parseHvcc` (`hevc/hvcc.test.ts`). */
export const HVCC_FUZZ: FuzzFixtureSet = { name: 'HVCC_FUZZ', module: MODULE, fixtures: [] };

/** `parseHevcSps` (`hevc/hevc-sps.test.ts`). */
export const HEVC_SPS_FUZZ: FuzzFixtureSet = { name: 'HEVC_SPS_FUZZ', module: MODULE, fixtures: [] };

/** `parseAudioSpecificConfig` (`aac/audio-specific-config.test.ts`). */
export const AUDIO_SPECIFIC_CONFIG_FUZZ: FuzzFixtureSet = {
  name: 'AUDIO_SPECIFIC_CONFIG_FUZZ',
  module: MODULE,
  fixtures: [],
};

/** `splitAdts` and `audioSpecificConfigFromAdts` (`aac/adts.test.ts`). */
export const ADTS_FUZZ: FuzzFixtureSet = { name: 'ADTS_FUZZ', module: MODULE, fixtures: [] };

/** An input of the Annex B fuzz test: the bytes and the NAL length size they are split with. */
export interface AnnexbFuzzFixture extends FuzzFixture {
  readonly nalLengthSize: 1 | 2 | 4;
}

/** `splitAnnexb`, `splitLengthPrefixed` and `someNaluHeader` (`nal/annexb.test.ts`). */
export const ANNEXB_FUZZ: FuzzFixtureSet<AnnexbFuzzFixture> = {
  name: 'ANNEXB_FUZZ',
  module: MODULE,
  fixtures: [],
};
