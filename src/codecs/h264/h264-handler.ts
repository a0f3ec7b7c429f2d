import { box, concatChunks } from '../../formats/fmp4/box.js';
import type { CodecConfig, H264Config } from '../codec-config.js';
import type { CodecHandler } from '../codec-handler.js';
import { equalBytes } from '../equal-bytes.js';
import { bitRateBox, visualSampleEntry } from '../sample-entry/visual-sample-entry.js';
import { parseAvcc } from './avcc.js';
import { isH264Keyframe } from './is-h264-keyframe.js';

function h264(config: CodecConfig): H264Config {
  if (config.codec !== 'h264') {
    throw new TypeError(`h264 handler given a ${config.codec} config`);
  }
  return config;
}

/**
 * `h264Handler` is the H.264 `CodecHandler`: `avcC` records (ISO/IEC 14496-15 §5.3.3.1), IDR keyframes,
 * and the `avc1` sample entry with `avcC` (+ `btrt` when a bitrate is known; ISO/IEC 14496-15 §5.4.2).
 */
export const h264Handler: CodecHandler = {
  codec: 'h264',
  kind: 'video',
  fourCc: 'avc1',
  parseConfig: parseAvcc,
  isKeyframe(data, config) {
    return isH264Keyframe(data, h264(config).nalLengthSize);
  },
  sameConfig(a, b) {
    return equalBytes(h264(a).record, h264(b).record);
  },
  sampleEntry(config, options) {
    const c = h264(config);
    return concatChunks(
      visualSampleEntry('avc1', c.width, c.height, box('avcC', c.record), bitRateBox(options)),
    );
  },
};
