import { formatIsoDuration } from '../lib/time/iso-duration.js';
import { createdSystemData, type RecordContext } from '../resources/system-data.js';
import { ResourceError } from '../resources/resource-error.js';
import { checkText, normalizeFileSafeName, parseDurationField } from '../resources/resource-fields.js';
import type { LiveEventRecord, LiveOutputRecord } from './live-event-record.js';
import type { LiveOutputSpec } from './live-event-spec.js';
import { assertLiveOutputName } from './resource-name.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** `archiveWindowLength` bounds (AMS LiveOutput: PT1M..PT25H). */
const ARCHIVE_MIN_MS = MINUTE_MS;
const ARCHIVE_MAX_MS = 25 * HOUR_MS;
/** PassthroughBasic keeps at most 8 hours of DVR (azure-compat §5, type comparison). */
const ARCHIVE_MAX_BASIC_MS = 8 * HOUR_MS;
/** LowLatencyV2 limits the DVR window to 6 hours (azure-compat §1.3). */
const ARCHIVE_MAX_LOW_LATENCY_V2_MS = 6 * HOUR_MS;
/** A `fragmentsPerTsSegment` above this is a typo, not a setting (AMS samples use 1). */
const MAX_FRAGMENTS_PER_SEGMENT = 1000;

const P = 'properties';

/**
 * `createLiveOutputRecord` validates a live output create request against its live event and builds
 * the record (state `Creating`). `manifestName` defaults to the output name.
 */
export function createLiveOutputRecord(
  name: string,
  spec: LiveOutputSpec,
  event: LiveEventRecord,
  ctx: RecordContext,
): LiveOutputRecord {
  assertLiveOutputName(name);
  if (spec.assetName === undefined) {
    throw new ResourceError(
      'BadRequest',
      `${P}.assetName is required: the asset that receives the archive`,
      `${P}.assetName`,
    );
  }
  const assetName = normalizeFileSafeName(spec.assetName, `${P}.assetName`);
  if (spec.archiveWindowLength === undefined) {
    throw new ResourceError(
      'BadRequest',
      `${P}.archiveWindowLength is required: an ISO 8601 duration from PT1M to PT25H`,
      `${P}.archiveWindowLength`,
    );
  }
  let maxArchive = ARCHIVE_MAX_MS;
  if (event.encoding.encodingType === 'PassthroughBasic') {
    maxArchive = ARCHIVE_MAX_BASIC_MS;
  }
  if (event.streamOptions.includes('LowLatencyV2')) {
    maxArchive = Math.min(maxArchive, ARCHIVE_MAX_LOW_LATENCY_V2_MS);
  }
  const archiveMs = parseDurationField(
    spec.archiveWindowLength,
    `${P}.archiveWindowLength`,
    ARCHIVE_MIN_MS,
    maxArchive,
  );
  const rewind =
    spec.rewindWindowLength === undefined
      ? null
      : formatIsoDuration(
          parseDurationField(spec.rewindWindowLength, `${P}.rewindWindowLength`, MINUTE_MS, archiveMs),
        );
  const fragments = spec.hls?.fragmentsPerTsSegment;
  if (fragments !== undefined && (fragments < 1 || fragments > MAX_FRAGMENTS_PER_SEGMENT)) {
    throw new ResourceError(
      'BadRequest',
      `${P}.hls.fragmentsPerTsSegment must be 1 to ${MAX_FRAGMENTS_PER_SEGMENT} (got ${fragments})`,
      `${P}.hls.fragmentsPerTsSegment`,
    );
  }
  if (spec.outputSnapTime !== undefined && spec.outputSnapTime < 0) {
    throw new ResourceError('BadRequest', `${P}.outputSnapTime must be >= 0`, `${P}.outputSnapTime`);
  }
  return {
    name,
    description: checkText(spec.description ?? '', `${P}.description`),
    assetName,
    archiveWindowLength: formatIsoDuration(archiveMs),
    rewindWindowLength: rewind,
    manifestName: normalizeFileSafeName(spec.manifestName ?? name, `${P}.manifestName`),
    hls: spec.hls === undefined ? null : { fragmentsPerTsSegment: fragments ?? null },
    outputSnapTime: spec.outputSnapTime ?? null,
    created: ctx.now,
    lastModified: ctx.now,
    provisioningState: 'InProgress',
    resourceState: 'Creating',
    systemData: createdSystemData(ctx),
  };
}
