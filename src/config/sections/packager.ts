import type { PackagerConfig } from '../config.js';
import { field } from '../config-field.js';
import type { ConfigSources } from '../config-sources.js';
import { durationValue } from '../values/duration-value.js';
import { booleanValue } from '../values/scalar-values.js';

const DAY_MS = 86_400_000;
/** LL-HLS parts: below 100 ms the per-part overhead dominates; above 5 s they are no longer "partial". */
const MIN_PART_MS = 100;
const MAX_PART_MS = 5000;

const previewWindow = field({
  key: 'packager.previewWindow',
  env: 'INLET_PREVIEW_WINDOW',
  default: '30s',
  description: 'Length of the rolling preview window kept per rendition (HLS/DASH preview playlists).',
  parse: durationValue({ min: 1000, max: DAY_MS }),
  fallback: () => 30_000,
});

const partDuration = field({
  key: 'packager.partDuration',
  env: 'INLET_PART_DURATION',
  default: '500ms',
  description: 'Target duration of a CMAF chunk / LL-HLS part.',
  parse: durationValue({ min: MIN_PART_MS, max: MAX_PART_MS }),
  fallback: () => 500,
});

const segmentsOnDisk = field({
  key: 'packager.segmentsOnDisk',
  env: 'INLET_SEGMENTS_ON_DISK',
  default: 'true',
  description: 'Keep segments in <dataDir> instead of memory (archives for live outputs always go to disk).',
  parse: booleanValue,
  fallback: () => true,
});

const preview = field({
  key: 'packager.preview',
  env: 'INLET_PREVIEW',
  default: 'true',
  description:
    'Package a preview (CMAF, HLS, DASH) of every running live event. false: ingest only (admission, health, events); a live event is packaged only while a live output archives it.',
  parse: booleanValue,
  fallback: () => true,
});

/** `packagerFields` are the `packager.*` keys. */
export const packagerFields = [previewWindow, partDuration, segmentsOnDisk, preview] as const;

/** `readPackager` reads the `packager` section; the preview window must hold at least two parts. */
export function readPackager(sources: ConfigSources): PackagerConfig {
  const config = {
    previewWindow: sources.read(previewWindow),
    partDuration: sources.read(partDuration),
    segmentsOnDisk: sources.read(segmentsOnDisk),
    preview: sources.read(preview),
  };
  if (config.previewWindow < 2 * config.partDuration && !sources.isInvalid(previewWindow.key)) {
    sources.report(
      previewWindow.key,
      `must be at least twice packager.partDuration (${config.partDuration} ms)`,
    );
  }
  return config;
}
