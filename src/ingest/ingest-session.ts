import type { Logger } from 'pino';
import type { CodecConfig } from '../codecs/codec-config.js';
import type { Amf0Object } from '../formats/amf0/amf0-value.js';
import { readStreamMetadata, type StreamMetadata } from '../formats/flv/stream-metadata.js';
import type { TrackKind } from '../media/track.js';
import type {
  PublishDecision,
  PublishRequest,
  RtmpCloseReason,
  RtmpDataMessage,
  RtmpMediaMessage,
  RtmpServerHandler,
  UnpublishReason,
} from '../protocols/rtmp/rtmp-connection-types.js';
import type { LiveEventRegistry } from '../live/live-event-registry.js';
import type { LiveStream } from '../live/live-stream.js';
import type { IngestEndpoint, Publisher, SessionInfo } from '../live/publisher.js';
import { ResultCode, type ResultCodeValue } from '../live/result-codes.js';
import { admit } from './admission.js';
import { FlvDemuxer, type DemuxProblem } from './flv-demuxer.js';
import type { IngestUrl } from './ingest-url.js';
import type { IngestObserver, SessionCounters } from './ingest-types.js';

/** `IngestSessionOptions` are what one connection's session needs. */
export interface IngestSessionOptions {
  readonly id: string;
  readonly logger: Logger;
  readonly endpoint: IngestEndpoint;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly publicHost: string;
  readonly liveEvents: LiveEventRegistry;
  readonly observer: IngestObserver;
  readonly now: () => number;
  /** Closes the RTMP connection (set once the connection exists). */
  readonly closeConnection: (reason: RtmpCloseReason) => void;
}

function closeCode(reason: RtmpCloseReason): ResultCodeValue {
  switch (reason.code) {
    case 'client-closed':
      return ResultCode.clientTerminated;
    case 'idle-timeout':
    case 'handshake-timeout':
      return ResultCode.idleTimeout;
    case 'limit-exceeded':
      return ResultCode.capacityLimitReached;
    case 'protocol-error':
    case 'socket-error':
    case 'server-closed':
      return ResultCode.endOfMedia;
  }
}

/**
 * `IngestSession` is one encoder connection on the ingest side, the RTMP adapter of a `LiveStream`: it
 * admits or refuses the publish (before `NetStream.Publish.Start`), demuxes its FLV tags into frames
 * for its live stream, counts what arrived and reports connect, reject and disconnect. A fault here
 * closes only this connection.
 */
