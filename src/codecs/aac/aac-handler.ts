import { concatChunks } from '../../formats/fmp4/box.js';
import type { AacConfig, CodecConfig } from '../codec-config.js';
import type { CodecHandler } from '../codec-handler.js';
import { equalBytes } from '../equal-bytes.js';
import { parseAudioSpecificConfig } from './audio-specific-config.js';
import { mp4aSampleEntry } from './mp4a-sample-entry.js';

function aac(config: CodecConfig): AacConfig {
  if (config.codec !== 'aac') {
    throw new TypeError(`aac handler given a ${config.codec} config`);
  }
  return config;
}

/**
 * `aacHandler` is the AAC `CodecHandler`: AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1), every frame a
 * sync sample, and the `mp4a` sample entry with `esds` (ISO/IEC 14496-14 §3.1).
 */
export const aacHandler: CodecHandler = {
  codec: 'aac',
  kind: 'audio',
  fourCc: 'mp4a',
  parseConfig: parseAudioSpecificConfig,
  isKeyframe(_data, config) {
    aac(config);
    return true;
  },
  sameConfig(a, b) {
    return equalBytes(aac(a).asc, aac(b).asc);
  },
  sampleEntry(config, options) {
    return concatChunks(mp4aSampleEntry(aac(config), options));
  },
};
