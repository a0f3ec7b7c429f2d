/**
 * `FlvIgnoredPacket` is a well-formed audio or video tag that carries no media for the ingest: command
 * frames, Enhanced RTMP metadata, multichannel configuration, silence messages.
 */
export interface FlvIgnoredPacket {
  readonly type: 'ignored';
  /** Lowercase, e.g. `video command frame`. */
  readonly reason: string;
}

/**
 * `FlvUnsupportedPacket` is a tag of a codec (or a layout, such as many-track multitrack) Inlet does not
 * ingest. `codec` names it, e.g. `sorenson h.263`, `mp3`, `Opus`, `multitrack`.
 */
export interface FlvUnsupportedPacket {
  readonly type: 'unsupported';
  readonly codec: string;
}

/** `ignoredPacket` builds an `FlvIgnoredPacket`. */
export function ignoredPacket(reason: string): FlvIgnoredPacket {
  return { type: 'ignored', reason };
}

/** `unsupportedPacket` builds an `FlvUnsupportedPacket`. */
export function unsupportedPacket(codec: string): FlvUnsupportedPacket {
  return { type: 'unsupported', codec };
}
