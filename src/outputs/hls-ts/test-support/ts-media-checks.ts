import { type AdtsHeader, splitAdts } from '../../../codecs/aac/adts.js';
import { splitAnnexb } from '../../../codecs/nal/annexb.js';
import { readTsSegment } from '../../../formats/mpegts/ts-segment-reader.js';
import type { PackagerPipeline } from '../../../packager/test-support/packager-pipeline.js';
import type { Segment, WallClockAnchor } from '../../../packager/rendition-window.js';
import { runAnchors } from '../../wall-clock.js';
import { type CmafSample, readCmafSamples } from '../cmaf-samples.js';
import { readTrackConfig } from '../track-config.js';

/** `TsVideoFrame` is one video PES of a TS segment as read back. */
export interface TsVideoFrame {
  readonly pts: number;
  readonly dts: number;
  readonly randomAccess: boolean;
  /** The Annex B NAL units of the access unit. */
  readonly nalus: readonly Uint8Array[];
}

/** `TsAudioFrame` is one ADTS frame of a TS segment, its PTS derived from its PES and the frames before. */
export interface TsAudioFrame {
  readonly pts: number;
  readonly header: AdtsHeader;
  readonly payload: Uint8Array;
}

/** `TsFrames` is what a TS segment holds, read with the TS reader. */
export interface TsFrames {
  readonly streamTypes: readonly number[];
  readonly pcrPid: number;
  readonly video: readonly TsVideoFrame[];
  readonly audio: readonly TsAudioFrame[];
  /** PTS of the audio PES packets and their frame counts, to check the grouping. */
  readonly audioPes: readonly { readonly pts: number; readonly frames: number }[];
}

/** `tsFrames` reads a TS segment back into its video access units and ADTS frames (PID 0x100 / 0x101). */
export function tsFrames(bytes: Uint8Array, samplesPerFrame = 1024): TsFrames {
  const info = readTsSegment(bytes);
  const video: TsVideoFrame[] = [];
  const audio: TsAudioFrame[] = [];
  const audioPes: { pts: number; frames: number }[] = [];
  for (const pes of info.pes) {
    if (pes.pid === 0x100) {
      const pts = pes.pts ?? -1;
      video.push({ pts, dts: pes.dts ?? pts, randomAccess: pes.randomAccess, nalus: splitAnnexb(pes.data) });
    } else if (pes.pid === 0x101) {
      const frames = splitAdts(pes.data);
      let pts = pes.pts ?? -1;
      for (const f of frames) {
        audio.push({ pts, header: f.header, payload: f.payload });
        pts += (samplesPerFrame * 90_000) / f.header.sampleRate;
      }
      audioPes.push({ pts: pes.pts ?? -1, frames: frames.length });
    }
  }
  return {
    streamTypes: info.pmt.streams.map((s) => s.streamType),
    pcrPid: info.pmt.pcrPid,
    video,
    audio,
    audioPes,
  };
}

/** `PublishedSample` is one CMAF sample the packager published, with its segment and run anchor. */
export interface PublishedSample {
  readonly sample: CmafSample;
  readonly segment: Segment;
  readonly anchor: WallClockAnchor;
  readonly timescale: number;
}

/** `publishedSamples` reads every sample of every segment rendition `id` published, in order. */
export function publishedSamples(p: PackagerPipeline, id: string): PublishedSample[] {
  const published = p.published(id);
  const anchors = runAnchors(published.map((x) => x.segment));
  return published.flatMap(({ segment, chunks }, i) => {
    const init = p.packager.init(id, segment.initVersion);
    if (init === undefined) {
      throw new Error(`init ${segment.initVersion} of ${id} is gone`);
    }
    const { trex, timescale } = readTrackConfig(init);
    const anchor = anchors[i] as WallClockAnchor;
    return readCmafSamples(chunks, trex).map((sample) => ({ sample, segment, anchor, timescale }));
  });
}
