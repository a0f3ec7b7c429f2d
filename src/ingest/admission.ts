import { createHash, timingSafeEqual } from 'node:crypto';
import { IngestUrlError, parseIngestUrl, type IngestUrl } from './ingest-url.js';
import type { AdmissionTarget, LiveEventRegistry } from '../live/live-event-registry.js';
import { ResultCode, type ResultCodeValue } from '../live/result-codes.js';
import type { RunningLiveEvent } from '../live/running-live-event.js';

/** `AdmissionRequest` is one publish attempt. */
export interface AdmissionRequest {
  readonly app: string;
  readonly publishName: string;
  readonly remoteAddress: string;
}

/** `AdmissionResult` admits a publish with its running live event, or refuses it with a result code. */
export type AdmissionResult =
  | { readonly admitted: true; readonly liveEvent: RunningLiveEvent; readonly url: IngestUrl }
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
function findByToken(registry: LiveEventRegistry, normalizedToken: string): AdmissionTarget | undefined {
  const wanted = digest(normalizedToken);
  let found: AdmissionTarget | undefined;
  for (const target of registry.admissionTargets()) {
    if (timingSafeEqual(wanted, digest(target.normalizedToken)) && found === undefined) {
      found = target;
    }
  }
  return found;
}

/**
 * `admit` decides a publish, in the documented order: malformed URL (`MPE_BAD_URL_SYNTAX`), unknown
 * token (`MPE_RTMP_APPID_AUTH_FAILURE`), address not allowed (`MPE_INGEST_ENCODER_CONNECTION_DENIED`),
 * live event not running; an admitted publish gets the running live event from the registry. The
 * codec check happens later, on the first media message.
 */
export function admit(registry: LiveEventRegistry, req: AdmissionRequest): AdmissionResult {
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
  const liveEvent = findByToken(registry, url.normalizedToken);
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
  const running = liveEvent.running ? registry.get(liveEvent.name) : undefined;
  if (running === undefined) {
    return {
      admitted: false,
      resultCode: ResultCode.liveEventNotRunning,
      reason: `live event ${liveEvent.name} is ${liveEvent.resourceState}, not Running; start it first`,
      liveEvent,
      url,
    };
  }
  return { admitted: true, liveEvent: running, url };
}
