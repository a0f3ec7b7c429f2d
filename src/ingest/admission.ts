import { createHash, timingSafeEqual } from 'node:crypto';
import { IngestUrlError, parseIngestUrl, type IngestUrl } from './ingest-url.js';
import { ResultCode, type ResultCodeValue } from './result-codes.js';

/**
 * `AdmissionTarget` is what admission needs to know about one live event. The live-event manager
 * provides these snapshots (the app wires it in); ingest never reads live-event resources directly.
 */
export interface AdmissionTarget {
  readonly name: string;
  /** Access token normalised with `normalizeAccessToken` (32 lowercase hex digits for GUIDs). */
  readonly normalizedToken: string;
  /** The live event's IP allow list; an empty list allows nobody. */
  readonly allowList: { allows(remoteAddress: string): boolean };
  /** True only in the `Running` resource state. */
  readonly running: boolean;
  /** Name of the current resource state, for messages. */
  readonly resourceState: string;
  /** `input.keyFrameIntervalDuration` in ms: the fragment (segment) duration of its streams. */
  readonly keyFrameIntervalMs: number;
}

/** `LiveEventDirectory` lists the live events encoders may publish to. */
export interface LiveEventDirectory {
  admissionTargets(): Iterable<AdmissionTarget>;
}

/** `AdmissionRequest` is one publish attempt. */
export interface AdmissionRequest {
  readonly app: string;
  readonly publishName: string;
  readonly remoteAddress: string;
}

/** `AdmissionResult` admits a publish with its live event, or refuses it with a result code. */
export type AdmissionResult =
  | { readonly admitted: true; readonly liveEvent: AdmissionTarget; readonly url: IngestUrl }
  | {
      readonly admitted: false;
      readonly resultCode: ResultCodeValue;
      readonly reason: string;
      /** The live event, when the token matched one (rejections are reported on its subject). */
      readonly liveEvent: AdmissionTarget | undefined;
      readonly url: IngestUrl | undefined;
    };

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/**
 * `findByToken` compares the token with every live event's token in constant time (fixed-length
 * digests, no early exit), so response timing does not reveal how much of a token was right.
 */
function findByToken(directory: LiveEventDirectory, normalizedToken: string): AdmissionTarget | undefined {
  const wanted = digest(normalizedToken);
  let found: AdmissionTarget | undefined;
  for (const target of directory.admissionTargets()) {
    if (timingSafeEqual(wanted, digest(target.normalizedToken)) && found === undefined) {
      found = target;
    }
  }
  return found;
}

/**
 * `admit` decides a publish, in the documented order: malformed URL (`MPE_BAD_URL_SYNTAX`), unknown
 * token (`MPE_RTMP_APPID_AUTH_FAILURE`), address not allowed (`MPE_INGEST_ENCODER_CONNECTION_DENIED`),
 * live event not running. The codec check happens later, on the first media message.
 */
export function admit(directory: LiveEventDirectory, req: AdmissionRequest): AdmissionResult {
  let url: IngestUrl;
  try {
    url = parseIngestUrl(req.app, req.publishName);
  } catch (e) {
    if (e instanceof IngestUrlError) {
      return {
        admitted: false,
        resultCode: ResultCode.badUrlSyntax,
        reason: e.message,
        liveEvent: undefined,
        url: undefined,
      };
    }
    throw e;
  }
  const liveEvent = findByToken(directory, url.normalizedToken);
  if (liveEvent === undefined) {
    return {
      admitted: false,
      resultCode: ResultCode.appIdAuthFailure,
      reason:
        'the access token in the ingest URL matches no live event; copy the ingest URL from the live event',
      liveEvent: undefined,
      url,
    };
  }
  if (!liveEvent.allowList.allows(req.remoteAddress)) {
    return {
      admitted: false,
      resultCode: ResultCode.connectionDenied,
      reason: `encoder address ${req.remoteAddress} is not in the IP allow list of live event ${liveEvent.name}`,
      liveEvent,
      url,
    };
  }
  if (!liveEvent.running) {
    return {
      admitted: false,
      resultCode: ResultCode.liveEventNotRunning,
      reason: `live event ${liveEvent.name} is ${liveEvent.resourceState}, not Running; start it first`,
      liveEvent,
      url,
    };
  }
  return { admitted: true, liveEvent, url };
}
