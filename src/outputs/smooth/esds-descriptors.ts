import { ByteReader } from '../../lib/bytes/byte-reader.js';
import { MediaFormatError } from '../../lib/media-format-error.js';

/** Descriptor tags (ISO/IEC 14496-1 §7.2.2.1, Table 1). */
const ES_DESCR_TAG = 0x03;
const DECODER_CONFIG_DESCR_TAG = 0x04;
const DEC_SPECIFIC_INFO_TAG = 0x05;
/** objectTypeIndication 0x40: Audio ISO/IEC 14496-3, whose DecoderSpecificInfo is the AudioSpecificConfig. */
const OTI_MPEG4_AUDIO = 0x40;
/** ES_Descriptor flags (ISO/IEC 14496-1 §7.2.6.5.1). */
const STREAM_DEPENDENCE_FLAG = 0x80;
const URL_FLAG = 0x40;
const OCR_STREAM_FLAG = 0x20;
/** The expandable size field has at most four bytes (ISO/IEC 14496-1 §8.3.3). */
const MAX_SIZE_BYTES = 4;

interface Descriptor {
  readonly tag: number;
  readonly body: Uint8Array;
}

/** Reads one descriptor: tag, expandable size (7 bits per byte, high bit "more"), body (a view). */
function readDescriptor(r: ByteReader): Descriptor {
  const tag = r.u8('descriptor tag');
  let size = 0;
  for (let i = 0; ; i++) {
    if (i === MAX_SIZE_BYTES) {
      throw new MediaFormatError('esds-bad-size', `descriptor ${tag} size runs past four bytes`, r.position);
    }
    const b = r.u8('descriptor size');
    size = size * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      break;
    }
  }
  return { tag, body: r.bytesView(size, `descriptor ${tag}`) };
}

/** Finds the first descriptor of `tag` among those filling `r` to its end. */
function findDescriptor(r: ByteReader, tag: number): Uint8Array | undefined {
  while (r.remaining > 0) {
    const d = readDescriptor(r);
    if (d.tag === tag) {
      return d.body;
    }
  }
  return undefined;
}

/**
 * `readEsdsAudioSpecificConfig` reads the payload of an `esds` box (ISO/IEC 14496-14 §3.1.2: FullBox
 * version and flags, then an ES_Descriptor, ISO/IEC 14496-1 §7.2.6.5) down to the DecoderSpecificInfo
 * of its DecoderConfigDescriptor, which for MPEG-4 audio (objectTypeIndication 0x40) is the
 * AudioSpecificConfig. Returns a view of it, or `undefined` for another object type. Throws
 * `MediaFormatError` when a descriptor is missing or cut off.
 */
export function readEsdsAudioSpecificConfig(payload: Uint8Array): Uint8Array | undefined {
  const r = new ByteReader(payload);
  r.skip(4, 'esds version and flags');
  const es = findDescriptor(r, ES_DESCR_TAG);
  if (es === undefined) {
    throw new MediaFormatError('esds-no-es-descriptor', 'esds holds no ES_Descriptor', 0);
  }
  const er = new ByteReader(es);
  er.skip(2, 'ES_ID');
  const flags = er.u8('ES_Descriptor flags');
  if (flags & STREAM_DEPENDENCE_FLAG) {
    er.skip(2, 'dependsOn_ES_ID');
  }
  if (flags & URL_FLAG) {
    er.skip(er.u8('URLlength'), 'URLstring');
  }
  if (flags & OCR_STREAM_FLAG) {
    er.skip(2, 'OCR_ES_Id');
  }
  const dcd = findDescriptor(er, DECODER_CONFIG_DESCR_TAG);
  if (dcd === undefined) {
    throw new MediaFormatError('esds-no-decoder-config', 'ES_Descriptor holds no DecoderConfigDescriptor', 0);
  }
  const dr = new ByteReader(dcd);
  const objectType = dr.u8('objectTypeIndication');
  dr.skip(12, 'streamType, bufferSizeDB, maxBitrate, avgBitrate');
  if (objectType !== OTI_MPEG4_AUDIO) {
    return undefined;
  }
  const asc = findDescriptor(dr, DEC_SPECIFIC_INFO_TAG);
  if (asc === undefined) {
    throw new MediaFormatError(
      'esds-no-asc',
      'MPEG-4 audio DecoderConfigDescriptor holds no AudioSpecificConfig',
      0,
    );
  }
  return asc;
}