export class IngestSession implements RtmpServerHandler, Publisher {
  readonly id: string;
  readonly #o: IngestSessionOptions;
  readonly #demuxer: FlvDemuxer;
  #info: SessionInfo | undefined;
  #url: IngestUrl | undefined;
  #stream: LiveStream | undefined;
  #metadata: StreamMetadata | undefined;
  #endCode: { code: ResultCodeValue; reason: string } | undefined;
  #connectArgs: Amf0Object | undefined;
  #c = {
    videoTags: 0,
    audioTags: 0,
    dataTags: 0,
    videoBytes: 0,
    audioBytes: 0,
    unitsAccepted: 0,
    unitsDropped: 0,
  };
  #bytesReceived: () => number = () => 0;

  constructor(options: IngestSessionOptions) {
    this.id = options.id;
    this.#o = options;
    this.#demuxer = new FlvDemuxer({
      config: (config) => this.#stream?.config(this, config),
      frame: (frame) => {
        if (this.#stream?.push(this, frame) === true) {
          this.#c.unitsAccepted++;
        } else {
          this.#c.unitsDropped++;
        }
      },
    });
  }

  /** Lets the session read the connection's byte counter. */
  bindByteCounter(read: () => number): void {
    this.#bytesReceived = read;
  }

  /** The admitted publish; throws before admission (a `Publisher` is always admitted). */
  get info(): SessionInfo {
    if (this.#info === undefined) {
      throw new Error(`session ${this.id} is not admitted`);
    }
    return this.#info;
  }

  /** True once the publish was admitted. */
  get admitted(): boolean {
    return this.#info !== undefined;
  }

  /** The admitted publish, or `undefined` before admission. */
  get admittedInfo(): SessionInfo | undefined {
    return this.#info;
  }

  get counters(): SessionCounters {
    return { bytesReceived: this.#bytesReceived(), ...this.#c };
  }

  configs(): readonly CodecConfig[] {
    const out: CodecConfig[] = [];
    if (this.#demuxer.videoConfig !== undefined) {
      out.push(this.#demuxer.videoConfig);
    }
    if (this.#demuxer.audioConfig !== undefined) {
      out.push(this.#demuxer.audioConfig);
    }
    return out;
  }

  declaredBitrate(kind: TrackKind): number | undefined {
    const fromUrl = kind === 'video' ? this.#url?.videoBitrate : this.#url?.audioBitrate;
    if (fromUrl !== undefined) {
      return fromUrl;
    }
    const kbps = kind === 'video' ? this.#metadata?.videoDataRate : this.#metadata?.audioDataRate;
    return kbps !== undefined && kbps > 0 ? Math.round(kbps * 1000) : undefined;
  }

  frameRate(): number | undefined {
    return this.#metadata?.frameRate;
  }

  #ingestUrl(app: string, publishName: string): string {
    const { protocol, port } = this.#o.endpoint;
    const stream = this.#url?.streamName ?? publishName.split('?')[0] ?? '';
    // Never log or publish the access token: it is the publish credential.
    const appName = app.split(/[/?]/)[0] ?? '';
    const path = this.#url !== undefined ? `live/<token>/${stream}` : `${appName}/<redacted>`;
    return `${protocol}://${this.#o.publicHost}:${port}/${path}`;
  }

  onConnect(_app: string, connect: Amf0Object): { accept: true } {
    this.#connectArgs = connect;
    return { accept: true };
  }

  onPublish(req: PublishRequest): PublishDecision {
    if (this.#info !== undefined) {
      return {
        accept: false,
        code: 'NetStream.Publish.BadName',
        description: 'this connection already publishes a stream',
        closeConnection: false,
      };
    }
    const result = admit(this.#o.liveEvents, {
      app: req.app,
      publishName: req.streamName,
      remoteAddress: this.#o.remoteAddress,
    });
    this.#url = result.url;
    const ingestUrl = this.#ingestUrl(req.app, req.streamName);
    if (!result.admitted) {
      this.#o.logger.warn(
        { resultCode: result.resultCode, liveEvent: result.liveEvent?.name },
        `publish refused: ${result.reason}`,
      );
      this.#o.observer.connectionRejected({
        liveEventName: result.liveEvent?.name,
        streamName: result.url?.streamName,
        endpoint: this.#o.endpoint,
        ingestUrl,
        remoteAddress: this.#o.remoteAddress,
        remotePort: this.#o.remotePort,
        resultCode: result.resultCode,
        reason: result.reason,
      });
      return {
        accept: false,
        code: 'NetStream.Publish.BadName',
        description: `${result.resultCode}: ${result.reason}`,
      };
    }
    this.#info = {
      id: this.id,
      liveEventName: result.liveEvent.name,
      streamName: result.url.streamName,
      endpoint: this.#o.endpoint,
      remoteAddress: this.#o.remoteAddress,
      remotePort: this.#o.remotePort,
      ingestUrl,
      startedAt: this.#o.now(),
    };
    const stream = result.liveEvent.stream(result.url.streamName);
    if (stream === undefined) {
      // The live event is stopping at this very moment.
      this.#info = undefined;
      return {
        accept: false,
        code: 'NetStream.Publish.BadName',
        description: `${ResultCode.liveEventNotRunning}: live event ${result.liveEvent.name} is stopping`,
      };
    }
    this.#stream = stream;
    stream.attach(this);
    this.#o.logger.info(
      {
        liveEvent: result.liveEvent.name,
        stream: result.url.streamName,
        encoder: this.#connectArgs?.['flashVer'],
      },
      `publishing ${result.liveEvent.name}/${result.url.streamName}`,
    );
    this.#o.observer.encoderConnected(this.#info);
    return { accept: true };
  }

  onMedia(msg: RtmpMediaMessage): void {
    let problem: DemuxProblem | undefined;
    if (msg.kind === 'video') {
      this.#c.videoTags++;
      this.#c.videoBytes += msg.payload.byteLength;
      problem = this.#demuxer.video(msg.timestamp, msg.payload);
    } else {
      this.#c.audioTags++;
      this.#c.audioBytes += msg.payload.byteLength;
      problem = this.#demuxer.audio(msg.timestamp, msg.payload);
    }
    if (problem !== undefined) {
      this.#refuseMedia(problem);
    }
  }

  #refuseMedia(problem: DemuxProblem): void {
    if (this.#endCode !== undefined) {
      return;
    }
    this.#endCode = { code: problem.resultCode, reason: problem.reason };
    this.#o.logger.warn({ resultCode: problem.resultCode }, problem.reason);
    const info = this.#info;
    if (info !== undefined && problem.resultCode === ResultCode.codecNotSupported) {
      this.#o.observer.connectionRejected({
        liveEventName: info.liveEventName,
        streamName: info.streamName,
        endpoint: info.endpoint,
        ingestUrl: info.ingestUrl,
        remoteAddress: info.remoteAddress,
        remotePort: info.remotePort,
        resultCode: problem.resultCode,
        reason: problem.reason,
      });
    }
    this.#o.closeConnection({ code: 'server-closed', message: `${problem.resultCode}: ${problem.reason}` });
  }

  onData(msg: RtmpDataMessage): void {
    this.#c.dataTags++;
    const metadata = readStreamMetadata(msg.values);
    if (metadata === undefined) {
      return;
    }
    this.#metadata = metadata;
    if (metadata.frameRate !== undefined) {
      this.#stream?.frameRate(this, metadata.frameRate);
    }
  }

  onUnpublish(_streamId: number, reason: UnpublishReason): void {
    this.#endCode ??= { code: ResultCode.streamHitEof, reason: `encoder sent ${reason}` };
    this.#leaveStream();
  }

  /** Closes the session's connection with a result code (API stop/reset, replacement, shutdown). */
  end(code: ResultCodeValue, reason: string): void {
    this.#endCode ??= { code, reason };
    this.#o.closeConnection({ code: 'server-closed', message: `${code}: ${reason}` });
  }

  #leaveStream(): void {
    const stream = this.#stream;
    this.#stream = undefined;
    stream?.detach(this);
  }

  onClose(reason: RtmpCloseReason): void {
    this.#leaveStream();
    const info = this.#info;
    if (info === undefined) {
      return;
    }
    const end = this.#endCode ?? { code: closeCode(reason), reason: reason.message };
    const counters = this.counters;
    this.#o.logger.info(
      { resultCode: end.code, ...counters },
      `stream ${info.liveEventName}/${info.streamName} ended: ${end.code} (${end.reason})`,
    );
    this.#o.observer.encoderDisconnected(info, end.code, end.reason, counters);
  }
}
