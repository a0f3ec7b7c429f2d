/**
 * `MediaFormatError` is thrown by the pure decoders (AMF0, FLV, codec records, RTMP chunks) when the
 * bytes do not follow their format. `code` is a stable, machine-readable reason; `offset` is the byte
 * offset in the input where the problem was found. Messages are lowercase and name the offending values.
 */
export class MediaFormatError extends Error {
  readonly code: string;
  readonly offset: number;

  constructor(code: string, message: string, offset = -1, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MediaFormatError';
    this.code = code;
    this.offset = offset;
  }
}
