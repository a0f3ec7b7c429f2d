import { ResourceError } from '../resources/resource-error.js';
import type { LiveOutputRecord } from './live-event-record.js';
import type { LiveEventEntry, LiveEventTable } from './live-event-table.js';
import { nameKey } from './resource-name.js';

/** PassthroughBasic events allow a single live output (azure-compat §1.3, §5). */
const BASIC_MAX_LIVE_OUTPUTS = 1;

/**
 * `assertLiveOutputAllowed` checks that `output` may be added to `entry`: its name is free in the
 * event (`Conflict`), the event has room (`QuotaExceeded`: `maxOutputs`, 1 for PassthroughBasic) and
 * no live output of any event archives to the same asset (`Conflict`).
 */
export function assertLiveOutputAllowed(
  table: LiveEventTable,
  entry: LiveEventEntry,
  output: LiveOutputRecord,
  maxOutputs: number,
): void {
  const event = entry.record;
  const existing = entry.outputs.find((o) => nameKey(o.name) === nameKey(output.name));
  if (existing !== undefined) {
    throw new ResourceError(
      'Conflict',
      `live output '${existing.name}' of live event '${event.name}' already exists; delete it first`,
      output.name,
    );
  }
  const max = event.encoding.encodingType === 'PassthroughBasic' ? BASIC_MAX_LIVE_OUTPUTS : maxOutputs;
  if (entry.outputs.length >= max) {
    throw new ResourceError(
      'QuotaExceeded',
      `live event '${event.name}' allows at most ${max} live output(s) (${event.encoding.encodingType}); delete one first`,
      output.name,
    );
  }
  const asset = output.assetName.toLowerCase();
  for (const other of table.entries()) {
    const user = other.outputs.find((o) => o.assetName.toLowerCase() === asset);
    if (user !== undefined) {
      throw new ResourceError(
        'Conflict',
        `asset '${output.assetName}' is already the archive of live output '${user.name}' of live event '${other.record.name}'; use another asset name`,
        'properties.assetName',
      );
    }
  }
}
