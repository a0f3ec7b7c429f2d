import { aacHandler } from './aac/aac-handler.js';
import type { CodecId } from './codec-config.js';
import type { CodecHandler } from './codec-handler.js';
import { h264Handler } from './h264/h264-handler.js';
import { hevcHandler } from './hevc/hevc-handler.js';

export type { CodecHandler, SampleEntryOptions } from './codec-handler.js';

/**
 * The codec registry: the ONE place that maps codecs to their behaviour. Add a codec by writing its
 * `CodecHandler` and listing it here; nothing else switches on the codec.
 */
const handlers: Readonly<Record<CodecId, CodecHandler>> = {
  h264: h264Handler,
  hevc: hevcHandler,
  aac: aacHandler,
};

const byFourCc: ReadonlyMap<string, CodecHandler> = new Map(
  Object.values(handlers).map((h) => [h.fourCc, h]),
);

/** `codecHandler` is the handler of a codec Inlet supports. */
export function codecHandler(codec: CodecId): CodecHandler {
  return handlers[codec];
}

/**
 * `codecForFourCc` is the handler for an FLV / Enhanced RTMP FourCC (`avc1`, `hvc1`, `mp4a`; legacy FLV
 * codec ids are mapped to these by the FLV parser), or undefined for a codec Inlet does not ingest.
 */
export function codecForFourCc(fourCc: string): CodecHandler | undefined {
  return byFourCc.get(fourCc);
}
