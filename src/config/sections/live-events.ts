import type { LiveEventDeclaration } from '../config.js';
import { field, type FieldContext } from '../config-field.js';
import type { ConfigSources } from '../config-sources.js';
import { ConfigValueError } from '../config-value-error.js';
import { duplicateIssues, readItems } from '../values/object-value.js';
import { readLiveEvent } from './live-event.js';

function liveEventsValue(value: unknown, context: FieldContext): LiveEventDeclaration[] {
  const { items, issues } = readItems(value, 'live events', (v) => readLiveEvent(v, context));
  issues.push(...duplicateIssues(items, 'name', (e) => e.name));
  issues.push(...duplicateIssues(items, 'accessToken', (e) => e.accessToken));
  issues.sort((a, b) => indexOf(a.path) - indexOf(b.path));
  if (issues.length > 0) {
    throw new ConfigValueError(issues);
  }
  return items.filter((e) => e !== undefined);
}

function indexOf(path: string): number {
  return Number(/^\[(\d+)\]/.exec(path)?.[1] ?? 0);
}

const liveEvents = field({
  key: 'liveEvents',
  default: '[]',
  description:
    'Live events declared in the file (created at start when missing): [{name, accessToken?, allow?, ' +
    'autoStart?, keyFrameIntervalDuration?, streamOptions?, description?}].',
  parse: liveEventsValue,
  fallback: (): LiveEventDeclaration[] => [],
});

/** `liveEventsFields` is the `liveEvents` key. */
export const liveEventsFields = [liveEvents] as const;

/** `readLiveEvents` reads the declared live events. */
export function readLiveEvents(sources: ConfigSources): readonly LiveEventDeclaration[] {
  return sources.read(liveEvents);
}
