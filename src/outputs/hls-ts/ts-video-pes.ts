import type { VideoCodecConfig } from '../../codecs/codec-config.js';
import { TsStreamType } from '../../formats/mpegts/ts-constants.js';
import type { TsPes } from '../../formats/mpegts/ts-segment-writer.js';
import { annexBAccessUnit } from './annexb-access-unit.js';
import { readCmafSamples } from './cmaf-samples.js';
import type { TrackMedia } from './ts-media-configs.js';
import { to90kHz } from './ts-clock.js';

/** `VideoPes` is the video of a TS segment: one PES per access unit, and the PMT stream_type. */
export interface VideoPes {
  readonly streamType: number;
  readonly pes: TsPes[];
}

/**
 * `videoPes` makes one PES packet per video sample of `media`, in decode order: DTS = `tfdt` + the
 * durations before it, PTS = DTS + composition offset, both on the 90 kHz clock (exact for the 90 kHz
 * CMAF video timescale), random access on sync samples, payload in Annex B (`annexBAccessUnit`). All
 * segments must share one codec (a codec change is a discontinuity, which a TS segment never spans).
 * Throws `Error` when a segment's bytes do not start at the `tfdt` its window entry names.
 */
export function videoPes(media: readonly TrackMedia<VideoCodecConfig>[], pid: number): VideoPes {
  const codec = media[0]?.config.codec ?? 'h264';
  const pes: TsPes[] = [];
  for (const m of media) {
    if (m.config.codec !== codec) {
      throw new Error(`video changes from ${codec} to ${m.config.codec} inside one ts segment`);
    }
    const samples = readCmafSamples(m.bytes, m.trex);
    if (samples[0] !== undefined && samples[0].dts !== m.startTime) {
      throw new Error(`cmaf segment starts at ${samples[0].dts}, its window entry at ${m.startTime}`);
    }
    for (const s of samples) {
      const dts = to90kHz(s.dts, m.timescale);
      const pts = to90kHz(s.dts + s.compositionOffset, m.timescale);
      pes.push({
        pid,
        pts,
        dts,
        randomAccess: s.keyframe,
        payload: annexBAccessUnit(s.data, m.config, s.keyframe),
      });
    }
  }
  return { streamType: codec === 'hevc' ? TsStreamType.hevc : TsStreamType.h264, pes };
}
