import { amf0Properties, type Amf0Object, type Amf0Value } from '../amf0/amf0-value.js';

/**
 * `StreamMetadata` is what an encoder declares in `onMetaData` (FLV spec v10.1 §E.5, Enhanced RTMP v2
 * "Enhancing onMetaData"). Every field is undefined when missing or not a usable value.
 */
export interface StreamMetadata {
  readonly width: number | undefined;
  readonly height: number | undefined;
  /** Frames per second (`framerate`, or `videoframerate` as some encoders write it). */
  readonly frameRate: number | undefined;
  /** Declared video bitrate in kilobits per second. */
  readonly videoDataRate: number | undefined;
  /** Declared audio bitrate in kilobits per second. */
  readonly audioDataRate: number | undefined;
  /** Legacy CodecID number (7 = AVC) or a FourCC (`hvc1`); E-RTMP's numeric FourCCs become text. */
  readonly videoCodecId: number | string | undefined;
  /** Legacy SoundFormat number (10 = AAC) or a FourCC (`mp4a`). */
  readonly audioCodecId: number | string | undefined;
  readonly audioSampleRate: number | undefined;
  /** `audiochannels`, else 2 when `stereo` is true and 1 when it is false. */
  readonly audioChannels: number | undefined;
  readonly stereo: boolean | undefined;
  readonly encoder: string | undefined;
}

/** Codec ids at or below this are legacy CodecID/SoundFormat numbers; above, a packed FourCC. */
const LARGEST_LEGACY_CODEC_ID = 0xff;
/** Bound on metadata strings kept: longer values are garbage for these fields. */
const MAX_TEXT_LENGTH = 256;

function positive(v: Amf0Value): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function text(v: Amf0Value): string | undefined {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_TEXT_LENGTH ? v : undefined;
}

function fourCcOrNumber(v: Amf0Value): number | string | undefined {
  if (typeof v === 'string') {
    return text(v);
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffff_ffff) {
    return undefined;
  }
  if (v <= LARGEST_LEGACY_CODEC_ID) {
    return v;
  }
  let s = '';
  for (let shift = 24; shift >= 0; shift -= 8) {
    const c = Math.floor(v / 2 ** shift) % 256;
    if (c < 0x20 || c > 0x7e) {
      return v;
    }
    s += String.fromCharCode(c);
  }
  return s;
}

function own(o: Amf0Object, key: string): Amf0Value {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function findProperties(values: readonly Amf0Value[]): Amf0Object | undefined | null {
  let i = 0;
  if (values[i] === '@setDataFrame') {
    i++;
  }
  if (values[i] !== 'onMetaData') {
    return null;
  }
  const v = values[i + 1];
  return v === undefined ? undefined : amf0Properties(v);
}

/**
 * `readStreamMetadata` reads the stream description from a data message body decoded with
 * `decodeAmf0`: `['@setDataFrame', 'onMetaData', obj]` (what encoders publish) or `['onMetaData', obj]`
 * (FLV files), where `obj` is an object or an ECMA array. Returns undefined when the message is not
 * `onMetaData`; never throws on odd values, which come back as undefined fields.
 */
export function readStreamMetadata(values: readonly Amf0Value[]): StreamMetadata | undefined {
  const found = findProperties(values);
  if (found === null) {
    return undefined;
  }
  const o: Amf0Object = found ?? {};
  const stereoValue = own(o, 'stereo');
  const stereo = typeof stereoValue === 'boolean' ? stereoValue : undefined;
  const channels = positive(own(o, 'audiochannels'));
  return {
    width: positive(own(o, 'width')),
    height: positive(own(o, 'height')),
    frameRate: positive(own(o, 'framerate')) ?? positive(own(o, 'videoframerate')),
    videoDataRate: positive(own(o, 'videodatarate')),
    audioDataRate: positive(own(o, 'audiodatarate')),
    videoCodecId: fourCcOrNumber(own(o, 'videocodecid')),
    audioCodecId: fourCcOrNumber(own(o, 'audiocodecid')),
    audioSampleRate: positive(own(o, 'audiosamplerate')),
    audioChannels: channels ?? (stereo === undefined ? undefined : stereo ? 2 : 1),
    stereo,
    encoder: text(own(o, 'encoder')),
  };
}
