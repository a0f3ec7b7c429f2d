import type { AacConfig } from '../../codecs/codec-config.js';
import { BitReader } from '../../lib/bytes/bit-reader.js';
import { MediaFormatError } from '../../lib/media-format-error.js';

/**
 * ADTS headers for raw AAC frames (ISO/IEC 14496-3 §1.A.2.2, Table 1.A.5-1.A.7), the form MPEG-TS
 * carries AAC in (stream_type 0x0F). The fixed header comes from the AudioSpecificConfig: ADTS names the
 * core object type, sampling frequency and channel configuration, and HE-AAC's SBR/PS is left for the
 * decoder to find in the stream (implicit signalling, §1.6.5.2).
 */

/** `AdtsFields` are the fixed-header fields shared by every frame of a configuration. */
export interface AdtsFields {
  /** profile_ObjectType: audio object type − 1 (0 Main, 1 LC, 2 SSR, 3 LTP). */
  readonly profile: number;
  readonly samplingFrequencyIndex: number;
  readonly channelConfiguration: number;
}

/** The header without CRC (protection_absent 1). */
export const ADTS_HEADER_SIZE = 7;
/** aac_frame_length is 13 bits. */
const MAX_FRAME_LENGTH = 0x1fff;
const AOT_SBR = 5;
const AOT_PS = 29;
const AOT_ESCAPE = 31;
const EXPLICIT_FREQUENCY = 15;

/**
 * `adtsFields` derives the fixed header from `config.asc` (§1.6.2.1): with explicit SBR/PS (object type
 * 5 or 29) the core object type after the extension sampling frequency. Throws `MediaFormatError` when
 * ADTS cannot describe the stream: a core object type above 4, an explicit sampling frequency, or
 * channel configuration 0 (a program_config_element).
 */
export function adtsFields(config: AacConfig): AdtsFields {
  const br = new BitReader(config.asc);
  const objectType = (): number => {
    const aot = br.u(5, 'audioObjectType');
    return aot === AOT_ESCAPE ? 32 + br.u(6, 'audioObjectTypeExt') : aot;
  };
  let aot = objectType();
  const samplingFrequencyIndex = br.u(4, 'samplingFrequencyIndex');
  if (samplingFrequencyIndex === EXPLICIT_FREQUENCY) {
    throw new MediaFormatError(
      'adts-unsupported-config',
      'aac with an explicit sampling frequency has no adts form',
      0,
    );
  }
  const channelConfiguration = br.u(4, 'channelConfiguration');
  if (aot === AOT_SBR || aot === AOT_PS) {
    if (br.u(4, 'extensionSamplingFrequencyIndex') === EXPLICIT_FREQUENCY) {
      br.skip(24, 'extensionSamplingFrequency');
    }
    aot = objectType();
  }
  if (aot < 1 || aot > 4) {
    throw new MediaFormatError(
      'adts-unsupported-config',
      `aac object type ${aot} does not fit the 2-bit adts profile`,
      0,
    );
  }
  if (channelConfiguration === 0 || channelConfiguration > 7) {
    throw new MediaFormatError(
      'adts-unsupported-config',
      `aac channel configuration ${channelConfiguration} has no adts form (0 needs an in-band program_config_element)`,
      0,
    );
  }
  return { profile: aot - 1, samplingFrequencyIndex, channelConfiguration };
}

/**
 * `writeAdtsHeader` writes the 7-byte header of a frame of `payloadLength` raw bytes at `at`: MPEG-4 ID,
 * no CRC, buffer fullness 0x7FF (variable rate), one raw data block. Throws `RangeError` when the frame
 * is longer than aac_frame_length can say.
 */
export function writeAdtsHeader(
  buf: Uint8Array,
  at: number,
  fields: AdtsFields,
  payloadLength: number,
): void {
  const length = ADTS_HEADER_SIZE + payloadLength;
  if (length > MAX_FRAME_LENGTH) {
    throw new RangeError(`aac frame of ${payloadLength} bytes does not fit an adts frame`);
  }
  const { profile, samplingFrequencyIndex: sf, channelConfiguration: ch } = fields;
  buf[at] = 0xff; // syncword
  buf[at + 1] = 0xf1; // syncword, ID 0 (MPEG-4), layer 00, protection_absent 1
  buf[at + 2] = (profile << 6) | (sf << 2) | (ch >>> 2);
  buf[at + 3] = ((ch & 0x03) << 6) | (length >>> 11);
  buf[at + 4] = (length >>> 3) & 0xff;
  buf[at + 5] = ((length & 0x07) << 5) | 0x1f; // adts_buffer_fullness 0x7FF, high 5 bits
  buf[at + 6] = 0xfc; // adts_buffer_fullness low 6 bits, number_of_raw_data_blocks_in_frame 0
}
