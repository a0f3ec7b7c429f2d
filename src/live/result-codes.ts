/**
 * Result codes of `LiveEventConnectionRejected` and `LiveEventEncoderDisconnected`, as AMS reported them
 * (`live-event-error-codes-reference.md`, `event-schema-media-services.md`).
 */
export const ResultCode = {
  ok: 'S_OK',
  /** Malformed ingest URL: `rtmp[s]://host:port/live/<token>/<stream>` expected. */
  badUrlSyntax: 'MPE_BAD_URL_SYNTAX',
  /** The access token in the URL matches no live event. */
  appIdAuthFailure: 'MPE_RTMP_APPID_AUTH_FAILURE',
  /** The encoder's address is not in the live event's IP allow list. */
  connectionDenied: 'MPE_INGEST_ENCODER_CONNECTION_DENIED',
  /**
   * The live event exists but is not Running. AMS had no endpoint for a stopped event (the connection
   * failed at TCP level); Inlet answers the publish with this code instead.
   */
  liveEventNotRunning: 'MPE_INGEST_LIVE_EVENT_NOT_RUNNING',
  /** First media of an unsupported codec (not H.264, HEVC or AAC). */
  codecNotSupported: 'MPE_INGEST_CODEC_NOT_SUPPORTED',
  /** Media arrived before its sequence header. */
  descriptionInfoNotReceived: 'MPE_INGEST_DESCRIPTION_INFO_NOT_RECEIVED',
  /** The encoder closed the connection. */
  clientTerminated: 'MPE_CLIENT_TERMINATED_SESSION',
  /** The encoder ended the stream (FCUnpublish / deleteStream / closeStream). */
  streamHitEof: 'MPI_STREAM_HIT_EOF',
  /** No data for longer than the idle timeout. */
  idleTimeout: 'MPE_RTMP_SESSION_IDLE_TIMEOUT',
  /** The live event was stopped or deleted through the API. */
  channelStop: 'MPI_REST_API_CHANNEL_STOP',
  /** The live event was reset through the API. */
  channelReset: 'MPI_REST_API_CHANNEL_RESET',
  /** The encoder sent data faster than Inlet could take it, or a connection limit was hit. */
  capacityLimitReached: 'MPE_CAPACITY_LIMIT_REACHED',
  /** Too much unprocessable media (e.g. video without key frames) was buffered. */
  tooLargeUnprocessedFlv: 'MPE_INGEST_RTMP_TOO_LARGE_UNPROCESSED_FLV',
  /** A newer connection for the same live event, endpoint and stream name replaced this one. */
  replacedByNewerConnection: 'MPE_INGEST_SESSION_REPLACED',
  /** The server is shutting down; encoders should reconnect. */
  systemMaintenance: 'MPI_SYSTEM_MAINTENANCE',
  /** General error (protocol violation, malformed data). */
  endOfMedia: 'ERROR_END_OF_MEDIA',
} as const;

/** `ResultCodeValue` is one of the result codes above. */
export type ResultCodeValue = (typeof ResultCode)[keyof typeof ResultCode];
