import { codecForFourCc } from '../../codecs/codec-registry.js';
import { decodeAmf0 } from '../../formats/amf0/amf0-decoder.js';
import { parseFlvAudioTag } from '../../formats/flv/flv-audio-tag.js';
import { FlvFileReader, FlvTagType } from '../../formats/flv/flv-file-reader.js';
import { parseFlvVideoTag } from '../../formats/flv/flv-video-tag.js';
import { readStreamMetadata } from '../../formats/flv/stream-metadata.js';
import type { Track } from '../../media/track.js';
import type { SentUnit } from './synthetic-encoder.js';

/** `FlvMedia` is an FLV file turned into what ingest hands the media layer: tracks and units. */
export interface FlvMedia {
  readonly video: Track | undefined;
  readonly audio: Track | undefined;
  readonly frameRate: number | undefined;
  /** Coded frames in file order, `e` = the raw timestamp. */
  readonly units: SentUnit[];
}

/**
 * `readFlvMedia` parses an FLV file (tags with `FlvFileReader`, bodies with `parseFlvVideoTag` /
 * `parseFlvAudioTag`, configurations with the codec registry) into tracks `video` / `audio` and units
 * whose data are views of `bytes`.
 */
export function readFlvMedia(bytes: Uint8Array): FlvMedia {
  let video: Track | undefined;
  let audio: Track | undefined;
  let frameRate: number | undefined;
  const units: SentUnit[] = [];
  for (const tag of new FlvFileReader({ bytes })) {
    if (tag.type === FlvTagType.scriptData) {
      frameRate ??= readStreamMetadata(decodeAmf0(tag.body))?.frameRate;
    } else if (tag.type === FlvTagType.video) {
      const packet = parseFlvVideoTag(tag.body);
      if (packet.type === 'sequence-start') {
        const config = codecForFourCc(packet.fourCc)?.parseConfig(packet.body);
        if (config !== undefined) {
          video = {
            id: 'video',
            kind: 'video',
            name: 'video',
            timescale: 1000,
            config,
            declaredBitrate: undefined,
            revision: 0,
          };
        }
      } else if (packet.type === 'coded-frames') {
        units.push({
          track: 'video',
          e: tag.timestamp,
          raw: tag.timestamp,
          cts: packet.compositionTime,
          keyframe: packet.keyframe,
          data: packet.body,
        });
      }
    } else {
      const packet = parseFlvAudioTag(tag.body);
      if (packet.type === 'sequence-start') {
        const config = codecForFourCc(packet.fourCc)?.parseConfig(packet.body);
        if (config !== undefined) {
          audio = {
            id: 'audio',
            kind: 'audio',
            name: 'audio',
            timescale: 1000,
            config,
            declaredBitrate: undefined,
            revision: 0,
          };
        }
      } else if (packet.type === 'coded-frames') {
        units.push({
          track: 'audio',
          e: tag.timestamp,
          raw: tag.timestamp,
          cts: 0,
          keyframe: true,
          data: packet.body,
        });
      }
    }
  }
  return { video, audio, frameRate, units };
}
