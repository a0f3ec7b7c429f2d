/**
 * `CodecConfig` is the parsed decoder configuration of one track: the codec's parameter sets plus the
 * RFC 6381 codec string used in HLS `CODECS` and DASH `codecs` attributes. It is a union on `codec`;
 * per-codec behaviour (parsing, keyframe detection, sample entries) lives only in `codec-registry.ts`.
 */
export type CodecConfig = H264Config | HevcConfig | AacConfig;

/** `CodecId` names a codec Inlet can ingest and package. */
export type CodecId = CodecConfig['codec'];

/** `VideoCodecConfig` is the config of a video track. */
export type VideoCodecConfig = H264Config | HevcConfig;

/** `AudioCodecConfig` is the config of an audio track. */
export type AudioCodecConfig = AacConfig;

interface VideoConfigBase {
  readonly kind: 'video';
  /** RFC 6381 codec string, e.g. `avc1.64001f`, `hvc1.1.6.L93.B0`. */
  readonly codecString: string;
  /** Coded picture size after cropping, in pixels (0 when the SPS could not be read). */
  readonly width: number;
  readonly height: number;
  /** Bytes per NAL unit length prefix in access units (1, 2 or 4). */
  readonly nalLengthSize: number;
  /** The decoder configuration record exactly as received (`avcC` / `hvcC` payload). */
  readonly record: Uint8Array;
}

/** `H264Config`: AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1). */
export interface H264Config extends VideoConfigBase {
  readonly codec: 'h264';
  readonly profileIdc: number;
  readonly constraintFlags: number;
  readonly levelIdc: number;
  readonly sps: readonly Uint8Array[];
  readonly pps: readonly Uint8Array[];
}

/** `HevcConfig`: HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 §8.3.3.1). */
export interface HevcConfig extends VideoConfigBase {
  readonly codec: 'hevc';
  readonly vps: readonly Uint8Array[];
  readonly sps: readonly Uint8Array[];
  readonly pps: readonly Uint8Array[];
}

/** `AacConfig`: MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1). */
export interface AacConfig {
  readonly codec: 'aac';
  readonly kind: 'audio';
  /** RFC 6381 codec string, e.g. `mp4a.40.2` (AAC-LC), `mp4a.40.5` (HE-AAC). */
  readonly codecString: string;
  readonly audioObjectType: number;
  /** Output sample rate in Hz (the core rate for SBR when signalled implicitly). */
  readonly sampleRate: number;
  readonly channelCount: number;
  /** channelConfiguration of the ASC (0: a program_config_element gives the layout). */
  readonly channelConfiguration: number;
  /** SBR is signalled (explicitly or with the backward-compatible sync extension): HE-AAC. */
  readonly sbrPresent: boolean;
  /** Parametric stereo is signalled: HE-AAC v2. */
  readonly psPresent: boolean;
  /** PCM samples per access unit: 1024 for AAC-LC (960 with frameLengthFlag), 2048 for HE-AAC (SBR) output. */
  readonly samplesPerFrame: number;
  /** The AudioSpecificConfig exactly as received. */
  readonly asc: Uint8Array;
}
