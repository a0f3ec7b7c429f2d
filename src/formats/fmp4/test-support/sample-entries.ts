import { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { beginBox, beginFullBox, endBox } from '../box.js';

/**
 * Sample entries assembled by hand for interop tests, so the fMP4 writers are checked against real
 * tools without the codec layer: `avc1` + `avcC` (ISO/IEC 14496-15 §5.3.4) and `mp4a` + `esds`
 * (ISO/IEC 14496-14 §5.6, ISO/IEC 14496-1 §7.2.6).
 */

function writeVisualSampleEntryFields(w: ByteWriter, width: number, height: number): void {
  w.u32(0); // reserved[6]
  w.u16(0);
  w.u16(1); // data_reference_index
  w.u16(0); // pre_defined
  w.u16(0); // reserved
  w.u32(0); // pre_defined[3]
  w.u32(0);
  w.u32(0);
  w.u16(width);
  w.u16(height);
  w.u32(0x0048_0000); // horizresolution 72 dpi
  w.u32(0x0048_0000); // vertresolution 72 dpi
  w.u32(0); // reserved
  w.u16(1); // frame_count
  w.bytes(new Uint8Array(32)); // compressorname
  w.u16(0x0018); // depth: colour, no alpha
  w.i16(-1); // pre_defined
}

/** `avc1SampleEntry` builds `avc1` with an `avcC` holding one SPS and one PPS, 4-byte NAL lengths. */
export function avc1SampleEntry(sps: Uint8Array, pps: Uint8Array, width: number, height: number): Uint8Array {
  const w = new ByteWriter();
  const entry = beginBox(w, 'avc1');
  writeVisualSampleEntryFields(w, width, height);
  const avcC = beginBox(w, 'avcC');
  w.u8(1); // configurationVersion
  w.u8(sps[1] ?? 0); // AVCProfileIndication
  w.u8(sps[2] ?? 0); // profile_compatibility
  w.u8(sps[3] ?? 0); // AVCLevelIndication
  w.u8(0xfc | 3); // reserved '111111' + lengthSizeMinusOne 3
  w.u8(0xe0 | 1); // reserved '111' + numOfSequenceParameterSets 1
  w.u16(sps.length);
  w.bytes(sps);
  w.u8(1); // numOfPictureParameterSets
  w.u16(pps.length);
  w.bytes(pps);
  endBox(w, avcC);
  endBox(w, entry);
  return w.toBytes();
}

/** `ADTS_SAMPLE_RATES` maps sampling_frequency_index to Hz (ISO/IEC 14496-3 Table 1.18). */
export const ADTS_SAMPLE_RATES = [
  96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
];

/** `audioSpecificConfig` is the two-byte AudioSpecificConfig of a plain AAC stream (ISO/IEC 14496-3 §1.6.2.1). */
export function audioSpecificConfig(
  objectType: number,
  frequencyIndex: number,
  channels: number,
): Uint8Array {
  // audioObjectType(5) samplingFrequencyIndex(4) channelConfiguration(4) GASpecificConfig 000
  return Uint8Array.of(
    (objectType << 3) | (frequencyIndex >> 1),
    ((frequencyIndex & 1) << 7) | (channels << 3),
  );
}

function descriptor(w: ByteWriter, tag: number, body: (w: ByteWriter) => void): void {
  const inner = new ByteWriter();
  body(inner);
  const bytes = inner.view();
  if (bytes.length > 0x7f) {
    throw new Error('descriptor too long for a one-byte size');
  }
  w.u8(tag);
  w.u8(bytes.length); // expandable size, one byte
  w.bytes(bytes);
}

/** `mp4aSampleEntry` builds `mp4a` with an `esds` carrying `asc` (object type 0x40: MPEG-4 audio). */
export function mp4aSampleEntry(asc: Uint8Array, channels: number, sampleRate: number): Uint8Array {
  const w = new ByteWriter();
  const entry = beginBox(w, 'mp4a');
  w.u32(0); // reserved[6]
  w.u16(0);
  w.u16(1); // data_reference_index
  w.u32(0); // reserved[2]
  w.u32(0);
  w.u16(channels);
  w.u16(16); // samplesize
  w.u16(0); // pre_defined
  w.u16(0); // reserved
  w.u32(sampleRate * 0x1_0000); // samplerate 16.16
  const esds = beginFullBox(w, 'esds', 0, 0);
  descriptor(w, 0x03, (es) => {
    es.u16(1); // ES_ID
    es.u8(0); // no dependency, URL or OCR stream
    descriptor(es, 0x04, (dc) => {
      dc.u8(0x40); // objectTypeIndication: Audio ISO/IEC 14496-3
      dc.u8((0x05 << 2) | 1); // streamType audio, upStream 0, reserved 1
      dc.u24(0); // bufferSizeDB
      dc.u32(0); // maxBitrate
      dc.u32(0); // avgBitrate
      descriptor(dc, 0x05, (dsi) => dsi.bytes(asc));
    });
    descriptor(es, 0x06, (sl) => sl.u8(2)); // SLConfigDescriptor predefined 2 (MP4)
  });
  endBox(w, esds);
  endBox(w, entry);
  return w.toBytes();
}

/** `AdtsStream` is an ADTS stream split into raw AAC frames. */
export interface AdtsStream {
  readonly objectType: number;
  readonly frequencyIndex: number;
  readonly sampleRate: number;
  readonly channels: number;
  readonly frames: Uint8Array[];
}

/** `stripAdts` removes the ADTS headers (ISO/IEC 14496-3 §1.A.2.2) and returns the raw frames as views. */
export function stripAdts(stream: Uint8Array): AdtsStream {
  const frames: Uint8Array[] = [];
  let first: { objectType: number; frequencyIndex: number; channels: number } | undefined;
  let at = 0;
  while (at + 7 <= stream.length) {
    const b = stream.subarray(at, at + 7);
    if (b[0] !== 0xff || ((b[1] ?? 0) & 0xf0) !== 0xf0) {
      throw new Error(`no ADTS sync word at offset ${at}`);
    }
    const b1 = b[1] ?? 0;
    const b2 = b[2] ?? 0;
    const b3 = b[3] ?? 0;
    const headerLength = b1 & 1 ? 7 : 9; // protection_absent: no CRC
    const frameLength = ((b3 & 3) << 11) | ((b[4] ?? 0) << 3) | ((b[5] ?? 0) >> 5);
    first ??= {
      objectType: (b2 >> 6) + 1,
      frequencyIndex: (b2 >> 2) & 0xf,
      channels: ((b2 & 1) << 2) | (b3 >> 6),
    };
    frames.push(stream.subarray(at + headerLength, at + frameLength));
    at += frameLength;
  }
  if (first === undefined) {
    throw new Error('the ADTS stream has no frames');
  }
  const sampleRate = ADTS_SAMPLE_RATES[first.frequencyIndex] ?? 0;
  return { ...first, sampleRate, frames };
}
