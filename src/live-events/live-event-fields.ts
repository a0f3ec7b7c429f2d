import { formatIsoDuration } from '../lib/time/iso-duration.js';
import { ResourceError } from '../resources/resource-error.js';
import { bad, normalizeDnsLabel, parseDurationField } from '../resources/resource-fields.js';
import type { LiveEventEncodingType, StreamOption } from './live-event-record.js';

/**
 * Validation and canonical forms of the fields only live events have, shared by create, update and the
 * config file (the fields every resource has are in `resources/resource-fields.ts`). Each throws a
 * {@link ResourceError} whose `target` is the property path.
 */

/** `KEY_FRAME_INTERVAL_MIN_MS`: AMS `keyFrameIntervalDuration` is 0.5 to 20 seconds (azure-compat §5). */
export const KEY_FRAME_INTERVAL_MIN_MS = 500;
/** `KEY_FRAME_INTERVAL_MAX_MS` is the upper bound of `keyFrameIntervalDuration` (20 s). */
export const KEY_FRAME_INTERVAL_MAX_MS = 20_000;
/** `KEY_FRAME_INTERVAL_DEFAULT` is the AMS default key frame interval (2 s). */
export const KEY_FRAME_INTERVAL_DEFAULT = 'PT2S';

/** `normalizeStreamingProtocol` accepts RTMP only: Inlet has no Smooth Streaming (fragmented MP4) ingest. */
export function normalizeStreamingProtocol(value: string | undefined, path: string): 'RTMP' {
  if (value === undefined) {
    throw bad(path, 'is required: set it to "RTMP"');
  }
  if (value.toUpperCase() === 'RTMP') {
    return 'RTMP';
  }
  if (value.toLowerCase() === 'fragmentedmp4') {
    throw new ResourceError(
      'UnsupportedFeature',
      `${path}: FragmentedMP4 (Smooth Streaming) ingest is not supported: Inlet ingests RTMP and RTMPS only; set it to "RTMP"`,
      path,
    );
  }
  throw bad(path, `unknown streaming protocol ${JSON.stringify(value)}; set it to "RTMP"`);
}

/** `normalizeKeyFrameInterval` checks `keyFrameIntervalDuration` (0.5–20 s) and returns its canonical form. */
export function normalizeKeyFrameInterval(value: string, path: string): string {
  return formatIsoDuration(
    parseDurationField(value, path, KEY_FRAME_INTERVAL_MIN_MS, KEY_FRAME_INTERVAL_MAX_MS),
  );
}

/**
 * `normalizeEncodingType` accepts the pass-through types. Live encoding (`Standard`, `Premium1080p`)
 * is refused with `UnsupportedFeature`. Missing means `None` (pass-through, as AMS).
 */
export function normalizeEncodingType(value: string | undefined, path: string): LiveEventEncodingType {
  const known: readonly LiveEventEncodingType[] = ['None', 'PassthroughBasic', 'PassthroughStandard'];
  if (value === undefined) {
    return 'None';
  }
  const found = known.find((k) => k.toLowerCase() === value.toLowerCase());
  if (found !== undefined) {
    return found;
  }
  if (['standard', 'premium1080p'].includes(value.toLowerCase())) {
    throw new ResourceError(
      'UnsupportedFeature',
      `${path}: live encoding is not supported yet; use PassthroughStandard (the encoder sends every rendition)`,
      path,
    );
  }
  throw bad(
    path,
    `unknown encoding type ${JSON.stringify(value)}; use PassthroughStandard, PassthroughBasic or None`,
  );
}

/** `normalizeStretchMode` checks the (stored, not acted on) `encoding.stretchMode`. */
export function normalizeStretchMode(value: string, path: string): string {
  const found = ['None', 'AutoSize', 'AutoFit'].find((k) => k.toLowerCase() === value.toLowerCase());
  if (found === undefined) {
    throw bad(path, `unknown stretch mode ${JSON.stringify(value)}; use None, AutoSize or AutoFit`);
  }
  return found;
}

/** `normalizeStreamOptions` checks `streamOptions` flags and removes duplicates. */
export function normalizeStreamOptions(values: readonly string[], path: string): StreamOption[] {
  const known: readonly StreamOption[] = ['Default', 'LowLatency', 'LowLatencyV2'];
  const out: StreamOption[] = [];
  values.forEach((v, i) => {
    const found = known.find((k) => k.toLowerCase() === v.toLowerCase());
    if (found === undefined) {
      throw bad(
        `${path}[${i}]`,
        `unknown stream option ${JSON.stringify(v)}; use Default, LowLatency or LowLatencyV2`,
      );
    }
    if (!out.includes(found)) {
      out.push(found);
    }
  });
  return out;
}

/** `normalizeHostnamePrefix` checks that the prefix is one DNS label: it becomes `<prefix>.<publicHostname>`. */
export function normalizeHostnamePrefix(value: string, path: string): string {
  return normalizeDnsLabel(value, path);
}
