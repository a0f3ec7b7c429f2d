import { ByteReader } from '../../lib/bytes/byte-reader.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { type BoxRange, findBox, readBoxRanges } from '../../formats/fmp4/reader/box-range.js';
import { readEsdsAudioSpecificConfig } from './esds-descriptors.js';

/** Bytes of a VisualSampleEntry before its child boxes (ISO/IEC 14496-12 §12.1.3.2). */
const VISUAL_SAMPLE_ENTRY_FIELDS = 78;
/** Offset of `width` in the VisualSampleEntry payload (reserved, index, pre_defined, reserved, pre_defined[3]). */
const VISUAL_WIDTH_OFFSET = 24;
/** Bytes of an AudioSampleEntry (version 0) before its child boxes (ISO/IEC 14496-12 §12.2.3.2). */
const AUDIO_SAMPLE_ENTRY_FIELDS = 28;
/** Extra bytes of QuickTime sound sample description versions 1 and 2 (an `mp4a` entry may use them). */
const SOUND_VERSION_EXTRA: Readonly<Record<number, number>> = { 0: 0, 1: 16, 2: 36 };

/** `SampleEntryConfig` is the decoder configuration a sample entry carries, as far as Smooth needs it. */
export type SampleEntryConfig =
  | {
      readonly kind: 'avc';
      /** `avc1` or `avc3`. */
      readonly format: string;
      /** The `avcC` payload: an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1). */
      readonly record: Uint8Array;
      /** `width` and `height` of the VisualSampleEntry. */
      readonly width: number;
      readonly height: number;
    }
  | {
      readonly kind: 'aac';
      /** The AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) of the `esds`. */
      readonly asc: Uint8Array;
    }
  | { readonly kind: 'other'; readonly format: string };

function payloadOf(entry: Uint8Array, box: BoxRange): Uint8Array {
  return entry.subarray(box.start + box.headerSize, box.end);
}

function requireChild(entry: Uint8Array, boxes: readonly BoxRange[], type: string, format: string): BoxRange {
  const box = findBox(boxes, type);
  if (box === undefined) {
    throw new MediaFormatError('fmp4-missing-box', `sample entry ${format} has no ${type} box`, 0);
  }
  return box;
}

/**
 * `readSampleEntryConfig` reads one `stsd` sample entry (the whole box, as `readInitSegment` lists it):
 * `avc1`/`avc3` give their `avcC` record and coded size, `mp4a` the AudioSpecificConfig of its `esds`
 * (MPEG-4 audio only), anything else (`hvc1`, `hev1`, ...) only its format. Child boxes are read as views
 * of `entry`. Throws `MediaFormatError` when the entry is malformed or lacks its configuration box.
 */
export function readSampleEntryConfig(entry: Uint8Array): SampleEntryConfig {
  const [box] = readBoxRanges(entry);
  if (box === undefined) {
    throw new MediaFormatError('fmp4-missing-box', 'the sample entry is empty', 0);
  }
  const format = box.type;
  const fields = box.start + box.headerSize;
  if (format === 'avc1' || format === 'avc3') {
    const r = new ByteReader(entry.subarray(0, box.end), fields + VISUAL_WIDTH_OFFSET);
    const width = r.u16('visual sample entry width');
    const height = r.u16('visual sample entry height');
    const children = readBoxRanges(entry, fields + VISUAL_SAMPLE_ENTRY_FIELDS, box.end);
    const avcC = requireChild(entry, children, 'avcC', format);
    return { kind: 'avc', format, record: payloadOf(entry, avcC), width, height };
  }
  if (format === 'mp4a') {
    const version = new ByteReader(entry.subarray(0, box.end), fields + 8).u16('sound sample entry version');
    const extra = SOUND_VERSION_EXTRA[version];
    if (extra === undefined) {
      throw new MediaFormatError('fmp4-bad-version', `mp4a sample entry has version ${version}`, fields + 8);
    }
    const children = readBoxRanges(entry, fields + AUDIO_SAMPLE_ENTRY_FIELDS + extra, box.end);
    const asc = readEsdsAudioSpecificConfig(payloadOf(entry, requireChild(entry, children, 'esds', format)));
    return asc === undefined ? { kind: 'other', format } : { kind: 'aac', asc };
  }
  return { kind: 'other', format };
}
