import { MediaFormatError } from '../../lib/media-format-error.js';
import { RtmpMessageType } from './message-type.js';
import type { RtmpMessage } from './message.js';

/** FLV tag header: type (1) + data size (3) + timestamp (3) + timestamp extended (1) + stream id (3). */
const TAG_HEADER_SIZE = 11;
/** FLV PreviousTagSize field after each tag body. */
const BACK_POINTER_SIZE = 4;

/**
 * `splitAggregate` splits an Aggregate message (RTMP Specification 1.0, §7.1.6) into its sub-messages.
 * The body is a run of FLV tags (FLV spec E.4.1), each followed by a 4-byte back pointer. The aggregate's
 * message stream id replaces the tags' stream ids, and timestamps are renormalised so that the first
 * sub-message gets the aggregate's timestamp: `t = aggregate.timestamp + (tag.timestamp - first.timestamp)`
 * (32-bit wrap). Payloads are views of the aggregate payload (no copy). A missing final back pointer is
 * tolerated; a tag that runs past the end throws `MediaFormatError` (`rtmp-bad-aggregate`) after the
 * complete sub-messages before it were emitted.
 */
export function splitAggregate(msg: RtmpMessage, emit: (sub: RtmpMessage) => void): void {
  const p = msg.payload;
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  let pos = 0;
  let first: number | undefined;
  while (pos < p.byteLength) {
    if (pos + TAG_HEADER_SIZE > p.byteLength) {
      throw new MediaFormatError(
        'rtmp-bad-aggregate',
        `rtmp aggregate: truncated tag header at offset ${pos} of ${p.byteLength}`,
        pos,
      );
    }
    const typeId = view.getUint8(pos) & 0x1f;
    const size = (view.getUint8(pos + 1) << 16) | view.getUint16(pos + 2);
    const ts =
      ((view.getUint8(pos + 7) << 24) | (view.getUint8(pos + 4) << 16) | view.getUint16(pos + 5)) >>> 0;
    const bodyAt = pos + TAG_HEADER_SIZE;
    if (bodyAt + size > p.byteLength) {
      throw new MediaFormatError(
        'rtmp-bad-aggregate',
        `rtmp aggregate: tag of ${size} bytes at offset ${pos} runs past the end (${p.byteLength})`,
        pos,
      );
    }
    first ??= ts;
    if (
      typeId === RtmpMessageType.audio ||
      typeId === RtmpMessageType.video ||
      typeId === RtmpMessageType.dataAmf0
    ) {
      emit({
        csid: msg.csid,
        typeId,
        streamId: msg.streamId,
        timestamp: (msg.timestamp + (ts - first)) >>> 0,
        payload: p.subarray(bodyAt, bodyAt + size),
      });
    }
    pos = bodyAt + size + BACK_POINTER_SIZE;
  }
}
