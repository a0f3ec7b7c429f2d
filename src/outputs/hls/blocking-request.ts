import type { RenditionWindow } from '../../packager/rendition-window.js';
import { deliveryDirectiveSupport, type DeliveryDirectiveOptions } from './delivery-directive-support.js';

/**
 * Delivery Directives of a media playlist request (RFC 8216bis §6.2.5) and the blocking-reload decision:
 * `parseBlockingRequest` (400 on bad directives), then answer once `isSatisfied`, 503 after
 * `blockingTimeoutMs`. Serving steps and rules: see docs/design/hls.md#blocking-playlist-reload.
 */

/** `SkipDirective` is the value of `_HLS_skip`: skip old segments (`YES`), and date ranges too (`v2`). */
export type SkipDirective = 'YES' | 'v2';

/** `DeliveryDirectives` are the directives of one request that the playlist honours. */
export interface DeliveryDirectives {
  readonly msn?: number;
  readonly part?: number;
  readonly skip?: SkipDirective;
}

/** `BlockingRequest` is the outcome of `parseBlockingRequest`. */
export type BlockingRequest =
  | { readonly ok: true; readonly directives: DeliveryDirectives }
  | { readonly ok: false; readonly status: 400; readonly reason: string };

/** RFC 8216bis §6.2.5.2: a server that cannot answer "after blocking for more than three Target
 * Durations SHOULD return Service Unavailable". */
const BLOCKING_TIMEOUT_TARGET_DURATIONS = 3;

/** RFC 8216bis §6.2.5.2: `_HLS_msn` may be at most the last segment's sequence "plus two". */
const MSN_ADVANCE_LIMIT = 2;

/** Digits of a directive value: 15 keeps every value an exact JavaScript integer. */
const DECIMAL_INTEGER = /^\d{1,15}$/;

function badRequest(reason: string): BlockingRequest {
  return { ok: false, status: 400, reason };
}

/** `advancePartLimit` is RFC 8216bis §6.2.5.2's Advance Part Limit for a part target in seconds. */
export function advancePartLimit(partTarget: number): number {
  return partTarget < 1 ? 3 / partTarget : 3;
}

/**
 * `parseBlockingRequest` reads `_HLS_msn`, `_HLS_part` and `_HLS_skip` from a query (`a=1&b=2`, `?a=1`, a
 * path with a query, or `URLSearchParams`) and validates them against the current `window`.
 */
export function parseBlockingRequest(
  query: string | URLSearchParams,
  window: RenditionWindow,
  options: DeliveryDirectiveOptions = {},
): BlockingRequest {
  const params = typeof query === 'string' ? new URLSearchParams(query.slice(query.indexOf('?') + 1)) : query;
  const values: Partial<Record<'_HLS_msn' | '_HLS_part' | '_HLS_skip', string>> = {};
  for (const name of ['_HLS_msn', '_HLS_part', '_HLS_skip'] as const) {
    const all = params.getAll(name);
    if (all.length > 1) {
      return badRequest(`${name} is given ${all.length} times; give it once`);
    }
    if (all[0] !== undefined) {
      values[name] = all[0];
    }
  }
  for (const name of ['_HLS_msn', '_HLS_part'] as const) {
    const value = values[name];
    if (value !== undefined && !DECIMAL_INTEGER.test(value)) {
      return badRequest(`${name} must be a decimal integer, got '${value}'`);
    }
  }
  if (values._HLS_part !== undefined && values._HLS_msn === undefined) {
    return badRequest('_HLS_part needs _HLS_msn (RFC 8216bis 6.2.5.2)');
  }
  const skipValue = values._HLS_skip;
  const skip = skipValue === 'YES' || skipValue === 'v2' ? skipValue : undefined;
  if (skipValue !== undefined && skip === undefined) {
    return badRequest(`_HLS_skip must be YES or v2, got '${skipValue}'`);
  }
  const support = deliveryDirectiveSupport(window, options);
  const skipPart: { skip?: SkipDirective } = skip !== undefined && support.deltaUpdates ? { skip } : {};
  if (values._HLS_msn === undefined || !support.blockingReload) {
    return { ok: true, directives: skipPart };
  }
  const msn = Number(values._HLS_msn);
  const part = values._HLS_part === undefined ? undefined : Number(values._HLS_part);
  const tooFar = tooFarAhead(window, msn, part);
  if (tooFar !== undefined) {
    return badRequest(tooFar);
  }
  return { ok: true, directives: { msn, ...(part === undefined ? {} : { part }), ...skipPart } };
}

function tooFarAhead(window: RenditionWindow, msn: number, part: number | undefined): string | undefined {
  const last = window.segments.at(-1);
  const pending = window.pending;
  const lastMsn = last?.sequence ?? (pending === undefined ? undefined : pending.sequence - 1);
  if (lastMsn !== undefined && msn > lastMsn + MSN_ADVANCE_LIMIT) {
    return `_HLS_msn ${msn} is more than ${MSN_ADVANCE_LIMIT} segments beyond the last segment ${lastMsn}`;
  }
  const holder = pending !== undefined && pending.parts.length > 0 ? pending : last;
  if (part === undefined || window.partTarget === undefined || holder === undefined) {
    return undefined;
  }
  const lastPart = holder.parts.length - 1;
  const missing = msn === holder.sequence ? part - lastPart : msn > holder.sequence ? part + 1 : 0;
  const limit = advancePartLimit(window.partTarget);
  if (missing > limit) {
    return `_HLS_part ${part} of segment ${msn} is ${missing} parts beyond the last part ${lastPart} of segment ${holder.sequence} (limit ${limit})`;
  }
  return undefined;
}

/**
 * `isSatisfied` tells whether the playlist of `window` already answers a blocking request for segment
 * `msn` (and part `part` of it): RFC 8216bis §6.2.5.2 holds the request "until the Playlist contains a
 * Media Segment with a Media Sequence Number of M or later" (without `part`), or "the Partial Segment with
 * Part Index N and with a Media Sequence Number of M or later" (with `part`). A part index past the last
 * part of a complete segment means part 0 of the next segment (MUST). A segment that already slid out of
 * the window, or an ended playlist, is answered at once.
 */
export function isSatisfied(
  window: RenditionWindow,
  target: { readonly msn: number; readonly part?: number },
): boolean {
  const { segments, pending } = window;
  const last = segments.at(-1);
  if (window.ended || (segments[0] !== undefined && target.msn < segments[0].sequence)) {
    return true;
  }
  if (target.part === undefined) {
    return last !== undefined && last.sequence >= target.msn;
  }
  let msn = target.msn;
  let part = target.part;
  for (const segment of segments) {
    if (segment.sequence === msn && part >= segment.parts.length) {
      msn += 1;
      part = 0;
    }
  }
  if (last !== undefined && msn <= last.sequence) {
    return true;
  }
  return (
    pending !== undefined &&
    (pending.sequence > msn || (pending.sequence === msn && part < pending.parts.length))
  );
}

/** `blockingTimeoutMs` is how long a blocked request waits before the 503: three target durations. */
export function blockingTimeoutMs(window: RenditionWindow): number {
  return BLOCKING_TIMEOUT_TARGET_DURATIONS * window.targetDuration * 1000;
}
