import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { box, type BoxChunks } from '../../formats/fmp4/box.js';
import type { SampleEntryOptions } from '../codec-handler.js';

/** 72 dpi as 16.16 fixed point: the horizresolution/vertresolution ISO/IEC 14496-12 §12.1.3.2 requires. */
const RESOLUTION_72_DPI = 0x0048_0000;
/** depth 0x0018: colour images with no alpha (ISO/IEC 14496-12 §12.1.3.2). */
const DEPTH_COLOUR = 0x0018;
/** compressorname is a fixed 32-byte field (length byte + name + padding). */
const COMPRESSOR_NAME_SIZE = 32;

/**
 * `visualSampleEntry` writes a VisualSampleEntry box (ISO/IEC 14496-12 §12.1.3: SampleEntry with
 * data_reference_index 1, width, height, 72 dpi, frame_count 1, empty compressorname, depth 0x18,
 * pre_defined −1) of `type` around the codec configuration box and any further child boxes.
 */
export function visualSampleEntry(
  type: string,
  width: number,
  height: number,
  ...children: BoxChunks[]
): BoxChunks {
  const w = new ByteWriter(78);
  w.u32(0).u16(0); // reserved[6]
  w.u16(1); // data_reference_index
  w.u16(0).u16(0); // pre_defined, reserved
  w.u32(0).u32(0).u32(0); // pre_defined[3]
  w.u16(width).u16(height);
  w.u32(RESOLUTION_72_DPI).u32(RESOLUTION_72_DPI);
  w.u32(0); // reserved
  w.u16(1); // frame_count
  w.bytes(new Uint8Array(COMPRESSOR_NAME_SIZE));
  w.u16(DEPTH_COLOUR);
  w.i16(-1); // pre_defined
  return box(type, w.toBytes(), ...children);
}

/**
 * `bitRateBox` writes a BitRateBox `btrt` (ISO/IEC 14496-12 §8.5.2.2: bufferSizeDB, maxBitrate,
 * avgBitrate) when an average bitrate is known, else nothing.
 */
export function bitRateBox(options: SampleEntryOptions | undefined): BoxChunks {
  const avg = options?.averageBitrate;
  if (avg === undefined) {
    return [];
  }
  const w = new ByteWriter(12);
  w.u32(0); // bufferSizeDB: unknown
  w.u32(Math.round(options?.maxBitrate ?? avg));
  w.u32(Math.round(avg));
  return box('btrt', w.toBytes());
}
