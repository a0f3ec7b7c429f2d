import type { CodecConfig, CodecId } from './codec-config.js';

/** `SampleEntryOptions` are the optional bitrate facts a sample entry can carry. */
export interface SampleEntryOptions {
  /** Average bitrate in bits per second (`btrt` avgBitrate, `esds` avgBitrate). Default 0 (unknown). */
  readonly averageBitrate?: number;
  /** Peak bitrate in bits per second over any one-second window. Default: the average bitrate. */
  readonly maxBitrate?: number;
}

/**
 * `CodecHandler` is everything Inlet does differently per codec. Instances live only in
 * `codec-registry.ts`; nothing else switches on the codec.
 */
export interface CodecHandler {
  readonly codec: CodecId;
  readonly kind: 'video' | 'audio';
  /** FourCC of the FLV/E-RTMP packets and of the ISO BMFF sample entry. */
  readonly fourCc: 'avc1' | 'hvc1' | 'mp4a';
  /**
   * `parseConfig` decodes the sequence-start payload (`avcC`, `hvcC`, AudioSpecificConfig) into a
   * `CodecConfig`. Throws `MediaFormatError` on a bad record.
   */
  parseConfig(record: Uint8Array): CodecConfig;
  /**
   * `isKeyframe` tells whether an access unit is a random access point (video: IDR/IRAP NAL units in
   * the length-prefixed data; audio: always). Allocation-free; malformed data gives false.
   */
  isKeyframe(data: Uint8Array, config: CodecConfig): boolean;
  /** `sameConfig` tells whether two configs have byte-identical records (no new track revision needed). */
  sameConfig(a: CodecConfig, b: CodecConfig): boolean;
  /** `sampleEntry` is the ISO BMFF sample entry box for `stsd` (ISO/IEC 14496-12 §8.5.2). */
  sampleEntry(config: CodecConfig, options?: SampleEntryOptions): Uint8Array;
}
