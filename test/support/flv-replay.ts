import { readFileSync } from 'node:fs';
import { decodeAmf0 } from '../../src/formats/amf0/amf0-decoder.js';
import { FlvFileReader, FlvTagType, type FlvTag } from '../../src/formats/flv/flv-file-reader.js';
import { RtmpPublisher, type RtmpPublisherOptions } from '../../src/protocols/rtmp/rtmp-publisher.js';

/** `ReplayResult` counts what a replay sent. */
export interface ReplayResult {
  readonly videoTags: number;
  readonly audioTags: number;
  readonly videoBytes: number;
  readonly audioBytes: number;
}

/** `ReplayOptions` configures `replayFlv`. */
export interface ReplayOptions extends RtmpPublisherOptions {
  readonly file: string;
  /** Pace tags by their timestamps (real time); default true. */
  readonly realtime?: boolean;
  /** Added to every timestamp (simulates an encoder clock that does not start at 0). */
  readonly timestampOffset?: number;
  /** Close with FCUnpublish/deleteStream at the end (default) or just destroy the socket. */
  readonly end?: 'unpublish' | 'destroy' | 'keep';
}

/** `readFlvTags` reads the tags of an FLV file. */
export function readFlvTags(file: string): FlvTag[] {
  return [...new FlvFileReader({ bytes: readFileSync(file) })];
}

/**
 * `replayFlv` publishes an FLV file with Inlet's own `RtmpPublisher`, paced like a live encoder, and
 * returns the publisher (still open with `end: 'keep'`) and what it sent.
 */
export async function replayFlv(o: ReplayOptions): Promise<{ publisher: RtmpPublisher; sent: ReplayResult }> {
  const tags = readFlvTags(o.file);
  const publisher = await RtmpPublisher.connect(o);
  const sent = { videoTags: 0, audioTags: 0, videoBytes: 0, audioBytes: 0 };
  const start = performance.now();
  const first = tags[0]?.timestamp ?? 0;
  const offset = o.timestampOffset ?? 0;
  for (const tag of tags) {
    if (o.realtime !== false) {
      const due = start + (tag.timestamp - first);
      const wait = due - performance.now();
      if (wait > 1) {
        await new Promise((r) => setTimeout(r, wait));
      }
    }
    if (publisher.closed) {
      break;
    }
    const ts = (tag.timestamp + offset) >>> 0;
    let ok = true;
    if (tag.type === FlvTagType.video) {
      ok = publisher.sendVideo(ts, tag.body);
      sent.videoTags++;
      sent.videoBytes += tag.body.byteLength;
    } else if (tag.type === FlvTagType.audio) {
      ok = publisher.sendAudio(ts, tag.body);
      sent.audioTags++;
      sent.audioBytes += tag.body.byteLength;
    } else if (tag.type === FlvTagType.scriptData) {
      const [name, metadata] = decodeAmf0(tag.body);
      if (name === 'onMetaData' && metadata !== undefined) {
        ok = publisher.sendMetadata(metadata);
      }
    }
    if (!ok) {
      await publisher.whenWritable();
    }
  }
  if (o.end === 'destroy') {
    publisher.destroy();
  } else if (o.end !== 'keep') {
    await publisher.close();
  }
  return { publisher, sent };
}
