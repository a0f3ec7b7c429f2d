import { decodeAmf0 } from '../../formats/amf0/amf0-decoder.js';
import { encodeAmf0 } from '../../formats/amf0/amf0-encoder.js';
import { isAmf0Object, type Amf0Object, type Amf0Value } from '../../formats/amf0/amf0-value.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { RtmpMessageType } from './message-type.js';
import { NetStatusCode, statusInfo, type StatusInfo } from './net-status.js';

/**
 * `RtmpCommand` is a decoded command message (RTMP Specification 1.0, §7.1.1): the command name, the
 * transaction id (0 when the sender expects no answer), the command object (often null) and the
 * remaining arguments.
 */
export interface RtmpCommand {
  readonly name: string;
  readonly transactionId: number;
  readonly object: Amf0Value;
  readonly args: readonly Amf0Value[];
}

/**
 * `amfBody` is the AMF0 part of a command or data payload: type 17 and 15 (AMF3 variants) start with a
 * one-byte format selector that encoders set to 0 before plain AMF0 values (§7.1.1, §7.1.2).
 */
export function amfBody(typeId: number, payload: Uint8Array): Uint8Array {
  return typeId === RtmpMessageType.commandAmf3 || typeId === RtmpMessageType.dataAmf3
    ? payload.subarray(1)
    : payload;
}

/**
 * `decodeCommand` decodes a command payload of type 20 or 17. Throws `MediaFormatError` for malformed
 * AMF or when the first value is not a string (`rtmp-bad-command`). A missing or non-numeric transaction
 * id reads as 0.
 */
export function decodeCommand(typeId: number, payload: Uint8Array): RtmpCommand {
  const values = decodeAmf0(amfBody(typeId, payload));
  const [name, txn, object, ...args] = values;
  if (typeof name !== 'string') {
    throw new MediaFormatError(
      'rtmp-bad-command',
      `rtmp command: first value is ${name === null ? 'null' : typeof name}, not the command name`,
      0,
    );
  }
  return {
    name,
    transactionId: typeof txn === 'number' && Number.isFinite(txn) ? txn : 0,
    object: object ?? null,
    args,
  };
}

/** `encodeCommand` encodes a type-20 command payload: name, transaction id, command object, arguments. */
export function encodeCommand(
  name: string,
  transactionId: number,
  object: Amf0Value,
  ...args: Amf0Value[]
): Uint8Array {
  return encodeAmf0(name, transactionId, object, ...args);
}

/** `commandObject` returns the command object (e.g. of `connect`) when it is an AMF0 object. */
export function commandObject(cmd: RtmpCommand): Amf0Object | undefined {
  return isAmf0Object(cmd.object) ? cmd.object : undefined;
}

/** `stringArg` returns argument `i` when it is a string. */
export function stringArg(cmd: RtmpCommand, i: number): string | undefined {
  const v = cmd.args[i];
  return typeof v === 'string' ? v : undefined;
}

/** `numberArg` returns argument `i` when it is a number. */
export function numberArg(cmd: RtmpCommand, i: number): number | undefined {
  const v = cmd.args[i];
  return typeof v === 'number' ? v : undefined;
}

/**
 * Server version reported in the connect answer. Flash Media Server 3 identifies itself this way and
 * clients only log it; nginx-rtmp sends the same.
 */
const FMS_VERSION = 'FMS/3,0,1,123';
/** Capabilities bit field of the connect answer (the value FMS and nginx-rtmp send). */
const FMS_CAPABILITIES = 31;

/** `connectResult` is the `_result` to `connect` (§7.2.1.1) with `NetConnection.Connect.Success`. */
export function connectResult(transactionId: number, objectEncoding: number): Uint8Array {
  return encodeCommand(
    '_result',
    transactionId,
    { fmsVer: FMS_VERSION, capabilities: FMS_CAPABILITIES },
    statusInfo('status', NetStatusCode.connectSuccess, 'Connection succeeded.', { objectEncoding }),
  );
}

/** `connectRejected` is the `_error` to `connect` with `NetConnection.Connect.Rejected`. */
export function connectRejected(transactionId: number, description: string): Uint8Array {
  return encodeCommand(
    '_error',
    transactionId,
    null,
    statusInfo('error', NetStatusCode.connectRejected, description),
  );
}

/** `resultMessage` is a plain `_result` with a null command object and one value (§7.2.1.3). */
export function resultMessage(transactionId: number, value: Amf0Value): Uint8Array {
  return encodeCommand('_result', transactionId, null, value);
}

/** `errorMessage` is an `_error` answer carrying an error info object. */
export function errorMessage(transactionId: number, info: StatusInfo): Uint8Array {
  return encodeCommand('_error', transactionId, null, info);
}

/** `onStatusMessage` is an `onStatus` command (§7.2.2): transaction 0, null object, the info object. */
export function onStatusMessage(info: StatusInfo): Uint8Array {
  return encodeCommand('onStatus', 0, null, info);
}

/**
 * `onFCPublishMessage` answers `FCPublish` the way Flash Media Server does (FMLE waits for it): code
 * `NetStream.Publish.Start` with the stream name as description. It is a courtesy, not the publish
 * decision: that is the `onStatus` sent after `publish`.
 */
export function onFCPublishMessage(streamName: string): Uint8Array {
  return encodeCommand('onFCPublish', 0, null, { code: NetStatusCode.publishStart, description: streamName });
}

/** `onFCUnpublishMessage` answers `FCUnpublish` the way Flash Media Server does. */
export function onFCUnpublishMessage(streamName: string): Uint8Array {
  return encodeCommand('onFCUnpublish', 0, null, {
    code: NetStatusCode.unpublishSuccess,
    description: streamName,
  });
}

/** `onBWDoneMessage` is the `onBWDone` FMS sends after connect; ffmpeg answers it with `_checkbw`. */
export function onBWDoneMessage(): Uint8Array {
  return encodeCommand('onBWDone', 0, null);
}
