import {
  isLiveEventEventType,
  liveEventEventTypes,
  mediaEventTypePrefix,
  type LiveEventEventType,
} from './live-event-event-types.js';
import { liveEventSubject, type MediaEvent } from './media-event.js';

/** `EventFilterOptions` selects events by type and live event; an empty or missing list selects all. */
export interface EventFilterOptions {
  /** Full (`Microsoft.Media.LiveEventIngestHeartbeat`) or short (`LiveEventIngestHeartbeat`) names, any case. */
  readonly eventTypes?: readonly string[] | undefined;
  /** Live event names, compared without regard to case like ARM resource names. */
  readonly liveEventNames?: readonly string[] | undefined;
}

/**
 * `resolveEventTypeName` maps a full or short event type name, in any case, to its canonical full name,
 * or undefined when it is not a `Microsoft.Media.LiveEvent*` type (Event Grid type filters ignore case).
 */
export function resolveEventTypeName(name: string): LiveEventEventType | undefined {
  const trimmed = name.trim();
  const full = trimmed.toLowerCase().startsWith(mediaEventTypePrefix.toLowerCase())
    ? trimmed
    : `${mediaEventTypePrefix}${trimmed}`;
  if (isLiveEventEventType(full)) {
    return full;
  }
  return liveEventEventTypes.find((type) => type.toLowerCase() === full.toLowerCase());
}

/**
 * `EventFilter` decides whether a subscriber wants an event. Build it once per subscriber; `matches` does
 * two set lookups per event.
 */
export class EventFilter {
  readonly #eventTypes: ReadonlySet<string> | undefined;
  readonly #subjects: ReadonlySet<string> | undefined;

  /** Throws a `TypeError` naming the valid types when an event type is unknown. */
  constructor(options: EventFilterOptions) {
    const types = options.eventTypes ?? [];
    const resolved = types.map((name) => {
      const type = resolveEventTypeName(name);
      if (type === undefined) {
        throw new TypeError(
          `unknown event type '${name}': use one of ${liveEventEventTypes.join(', ')} (the 'Microsoft.Media.' prefix may be left out)`,
        );
      }
      return type;
    });
    this.#eventTypes = resolved.length > 0 ? new Set(resolved) : undefined;
    const names = options.liveEventNames ?? [];
    this.#subjects =
      names.length > 0 ? new Set(names.map((name) => liveEventSubject(name).toLowerCase())) : undefined;
  }

  /** `matches` tells whether `event` passes the filter. */
  matches(event: MediaEvent): boolean {
    if (this.#eventTypes !== undefined && !this.#eventTypes.has(event.eventType)) {
      return false;
    }
    return this.#subjects === undefined || this.#subjects.has(event.subject.toLowerCase());
  }
}
