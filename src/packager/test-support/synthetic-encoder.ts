/** `SentUnit` is one frame as an encoder sends it: raw FLV milliseconds, in arrival order. */
export interface SentUnit {
  readonly track: 'video' | 'audio';
  /** Encoder (capture) time since the stream began, ms (not rounded); the test wall clock follows it. */
  readonly e: number;
  /** Raw 32-bit FLV timestamp, ms. */
  readonly raw: number;
  /** Composition time offset, ms (video). */
  readonly cts: number;
  readonly keyframe: boolean;
  readonly data: Uint8Array;
}

/** `SyntheticEncoderOptions` shapes `syntheticEncoder` output. */
export interface SyntheticEncoderOptions {
  readonly durationMs: number;
  readonly fps?: number;
  /** Seconds between key frames. */
  readonly gopSeconds?: number;
  readonly sampleRate?: number;
  /** Raw timestamp of encoder time 0. */
  readonly start?: number;
  readonly video?: boolean;
  readonly audio?: boolean;
  /** Composition offsets cycle through these (ms); default none. */
  readonly ctsPattern?: readonly number[];
  /** Bytes of a key frame / another video frame / an audio frame. */
  readonly keyframeBytes?: number;
  readonly frameBytes?: number;
  readonly audioBytes?: number;
  /** Audio timestamps run this much faster than their sample count (0.001: 1 ms per second). */
  readonly audioDrift?: number;
  /** Encoder time offset added to `e` (to chain sessions). */
  readonly offsetMs?: number;
}

/** Shared zero payloads by size: synthetic media carries no real pictures, only sizes. */
function payloads(): (size: number) => Uint8Array {
  const cache = new Map<number, Uint8Array>();
  return (size) => {
    let data = cache.get(size);
    if (data === undefined) {
      data = new Uint8Array(size);
      cache.set(size, data);
    }
    return data;
  };
}

/**
 * `syntheticEncoder` lists what an encoder pushing video (`fps`, a key frame every `gopSeconds`) and AAC
 * audio (1024 samples per frame) sends for `durationMs`, in arrival order (by encoder time), with
 * timestamps rounded to the millisecond as RTMP carries them.
 */
export function syntheticEncoder(o: SyntheticEncoderOptions): SentUnit[] {
  const fps = o.fps ?? 30;
  const gop = Math.max(1, Math.round((o.gopSeconds ?? 2) * fps));
  const rate = o.sampleRate ?? 48000;
  const start = o.start ?? 1000;
  const offset = o.offsetMs ?? 0;
  const payload = payloads();
  const units: SentUnit[] = [];
  if (o.video ?? true) {
    for (let i = 0; (i * 1000) / fps < o.durationMs; i++) {
      const e = (i * 1000) / fps;
      const keyframe = i % gop === 0;
      const cts = o.ctsPattern === undefined ? 0 : (o.ctsPattern[i % o.ctsPattern.length] ?? 0);
      const size = keyframe ? (o.keyframeBytes ?? 40_000) : (o.frameBytes ?? 10_000);
      units.push({
        track: 'video',
        e: e + offset,
        raw: Math.round(start + e),
        cts,
        keyframe,
        data: payload(size),
      });
    }
  }
  if (o.audio ?? true) {
    const drift = 1 + (o.audioDrift ?? 0);
    for (let k = 0; (k * 1024 * 1000) / rate < o.durationMs; k++) {
      const e = (k * 1024 * 1000) / rate;
      const raw = Math.round(start + e * drift);
      units.push({
        track: 'audio',
        e: e + offset,
        raw,
        cts: 0,
        keyframe: true,
        data: payload(o.audioBytes ?? 384),
      });
    }
  }
  // Stable sort: at equal times video goes first, as it was listed first.
  return units.sort((a, b) => a.e - b.e);
}
