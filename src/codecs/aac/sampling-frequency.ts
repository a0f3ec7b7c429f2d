import type { BitReader } from '../../lib/bytes/bit-reader.js';
import { MediaFormatError } from '../../lib/media-format-error.js';

/** `AAC_SAMPLING_FREQUENCIES` is indexed by samplingFrequencyIndex (ISO/IEC 14496-3 Table 1.18). */
export const AAC_SAMPLING_FREQUENCIES: readonly number[] = [
  96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
];

/** samplingFrequencyIndex 15 means "an explicit 24-bit samplingFrequency follows". */
export const EXPLICIT_FREQUENCY_INDEX = 15;

/** `aacSampleRateOf` maps a samplingFrequencyIndex to Hz; reserved indexes 13 and 14 throw. */
export function aacSampleRateOf(index: number, offset = 0): number {
  const rate = AAC_SAMPLING_FREQUENCIES[index];
  if (rate === undefined) {
    throw new MediaFormatError(
      'aac-bad-frequency-index',
      `aac samplingFrequencyIndex ${index} is reserved`,
      offset,
    );
  }
  return rate;
}

/** `readSamplingFrequency` reads samplingFrequencyIndex and, for index 15, the explicit 24-bit rate. */
export function readSamplingFrequency(br: BitReader): number {
  const index = br.u(4, 'samplingFrequencyIndex');
  if (index === EXPLICIT_FREQUENCY_INDEX) {
    const rate = br.u(24, 'samplingFrequency');
    if (rate === 0) {
      throw new MediaFormatError(
        'aac-bad-frequency-index',
        'aac explicit samplingFrequency is 0',
        br.bitPosition >>> 3,
      );
    }
    return rate;
  }
  return aacSampleRateOf(index, br.bitPosition >>> 3);
}
