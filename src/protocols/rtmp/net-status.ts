import type { Amf0Object } from '../../formats/amf0/amf0-value.js';

/**
 * `NetStatusCode` lists the status codes Inlet sends or expects in `onStatus`, `_result` and `_error`
 * info objects (ActionScript 3 `NetStatusEvent.info.code`; RTMP Specification 1.0, §7.2.1.1, §7.2.2.6).
 */
export const NetStatusCode = {
  connectSuccess: 'NetConnection.Connect.Success',
  connectRejected: 'NetConnection.Connect.Rejected',
  callFailed: 'NetConnection.Call.Failed',
  publishStart: 'NetStream.Publish.Start',
  publishBadName: 'NetStream.Publish.BadName',
  publishFailed: 'NetStream.Publish.Failed',
  unpublishSuccess: 'NetStream.Unpublish.Success',
  playFailed: 'NetStream.Play.Failed',
} as const;

/** `NetStatusLevel` is the `level` of an info object. */
export type NetStatusLevel = 'status' | 'error' | 'warning';

/** `StatusInfo` is a NetStatus info object: `level`, `code`, `description` and optional extra fields. */
export interface StatusInfo extends Amf0Object {
  level: NetStatusLevel;
  code: string;
  description: string;
}

/** `statusInfo` builds an info object; `extra` fields follow the three standard ones in wire order. */
export function statusInfo(
  level: NetStatusLevel,
  code: string,
  description: string,
  extra: Amf0Object = {},
): StatusInfo {
  return { level, code, description, ...extra };
}

/** `isErrorStatus` tells whether an info object reports a failure (`level: 'error'`). */
export function isErrorStatus(info: Amf0Object): boolean {
  return info['level'] === 'error';
}

/**
 * `RtmpStatusError` is how the publisher reports a refusal or failure: `code` is the NetStatus code the
 * server sent (e.g. `NetStream.Publish.BadName`) or one of Inlet's client-side codes
 * (`NetConnection.Connect.Closed` when the server closed first, `NetConnection.Connect.Failed` for
 * network, handshake and timeout failures).
 */
export class RtmpStatusError extends Error {
  readonly code: string;
  readonly description: string;

  constructor(code: string, description: string, options?: ErrorOptions) {
    super(`${code}: ${description}`, options);
    this.name = 'RtmpStatusError';
    this.code = code;
    this.description = description;
  }
}
