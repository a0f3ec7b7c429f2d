import { formatIsoDuration } from '../lib/time/iso-duration.js';
import type { IpRange } from '../lib/net/ip-range.js';
import type { LiveEventSpec } from './live-event-spec.js';

/**
 * `DeclaredLiveEvent` is a live event declared in Inlet's config file (the shape `config/` produces).
 * Declared events appear in the API like any other. The config is authoritative for the fields it
 * sets: at every start its allow list, and its token, key frame interval, stream options and
 * description when given, replace the stored ones; everything else (tags, outputs, state, token when
 * not given) comes from the store. `autoStart: true` starts the event at server start unless it runs.
 */
export interface DeclaredLiveEvent {
  readonly name: string;
  readonly accessToken?: string | undefined;
  /** ARM `IPRange`s, CIDR text or bare addresses; an empty list allows nobody. */
  readonly allow: readonly (IpRange | string)[];
  readonly autoStart: boolean;
  /** ISO 8601 duration text, or milliseconds. */
  readonly keyFrameIntervalDuration?: string | number | undefined;
  /** An empty list counts as not set (the config file's default). */
  readonly streamOptions?: readonly string[] | undefined;
  readonly description?: string | undefined;
}

/** `declaredLiveEventSpec` turns a declared live event into the spec the manager applies. */
export function declaredLiveEventSpec(declared: DeclaredLiveEvent, location: string): LiveEventSpec {
  const k = declared.keyFrameIntervalDuration;
  return {
    location,
    description: declared.description,
    streamOptions: declared.streamOptions?.length === 0 ? undefined : declared.streamOptions,
    input: {
      streamingProtocol: 'RTMP',
      accessToken: declared.accessToken,
      keyFrameIntervalDuration: typeof k === 'number' ? formatIsoDuration(k) : k,
      accessControl: { allow: declared.allow },
    },
  };
}
