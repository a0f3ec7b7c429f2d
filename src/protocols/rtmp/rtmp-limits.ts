/**
 * `RtmpLimits` bounds what one RTMP connection may cost. Exceeding a size limit closes the connection
 * with `limit-exceeded`; a timeout closes it with `handshake-timeout` or `idle-timeout`.
 */
export interface RtmpLimits {
  /** Largest message accepted, bytes. */
  readonly maxMessageSize: number;
  /** Most chunk stream ids a peer may use. */
  readonly maxChunkStreams: number;
  /**
   * Most bytes held per connection: partly received messages (by declared length) on the way in, and
   * unsent bytes queued on the socket on the way out.
   */
  readonly maxBufferedBytes: number;
  /** Time from accept to a completed handshake (C2 received), ms. */
  readonly handshakeTimeoutMs: number;
  /** Longest time without receiving a byte, ms. */
  readonly idleTimeoutMs: number;
}

/**
 * `DEFAULT_RTMP_LIMITS` are the defaults:
 * - `maxMessageSize` 8 MiB: a 4K HEVC/H.264 IDR frame at 50 Mbit/s is 2-4 MB, so this leaves twice that
 *   headroom; the wire format's own limit is 16 MiB - 1 (24-bit length).
 * - `maxChunkStreams` 64: encoders use 3-8 (control, command, audio, video, data).
 * - `maxBufferedBytes` 16 MiB: two maximal messages in flight at once (a video frame interleaved with
 *   audio never comes close).
 * - `handshakeTimeoutMs` 10 s: a handshake is two round trips; 10 s covers slow satellite links.
 * - `idleTimeoutMs` 30 s: a live encoder sends audio every ~20 ms; 30 s matches common server defaults
 *   (nginx-rtmp `timeout 60s` is for idle players too).
 */
export const DEFAULT_RTMP_LIMITS: RtmpLimits = Object.freeze({
  maxMessageSize: 8 * 1024 * 1024,
  maxChunkStreams: 64,
  maxBufferedBytes: 16 * 1024 * 1024,
  handshakeTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
});

/**
 * `resolveRtmpLimits` fills `overrides` with the defaults and throws `RangeError` for a limit that is not
 * a positive number.
 */
export function resolveRtmpLimits(overrides: Partial<RtmpLimits> = {}): RtmpLimits {
  const limits = { ...DEFAULT_RTMP_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !(value > 0)) {
      throw new RangeError(`rtmp limit ${name} must be a positive number, got ${String(value)}`);
    }
  }
  return limits;
}
