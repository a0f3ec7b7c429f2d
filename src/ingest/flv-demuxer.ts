import type { AudioCodecConfig, CodecConfig, VideoCodecConfig } from '../codecs/codec-config.js';
import { codecForFourCc } from '../codecs/codec-registry.js';
import type { CodecHandler } from '../codecs/codec-handler.js';
import { parseFlvAudioTag } from '../formats/flv/flv-audio-tag.js';
import { parseFlvVideoTag } from '../formats/flv/flv-video-tag.js';
import { MediaFormatError } from '../lib/media-format-error.js';
import type { IngestFrame } from '../media/ingest-frame.js';
import { ResultCode, type ResultCodeValue } from '../live/result-codes.js';

/** `DemuxSink` receives what `FlvDemuxer` makes of a session's FLV tags. */
export interface DemuxSink {
  /** A first or changed decoder configuration for the session's video or audio track. */
  config(config: CodecConfig): void;
  /** One coded frame (raw 32-bit ms timestamp, signed composition offset, payload view). */
  frame(frame: IngestFrame): void;
}

/** `DemuxProblem` is a fault that ends the session with a result code. */
export interface DemuxProblem {
  readonly resultCode: ResultCodeValue;
  readonly reason: string;
}

/**
 * Coded frames tolerated before a sequence header (some encoders send a few); more means the encoder
 * never describes its media (`MPE_INGEST_DESCRIPTION_INFO_NOT_RECEIVED`). 300 is ~5 s of 30 fps video
 * plus audio.
 */
const MAX_UNITS_BEFORE_HEADER = 300;

interface TrackState {
  handler: CodecHandler;
  config: CodecConfig;
}

/**
 * `FlvDemuxer` turns one session's RTMP audio/video messages (FLV tag bodies, legacy and Enhanced
 * RTMP) into decoder configurations and access units, using the codec registry for everything
 * codec-specific. Only track 0 of multitrack packets is taken. Returns a `DemuxProblem` for faults that
 * must end the session: an unsupported codec, or media that never gets a sequence header.
 */
export class FlvDemuxer {
  readonly #sink: DemuxSink;
  #video: TrackState | undefined;
  #audio: TrackState | undefined;
  #unitsBeforeHeader = 0;
  #malformed = 0;

  constructor(sink: DemuxSink) {
    this.#sink = sink;
  }

  /** Tags that could not be parsed and were skipped. */
  get malformedTags(): number {
    return this.#malformed;
  }

  get videoConfig(): VideoCodecConfig | undefined {
    return this.#video?.config as VideoCodecConfig | undefined;
  }

  get audioConfig(): AudioCodecConfig | undefined {
    return this.#audio?.config as AudioCodecConfig | undefined;
  }

  video(timestamp: number, payload: Uint8Array): DemuxProblem | undefined {
    let p;
    try {
      p = parseFlvVideoTag(payload);
    } catch (e) {
      return this.#malformedTag(e);
    }
    switch (p.type) {
      case 'sequence-start':
        return p.trackId === 0 ? this.#config('video', p.fourCc, p.body) : undefined;
      case 'coded-frames': {
        if (p.trackId !== 0) {
          return undefined;
        }
        const t = this.#video;
        if (t === undefined) {
          return this.#beforeHeader('video', p.fourCc);
        }
        // The FLV frame type and the NAL unit types normally agree; trust either (some encoders mark
        // every frame as inter, others mark non-IDR recovery points as key).
        const keyframe = p.keyframe || t.handler.isKeyframe(p.body, t.config);
        this.#sink.frame({
          kind: 'video',
          timestamp,
          compositionTime: p.compositionTime,
          keyframe,
          data: p.body,
        });
        return undefined;
      }
      case 'sequence-end':
      case 'ignored':
        return undefined;
      case 'unsupported':
        return this.#unsupported('video', p.codec);
    }
  }

  audio(timestamp: number, payload: Uint8Array): DemuxProblem | undefined {
    let p;
    try {
      p = parseFlvAudioTag(payload);
    } catch (e) {
      return this.#malformedTag(e);
    }
    switch (p.type) {
      case 'sequence-start':
        return p.trackId === 0 ? this.#config('audio', p.fourCc, p.body) : undefined;
      case 'coded-frames':
        if (p.trackId !== 0) {
          return undefined;
        }
        if (this.#audio === undefined) {
          return this.#beforeHeader('audio', p.fourCc);
        }
        this.#sink.frame({ kind: 'audio', timestamp, compositionTime: 0, keyframe: true, data: p.body });
        return undefined;
      case 'sequence-end':
      case 'ignored':
        return undefined;
      case 'unsupported':
        return this.#unsupported('audio', p.codec);
    }
  }

  #config(kind: 'video' | 'audio', fourCc: string, body: Uint8Array): DemuxProblem | undefined {
    const handler = codecForFourCc(fourCc);
    if (handler === undefined || handler.kind !== kind) {
      return this.#unsupported(kind, fourCc);
    }
    let config: CodecConfig;
    try {
      config = handler.parseConfig(body);
    } catch (e) {
      if (e instanceof MediaFormatError) {
        return {
          resultCode: ResultCode.descriptionInfoNotReceived,
          reason: `${kind} sequence header (${fourCc}) is malformed: ${e.message}`,
        };
      }
      throw e;
    }
    const current = kind === 'video' ? this.#video : this.#audio;
    if (current !== undefined && current.handler === handler && handler.sameConfig(current.config, config)) {
      return undefined; // encoders repeat sequence headers (e.g. before every keyframe)
    }
    const state = { handler, config };
    if (kind === 'video') {
      this.#video = state;
    } else {
      this.#audio = state;
    }
    this.#sink.config(config);
    return undefined;
  }

  #beforeHeader(kind: string, fourCc: string): DemuxProblem | undefined {
    if (codecForFourCc(fourCc) === undefined) {
      return this.#unsupported(kind, fourCc);
    }
    if (++this.#unitsBeforeHeader > MAX_UNITS_BEFORE_HEADER) {
      return {
        resultCode: ResultCode.descriptionInfoNotReceived,
        reason: `${MAX_UNITS_BEFORE_HEADER} media frames arrived without a ${kind} sequence header; the encoder must send its codec configuration first`,
      };
    }
    return undefined;
  }

  #unsupported(kind: string, codec: string): DemuxProblem {
    return {
      resultCode: ResultCode.codecNotSupported,
      reason: `${kind} codec "${codec.trim()}" is not supported; send H.264 or HEVC video and AAC audio`,
    };
  }

  #malformedTag(e: unknown): undefined {
    if (!(e instanceof MediaFormatError)) {
      throw e;
    }
    this.#malformed++;
    return undefined;
  }
}
