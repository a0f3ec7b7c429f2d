import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { box, fullBox, type BoxChunks } from '../../formats/fmp4/box.js';
import type { AacConfig } from '../codec-config.js';
import type { SampleEntryOptions } from '../codec-handler.js';

/** Descriptor tags (ISO/IEC 14496-1 §7.2.2.1, Table 1). */
const ES_DESCR_TAG = 0x03;
const DECODER_CONFIG_DESCR_TAG = 0x04;
const DEC_SPECIFIC_INFO_TAG = 0x05;
const SL_CONFIG_DESCR_TAG = 0x06;
/** objectTypeIndication 0x40: Audio ISO/IEC 14496-3 (ISO/IEC 14496-1 Table 5). */
const OTI_MPEG4_AUDIO = 0x40;
/** streamType 5 (AudioStream, Table 6) << 2, upStream 0, reserved 1. */
const STREAM_TYPE_AUDIO = (0x05 << 2) | 0x01;
/** SLConfigDescriptor predefined 2: the value ISO/IEC 14496-14 §3.1.2 requires in MP4 files. */
const SL_PREDEFINED_MP4 = 0x02;
/**
 * bufferSizeDB: the AAC decoder input buffer is 6144 bits per channel (ISO/IEC 14496-3 §4.5.3.1), so
 * 768 bytes per channel bound one access unit.
 */
const AAC_BUFFER_BYTES_PER_CHANNEL = 6144 / 8;
/** AudioSampleEntry samplesize is 16 (ISO/IEC 14496-12 §12.2.3.2). */
const SAMPLE_SIZE = 16;
/** samplerate is 16.16 fixed point; rates above 65535 Hz do not fit and are written as 0. */
const MAX_16_16_RATE = 0xffff;

/** Writes a descriptor: tag, expandable size (ISO/IEC 14496-1 §8.3.3, 7 bits per byte), payload. */
function descriptor(tag: number, ...payload: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of payload) {
    size += p.byteLength;
  }
  const sizeBytes: number[] = [size & 0x7f];
  for (let rest = size >>> 7; rest > 0; rest >>>= 7) {
    sizeBytes.unshift(0x80 | (rest & 0x7f));
  }
  const w = new ByteWriter(1 + sizeBytes.length + size);
  w.u8(tag);
  for (const b of sizeBytes) {
    w.u8(b);
  }
  for (const p of payload) {
    w.bytes(p);
  }
  return w.toBytes();
}

/**
 * `esdsBox` writes the ES Descriptor box (ISO/IEC 14496-14 §3.1.2): ES_Descriptor (ES_ID 0, no flags)
 * holding a DecoderConfigDescriptor (objectTypeIndication 0x40, streamType 5, bufferSizeDB, maxBitrate,
 * avgBitrate) with the AudioSpecificConfig as DecoderSpecificInfo, and an SLConfigDescriptor (predefined 2).
 */
export function esdsBox(config: AacConfig, options?: SampleEntryOptions): BoxChunks {
  const avg = Math.round(options?.averageBitrate ?? 0);
  const max = Math.round(options?.maxBitrate ?? avg);
  const dcd = new ByteWriter(13);
  dcd.u8(OTI_MPEG4_AUDIO).u8(STREAM_TYPE_AUDIO);
  dcd.u24(AAC_BUFFER_BYTES_PER_CHANNEL * Math.max(1, config.channelCount));
  dcd.u32(max).u32(avg);
  const es = descriptor(
    ES_DESCR_TAG,
    Uint8Array.of(0, 0, 0), // ES_ID 0, streamDependenceFlag/URL_Flag/OCRstreamFlag 0, streamPriority 0
    descriptor(DECODER_CONFIG_DESCR_TAG, dcd.toBytes(), descriptor(DEC_SPECIFIC_INFO_TAG, config.asc)),
    descriptor(SL_CONFIG_DESCR_TAG, Uint8Array.of(SL_PREDEFINED_MP4)),
  );
  return fullBox('esds', 0, 0, es);
}

/**
 * `mp4aSampleEntry` writes the `mp4a` AudioSampleEntry (ISO/IEC 14496-12 §12.2.3, ISO/IEC 14496-14 §3.1.1):
 * data_reference_index 1, channelcount, samplesize 16, samplerate in 16.16, then `esds`.
 */
export function mp4aSampleEntry(config: AacConfig, options?: SampleEntryOptions): BoxChunks {
  const w = new ByteWriter(28);
  w.u32(0).u16(0); // reserved[6]
  w.u16(1); // data_reference_index
  w.u32(0).u32(0); // reserved[2]
  w.u16(config.channelCount).u16(SAMPLE_SIZE);
  w.u16(0).u16(0); // pre_defined, reserved
  w.u32(config.sampleRate <= MAX_16_16_RATE ? config.sampleRate * 0x1_0000 : 0);
  return box('mp4a', w.toBytes(), esdsBox(config, options));
}
