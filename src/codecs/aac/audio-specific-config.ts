import { BitReader } from '../../lib/bytes/bit-reader.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import type { AacConfig } from '../codec-config.js';
import { readProgramConfigElementChannels } from './program-config-element.js';
import { readSamplingFrequency } from './sampling-frequency.js';

/** Audio object types (ISO/IEC 14496-3 Table 1.17) that matter here. */
const AOT_SBR = 5;
const AOT_PS = 29;
const AOT_ER_BSAC = 22;
/** GetAudioObjectType(): 31 escapes to 32 + a 6-bit value. */
const AOT_ESCAPE = 31;
/** Object types whose specific config is GASpecificConfig (ISO/IEC 14496-3 §1.6.2.1). */
const GA_TYPES = new Set([1, 2, 3, 4, 6, 7, 17, 19, 20, 21, 22, 23]);
/** Error-resilient object types that carry epConfig after their specific config. */
const ER_TYPES = new Set([17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 39]);
/** Scalable types with layerNr in GASpecificConfig. */
const LAYERED_TYPES = new Set([6, 20]);
/** Sync extension markers of backward-compatible SBR and PS signalling (ISO/IEC 14496-3 §1.6.5). */
const SYNC_EXTENSION_SBR = 0x2b7;
const SYNC_EXTENSION_PS = 0x548;
/** Output channels per channelConfiguration (ISO/IEC 14496-3 Table 1.19; 0 = PCE, 8..10 reserved). */
const CHANNELS_BY_CONFIGURATION = [0, 1, 2, 3, 4, 5, 6, 8, 0, 0, 0, 7, 8, 24, 8];
/** Frame length of AAC: 1024 samples, or 960 when frameLengthFlag is set (ISO/IEC 14496-3 §4.5.1.1). */
const FRAME_LENGTH = 1024;
const SHORT_FRAME_LENGTH = 960;

function readObjectType(br: BitReader): number {
  const aot = br.u(5, 'audioObjectType');
  return aot === AOT_ESCAPE ? 32 + br.u(6, 'audioObjectTypeExt') : aot;
}

interface SbrSignal {
  sbr: boolean;
  ps: boolean;
  extensionRate: number | undefined;
}

/** Backward-compatible SBR/PS signalling after the specific config (ISO/IEC 14496-3 §1.6.2.1). */
function readSyncExtension(br: BitReader, signal: SbrSignal): void {
  if (br.bitsLeft < 16 || br.u(11, 'syncExtensionType') !== SYNC_EXTENSION_SBR) {
    return;
  }
  const extensionType = readObjectType(br);
  if (extensionType === AOT_SBR) {
    signal.sbr = br.flag('sbrPresentFlag');
    if (signal.sbr) {
      signal.extensionRate = readSamplingFrequency(br);
      if (br.bitsLeft >= 12 && br.u(11, 'syncExtensionType') === SYNC_EXTENSION_PS) {
        signal.ps = br.flag('psPresentFlag');
      }
    }
  } else if (extensionType === AOT_ER_BSAC) {
    signal.sbr = br.flag('sbrPresentFlag');
    if (signal.sbr) {
      signal.extensionRate = readSamplingFrequency(br);
    }
  }
}

/**
 * `parseAudioSpecificConfig` decodes an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) into an
 * `AacConfig`: object type (escape 31 included), sampling frequency (index or explicit 24-bit rate),
 * channel configuration (a program_config_element is counted), frameLengthFlag, and SBR/PS signalled
 * explicitly (object type 5 or 29) or backward-compatibly (sync extension). HE-AAC gives codec string
 * `mp4a.40.5`, HE-AAC v2 `mp4a.40.29`, anything else `mp4a.40.<object type>`. The config is copied once.
 * Throws `MediaFormatError` when the mandatory fields are missing or reserved.
 */
export function parseAudioSpecificConfig(asc: Uint8Array): AacConfig {
  const own = asc.slice();
  const br = new BitReader(own);
  let aot = readObjectType(br);
  const coreRate = readSamplingFrequency(br);
  const channelConfiguration = br.u(4, 'channelConfiguration');
  const signal: SbrSignal = { sbr: false, ps: false, extensionRate: undefined };
  const explicit = aot === AOT_SBR || aot === AOT_PS;
  if (explicit) {
    signal.sbr = true;
    signal.ps = aot === AOT_PS;
    signal.extensionRate = readSamplingFrequency(br);
    aot = readObjectType(br);
    if (aot === AOT_ER_BSAC) {
      br.skip(4, 'extensionChannelConfiguration');
    }
  }
  let frameLengthFlag = false;
  let channels = CHANNELS_BY_CONFIGURATION[channelConfiguration] ?? 0;
  if (GA_TYPES.has(aot)) {
    try {
      frameLengthFlag = br.flag('frameLengthFlag');
      if (br.flag('dependsOnCoreCoder')) {
        br.skip(14, 'coreCoderDelay');
      }
      const extensionFlag = br.flag('extensionFlag');
      if (channelConfiguration === 0) {
        channels = readProgramConfigElementChannels(br);
      }
      if (LAYERED_TYPES.has(aot)) {
        br.skip(3, 'layerNr');
      }
      if (extensionFlag) {
        if (aot === AOT_ER_BSAC) {
          br.skip(5 + 11, 'numOfSubFrame, layer_length');
        }
        if (aot === 17 || aot === 19 || aot === 20 || aot === 23) {
          br.skip(3, 'resilience flags');
        }
        br.skip(1, 'extensionFlag3');
      }
      const epConfig = ER_TYPES.has(aot) ? br.u(2, 'epConfig') : 0;
      // epConfig 2 and 3 add an ErrorProtectionSpecificConfig that is not read; stop before it.
      if (!explicit && epConfig < 2) {
        readSyncExtension(br, signal);
      }
    } catch (e) {
      // Fields after the mandatory ones are best-effort: a short config still describes the stream.
      if (!(e instanceof MediaFormatError) || (channelConfiguration === 0 && channels === 0)) {
        throw e;
      }
    }
  }
  const objectType = signal.ps ? AOT_PS : signal.sbr ? AOT_SBR : aot;
  const baseFrame = frameLengthFlag ? SHORT_FRAME_LENGTH : FRAME_LENGTH;
  const sampleRate = signal.sbr && signal.extensionRate !== undefined ? signal.extensionRate : coreRate;
  return {
    codec: 'aac',
    kind: 'audio',
    codecString: `mp4a.40.${objectType}`,
    audioObjectType: objectType,
    sampleRate,
    // Parametric stereo turns a mono core into stereo output.
    channelCount: signal.ps && channels === 1 ? 2 : channels,
    channelConfiguration,
    sbrPresent: signal.sbr,
    psPresent: signal.ps,
    // A frame lasts baseFrame core samples; SBR output (usually twice the core rate) scales it.
    samplesPerFrame: Math.round((baseFrame * sampleRate) / coreRate),
    asc: own,
  };
}
