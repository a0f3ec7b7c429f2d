import type { FuzzFixtureSet } from '../../lib/bytes/test-support/fuzz-replay.js';

/**
 * Inputs the format fuzz tests once failed on, each replayed before the test's seeded random runs (see
 * `src/lib/bytes/test-support/fuzz-replay.ts`). A failing fuzz test prints the entry to add to its set;
 * give the entry a one-line `broke`: what the input broke. No counterexample has been recorded yet.
 */

const MODULE = import.meta.url;

/** `decodeAmf0` (`amf0/amf0.test.ts`). */
export const AMF0_FUZZ: FuzzFixtureSet = { name: 'AMF0_FUZZ', module: MODULE, fixtures: [] };

/** `parseFlvAudioTag` (`flv/flv-audio-tag.test.ts`). */
export const FLV_AUDIO_TAG_FUZZ: FuzzFixtureSet = {
  name: 'FLV_AUDIO_TAG_FUZZ',
  module: MODULE,
  fixtures: [],
};

/** `parseFlvVideoTag` (`flv/flv-video-tag.test.ts`). */
export const FLV_VIDEO_TAG_FUZZ: FuzzFixtureSet = {
  name: 'FLV_VIDEO_TAG_FUZZ',
  module: MODULE,
  fixtures: [],
};

/** `parseFlvFile` (`flv/flv-file.test.ts`). */
export const FLV_FILE_FUZZ: FuzzFixtureSet = { name: 'FLV_FILE_FUZZ', module: MODULE, fixtures: [] };

/** `readInitSegment` and `readMediaSegment` (`fmp4/reader/reader.test.ts`). */
export const FMP4_READER_FUZZ: FuzzFixtureSet = { name: 'FMP4_READER_FUZZ', module: MODULE, fixtures: [] };

/** `readTsSegment` (`mpegts/mpegts-property.test.ts`). */
export const TS_READER_FUZZ: FuzzFixtureSet = { name: 'TS_READER_FUZZ', module: MODULE, fixtures: [] };
