import type { CodecConfig } from '../../codecs/codec-config.js';
import { codecForFourCc } from '../../codecs/codec-registry.js';
import { ByteReader } from '../../lib/bytes/byte-reader.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import type { Trex } from '../../formats/fmp4/boxes/trex.js';
import { findBox, readBoxRanges } from '../../formats/fmp4/reader/box-range.js';
import { readInitSegment } from '../../formats/fmp4/reader/read-init-segment.js';

/** `TrackConfig` is what muxing needs from a CMAF init segment: decoder config, timescale, `trex`. */
export interface TrackConfig {
  readonly config: CodecConfig;
  readonly timescale: number;
  readonly trex: readonly Trex[];
}

/** Box header plus the VisualSampleEntry fields before its child boxes (ISO/IEC 14496-12 §12.1.3). */
const VISUAL_ENTRY_CHILDREN = 8 + 78;
/** Box header plus the AudioSampleEntry fields (§12.2.3) before `esds`, for version 0. */
const AUDIO_ENTRY_CHILDREN = 8 + 28;
/** QuickTime sound sample description versions 1 and 2 add 16 and 36 bytes before the child boxes. */
const AUDIO_VERSION_EXTRA = [0, 16, 36];
/** The sample entry FourCC each configuration box is read with (the codec registry's FourCCs). */
const VIDEO_ENTRIES: Readonly<Record<string, { readonly box: string; readonly fourCc: string }>> = {
  avc1: { box: 'avcC', fourCc: 'avc1' },
  avc3: { box: 'avcC', fourCc: 'avc1' },
  hvc1: { box: 'hvcC', fourCc: 'hvc1' },
  hev1: { box: 'hvcC', fourCc: 'hvc1' },
};
/** Descriptor tags (ISO/IEC 14496-1 §7.2.2.1). */
const ES_DESCR_TAG = 0x03;
const DECODER_CONFIG_DESCR_TAG = 0x04;
const DEC_SPECIFIC_INFO_TAG = 0x05;

/**
 * `readTrackConfig` reads the single track of a CMAF init segment (ISO/IEC 23000-19 §7.3.2.2) and decodes
 * its sample entry: `avcC` of `avc1`/`avc3`, `hvcC` of `hvc1`/`hev1` (ISO/IEC 14496-15), or the
 * AudioSpecificConfig in the `esds` of `mp4a` (ISO/IEC 14496-14 §3.1.2). Throws `MediaFormatError` for
 * malformed input or a sample entry of another codec.
 */
export function readTrackConfig(init: Uint8Array): TrackConfig {
  const info = readInitSegment(init);
  const track = info.tracks[0];
  const entry = track?.sampleEntries[0];
  if (track === undefined || entry === undefined) {
    throw new MediaFormatError('fmp4-missing-box', 'init segment has no track with a sample entry', 0);
  }
  return { config: sampleEntryConfig(entry), timescale: track.mdhd.timescale, trex: info.trex };
}

function sampleEntryConfig(entry: Uint8Array): CodecConfig {
  const type = String.fromCharCode(...entry.subarray(4, 8));
  const video = VIDEO_ENTRIES[type];
  if (video !== undefined) {
    const record = findBox(readBoxRanges(entry, VISUAL_ENTRY_CHILDREN), video.box);
    if (record === undefined) {
      throw new MediaFormatError('fmp4-missing-box', `${type} sample entry has no ${video.box} box`, 0);
    }
    return parseWith(video.fourCc, entry.subarray(record.start + record.headerSize, record.end));
  }
  if (type === 'mp4a') {
    const version = ((entry[16] ?? 0) << 8) | (entry[17] ?? 0);
    const extra = AUDIO_VERSION_EXTRA[version];
    if (extra === undefined) {
      throw new MediaFormatError('fmp4-bad-version', `mp4a sample entry version ${version} is unknown`, 16);
    }
    const esds = findBox(readBoxRanges(entry, AUDIO_ENTRY_CHILDREN + extra), 'esds');
    if (esds === undefined) {
      throw new MediaFormatError('fmp4-missing-box', 'mp4a sample entry has no esds box', 0);
    }
    return parseWith('mp4a', audioSpecificConfig(entry.subarray(esds.start + esds.headerSize, esds.end)));
  }
  throw new MediaFormatError(
    'ts-unsupported-codec',
    `sample entry ${JSON.stringify(type)} cannot be carried in MPEG-TS`,
    0,
  );
}

function parseWith(fourCc: string, record: Uint8Array): CodecConfig {
  const handler = codecForFourCc(fourCc);
  if (handler === undefined) {
    throw new MediaFormatError('ts-unsupported-codec', `no codec handler for ${fourCc}`, 0);
  }
  return handler.parseConfig(record);
}

/** Reads a descriptor header: tag and expandable size (ISO/IEC 14496-1 §8.3.3, up to four 7-bit bytes). */
function readDescriptor(r: ByteReader, tag: number): number {
  const at = r.position;
  const found = r.u8('descriptor tag');
  if (found !== tag) {
    throw new MediaFormatError(
      'esds-bad-descriptor',
      `esds descriptor at byte ${at} has tag ${found}, expected ${tag}`,
      at,
    );
  }
  let size = 0;
  for (let i = 0; i < 4; i++) {
    const b = r.u8('descriptor size');
    size = size * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      break;
    }
  }
  if (size > r.remaining) {
    throw new MediaFormatError('truncated', `esds descriptor ${tag} of ${size} bytes is cut off`, at);
  }
  return size;
}

/** The DecoderSpecificInfo of the `esds` payload: ES_Descriptor → DecoderConfigDescriptor → tag 5. */
function audioSpecificConfig(esds: Uint8Array): Uint8Array {
  const r = new ByteReader(esds);
  r.skip(4, 'esds version and flags');
  readDescriptor(r, ES_DESCR_TAG);
  r.skip(2, 'ES_ID');
  const flags = r.u8('ES_Descriptor flags');
  if (flags & 0x80) {
    r.skip(2, 'dependsOn_ES_ID');
  }
  if (flags & 0x40) {
    r.skip(r.u8('URLlength'), 'URLstring');
  }
  if (flags & 0x20) {
    r.skip(2, 'OCR_ES_Id');
  }
  readDescriptor(r, DECODER_CONFIG_DESCR_TAG);
  r.skip(13, 'DecoderConfigDescriptor fields');
  return r.bytesView(readDescriptor(r, DEC_SPECIFIC_INFO_TAG), 'AudioSpecificConfig');
}
