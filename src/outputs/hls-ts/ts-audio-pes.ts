import type { AacConfig } from '../../codecs/codec-config.js';
import type { TsPes } from '../../formats/mpegts/ts-segment-writer.js';
import { wallClockMs } from '../wall-clock.js';
import { ADTS_HEADER_SIZE, type AdtsFields, adtsFields, writeAdtsHeader } from './adts-header.js';
import { readCmafSamples } from './cmaf-samples.js';
import { TS_CLOCK, to90kHz, wallToTicks } from './ts-clock.js';
import type { TrackMedia } from './ts-media-configs.js';
import type { TsAudioPlan } from './ts-plan.js';

/**
 * Audio frames per PES packet: a PES packet costs a header and, on average, half a transport packet of
 * stuffing, so frames are grouped, up to 5 and at most 0.1 s, which keeps an audio-only stream's PCR
 * (on every PES) within the 0.1 s that ISO/IEC 13818-1 §2.7.2 allows between PCRs.
 */
const MAX_FRAMES_PER_PES = 5;
const MAX_PES_TICKS = TS_CLOCK / 10;

interface AudioFrame {
  readonly pts: number;
  readonly duration: number;
  readonly data: Uint8Array;
  readonly fields: AdtsFields;
}

/**
 * `audioPes` makes the audio PES packets of a TS segment from the CMAF segments of `plan` (`media` in
 * the same order): each raw AAC frame gets an ADTS header from its init segment's AudioSpecificConfig.
 * With `plan.alignment` (muxed with video) only frames that start in [from, until) on the wall clock
 * are taken, and their PTS is that instant on the video's clock, so audio and video line up whatever
 * origin each rendition's ticks count from; without it every frame is taken at PTS = ticks × 90000 /
 * timescale. Frames are grouped while they follow one another without a gap (± 1 tick of rounding).
 */
export function audioPes(plan: TsAudioPlan, media: readonly TrackMedia<AacConfig>[], pid: number): TsPes[] {
  const frames: AudioFrame[] = [];
  const fieldsOf = new Map<AacConfig, AdtsFields>();
  const { alignment } = plan;
  media.forEach((m, i) => {
    const anchor = plan.anchors[i];
    let fields = fieldsOf.get(m.config);
    if (fields === undefined) {
      fields = adtsFields(m.config);
      fieldsOf.set(m.config, fields);
    }
    for (const s of readCmafSamples(m.bytes, m.trex)) {
      let pts = to90kHz(s.dts, m.timescale);
      if (alignment !== undefined && anchor !== undefined) {
        const wall = wallClockMs(anchor, s.dts, m.timescale);
        if (wall < alignment.from || wall >= alignment.until) {
          continue;
        }
        pts = to90kHz(
          wallToTicks(alignment.videoAnchor, wall, alignment.videoTimescale),
          alignment.videoTimescale,
        );
      }
      frames.push({ pts, duration: to90kHz(s.duration, m.timescale), data: s.data, fields });
    }
  });
  const out: TsPes[] = [];
  let i = 0;
  while (i < frames.length) {
    const first = frames[i] as AudioFrame;
    let end = i + 1;
    let span = first.duration;
    let expected = first.pts + first.duration;
    while (end < frames.length && end - i < MAX_FRAMES_PER_PES) {
      const next = frames[end] as AudioFrame;
      if (
        Math.abs(next.pts - expected) > 1 ||
        next.fields !== first.fields ||
        span + next.duration > MAX_PES_TICKS
      ) {
        break;
      }
      span += next.duration;
      expected = next.pts + next.duration;
      end++;
    }
    out.push({ pid, pts: Math.round(first.pts), randomAccess: true, payload: adtsPayload(frames, i, end) });
    i = end;
  }
  return out;
}

/** The ADTS frames [from, to): the headers share one buffer, the payloads stay views of the segment. */
function adtsPayload(frames: readonly AudioFrame[], from: number, to: number): Uint8Array[] {
  const headers = new Uint8Array(ADTS_HEADER_SIZE * (to - from));
  const out: Uint8Array[] = [];
  for (let k = from; k < to; k++) {
    const frame = frames[k] as AudioFrame;
    const at = ADTS_HEADER_SIZE * (k - from);
    writeAdtsHeader(headers, at, frame.fields, frame.data.byteLength);
    out.push(headers.subarray(at, at + ADTS_HEADER_SIZE), frame.data);
  }
  return out;
}
