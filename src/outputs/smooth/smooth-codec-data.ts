import { parseAudioSpecificConfig } from '../../codecs/aac/audio-specific-config.js';
import { parseAvcc } from '../../codecs/h264/avcc.js';
import { readInitSegment } from '../../formats/fmp4/reader/read-init-segment.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { readSampleEntryConfig } from './sample-entry-config.js';

/**
 * What a Smooth Streaming client manifest says about the codec of one QualityLevel ([MS-SSTR] §2.2.2.5):
 * Smooth has no init segments, so the client builds its decoder configuration (dash.js: a whole `moov`)
 * from these attributes alone. Read from a rendition's CMAF init segment with `readSmoothCodecData`.
 */
export type SmoothCodecData = SmoothVideoCodecData | SmoothAudioCodecData;

/** `SmoothVideoCodecData` describes an H.264 QualityLevel. */
export interface SmoothVideoCodecData {
  readonly kind: 'video';
  /** [MS-SSTR] §2.2.2.5 FourCC `H264`: AVC in length-prefixed samples. */
  readonly fourCc: 'H264';
  /** `00000001<SPS>…00000001<PPS>…` as upper-case hex: every parameter set of the `avcC`, SPS first. */
  readonly codecPrivateData: string;
  /** Picture size (MaxWidth, MaxHeight): the cropped SPS size, else the sample entry's. */
  readonly width: number;
  readonly height: number;
}

/** `SmoothAudioCodecData` describes an AAC QualityLevel. */
export interface SmoothAudioCodecData {
  readonly kind: 'audio';
  /** `AACL` (AAC-LC), `AACH` when SBR is signalled (HE-AAC, HE-AAC v2). */
  readonly fourCc: 'AACL' | 'AACH';
  /** The AudioSpecificConfig as upper-case hex. */
  readonly codecPrivateData: string;
  readonly samplingRate: number;
  readonly channels: number;
  /** [MS-SSTR] §2.2.2.5 values for AAC, as IIS and Azure Media Services wrote them. */
  readonly bitsPerSample: 16;
  readonly packetSize: 4;
  /** WAVE format tag 255 (0xFF): AAC. */
  readonly audioTag: 255;
}

/**
 * Smooth clients assume 4-byte NAL unit lengths: dash.js writes `lengthSizeMinusOne` 3 into the `avcC` it
 * builds and ignores [MS-SSTR] `NALUnitLengthField`, so samples with other lengths would not decode.
 */
const SMOOTH_NAL_LENGTH_SIZE = 4;
/** The start code that separates parameter sets in CodecPrivateData (dash.js splits on it). */
const START_CODE = '00000001';

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    out += b.toString(16).padStart(2, '0');
  }
  return out.toUpperCase();
}

/** Joins parameter sets with start codes; `undefined` when one holds a start code itself (not splittable). */
function annexBHex(units: readonly Uint8Array[]): string | undefined {
  let out = '';
  for (const u of units) {
    const h = hex(u);
    if (h.includes(START_CODE)) {
      return undefined;
    }
    out += START_CODE + h;
  }
  return out;
}

/**
 * `readSmoothCodecData` reads the codec data of a one-track CMAF init segment (`ftyp` + `moov`):
 * - `avc1`/`avc3` with an `avcC` of 4-byte NAL lengths → `H264` with every SPS and PPS;
 * - `mp4a` with MPEG-4 audio in its `esds` → `AACL`/`AACH` with the AudioSpecificConfig, its rate and
 *   channels.
 * It returns `undefined` for a track no Smooth client plays that way, and such renditions stay out of the
 * manifest: HEVC (`hvc1`/`hev1`; [MS-SSTR] defines no FourCC for it and dash.js's Smooth support accepts
 * only `H264`/`AVC1` video, as it builds only `avc1` sample entries), other NAL length sizes (see
 * `SMOOTH_NAL_LENGTH_SIZE`), a parameter set whose hex would contain `00000001`, other audio codecs.
 * Throws `MediaFormatError` when the init segment or its configuration records are malformed.
 */
export function readSmoothCodecData(init: Uint8Array): SmoothCodecData | undefined {
  const { tracks } = readInitSegment(init);
  const track = tracks[0];
  const entry = track?.sampleEntries[0];
  if (track === undefined || entry === undefined || tracks.length !== 1) {
    throw new MediaFormatError(
      'smooth-bad-init',
      `a CMAF init segment has one track with a sample entry, this one has ${tracks.length} tracks and ${track?.sampleEntries.length ?? 0} entries`,
      0,
    );
  }
  const config = readSampleEntryConfig(entry);
  if (config.kind === 'avc') {
    const avc = parseAvcc(config.record);
    const codecPrivateData = annexBHex([...avc.sps, ...avc.pps]);
    if (
      avc.nalLengthSize !== SMOOTH_NAL_LENGTH_SIZE ||
      avc.pps.length === 0 ||
      codecPrivateData === undefined
    ) {
      return undefined;
    }
    const sized = avc.width > 0 && avc.height > 0;
    return {
      kind: 'video',
      fourCc: 'H264',
      codecPrivateData,
      width: sized ? avc.width : config.width,
      height: sized ? avc.height : config.height,
    };
  }
  if (config.kind === 'aac') {
    const aac = parseAudioSpecificConfig(config.asc);
    return {
      kind: 'audio',
      fourCc: aac.sbrPresent ? 'AACH' : 'AACL',
      codecPrivateData: hex(aac.asc),
      samplingRate: aac.sampleRate,
      channels: aac.channelCount,
      bitsPerSample: 16,
      packetSize: 4,
      audioTag: 255,
    };
  }
  return undefined;
}
