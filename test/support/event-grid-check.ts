import { EventGridDeserializer } from '@azure/eventgrid';
import { liveEventDataProblems } from '../../src/events/live-event-data-fields.js';
import type { MediaEvent } from '../../src/events/media-event.js';

/**
 * `eventGridProblems` checks events the way Event Grid consumers do: the official
 * `EventGridDeserializer` must accept each one, `eventTime` must end with `Z`, and its `data` must match
 * the row of its type in the shared field table `liveEventDataFields` (azure-compat §3.2): every field
 * present unless optional, each of its kind (numeric-looking strings stay strings, and hold integers),
 * no other field. Returns the problems found.
 */
export async function eventGridProblems(events: readonly MediaEvent[]): Promise<string[]> {
  const problems: string[] = [];
  const deserializer = new EventGridDeserializer();
  for (const e of events) {
    try {
      await deserializer.deserializeEventGridEvents(JSON.stringify([e]));
    } catch (err) {
      problems.push(`${e.eventType} ${e.id}: rejected by EventGridDeserializer: ${(err as Error).message}`);
    }
    if (!e.eventTime.endsWith('Z')) {
      problems.push(`${e.eventType} ${e.id}: eventTime ${e.eventTime} does not end with Z`);
    }
    if (e.metadataVersion !== '1' || e.dataVersion !== '1.0') {
      problems.push(`${e.eventType} ${e.id}: versions ${e.dataVersion}/${e.metadataVersion}`);
    }
    for (const problem of liveEventDataProblems(e.eventType, e.data)) {
      problems.push(`${e.eventType} ${e.id}: ${problem}`);
    }
  }
  return problems;
}
