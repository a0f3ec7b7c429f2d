import { box, concatChunks } from '../../formats/fmp4/box.js';
import type { CodecConfig, HevcConfig } from '../codec-config.js';
import type { CodecHandler } from '../codec-handler.js';
import { equalBytes } from '../equal-bytes.js';
import { bitRateBox, visualSampleEntry } from '../sample-entry/visual-sample-entry.js';
import { parseHvcc } from './hvcc.js';
import { isHevcKeyframe } from './is-hevc-keyframe.js';

function hevc(config: CodecConfig): HevcConfig {
  if (config.codec !== 'hevc') {
    throw new TypeError(`hevc handler given a ${config.codec} config`);
  }
  return config;
}

/**
 * `hevcHandler` is the H.265 `CodecHandler`: `hvcC` records (ISO/IEC 14496-15 §8.3.3.1), IRAP keyframes,
 * and the `hvc1` sample entry with `hvcC` (+ `btrt` when a bitrate is known; ISO/IEC 14496-15 §8.4.1).
 */
export const hevcHandler: CodecHandler = {
  codec: 'hevc',
  kind: 'video',
  fourCc: 'hvc1',
  parseConfig: parseHvcc,
  isKeyframe(data, config) {
    return isHevcKeyframe(data, hevc(config).nalLengthSize);
  },
  sameConfig(a, b) {
    return equalBytes(hevc(a).record, hevc(b).record);
  },
  sampleEntry(config, options) {
    const c = hevc(config);
    return concatChunks(
      visualSampleEntry('hvc1', c.width, c.height, box('hvcC', c.record), bitRateBox(options)),
    );
  },
};
