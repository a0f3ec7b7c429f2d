import type { PresentationWindow } from '../../../packager/rendition-window.js';
import {
  seconds,
  testPresentation,
  testRendition,
  type TestRenditionSpec,
  type TestSegmentSpec,
} from '../../test-support/test-window.js';
import type { SmoothAudioCodecData, SmoothVideoCodecData } from '../smooth-codec-data.js';
import type { SmoothCodecTable } from '../smooth-presentation.js';

/**
 * `smoothCases` are the presentations behind the golden Smooth manifests (`smooth/testdata`), each with
 * the codec data its renditions' init segments would give. Video runs at 90 kHz, audio at 48 kHz unless a
 * case says otherwise.
 */
export interface SmoothCase {
  readonly name: string;
  readonly presentation: PresentationWindow;
  readonly codecs: SmoothCodecTable;
}

/** A High profile level 3.1 SPS and a PPS, hex (made up for the manifest text; never decoded). */
const SPS = '6764001FACD9405005BB0110';
const PPS = '68EBE3CB22C0';

/** Codec data of an H.264 rendition. */
export function videoCodec(width = 1280, height = 720): SmoothVideoCodecData {
  return { kind: 'video', fourCc: 'H264', codecPrivateData: `00000001${SPS}00000001${PPS}`, width, height };
}

/** Codec data of an AAC-LC rendition. */
export function audioCodec(samplingRate = 48_000, codecPrivateData = '1190'): SmoothAudioCodecData {
  return {
    kind: 'audio',
    fourCc: 'AACL',
    codecPrivateData,
    samplingRate,
    channels: 2,
    bitsPerSample: 16,
    packetSize: 4,
    audioTag: 255,
  };
}

export const twoSeconds = (
  count: number,
  timescale: number,
  extra: Omit<TestSegmentSpec, 'duration'> = {},
): TestSegmentSpec[] => Array.from({ length: count }, () => ({ duration: seconds(2, timescale), ...extra }));

const video = { id: 'video', kind: 'video', frameRate: 30, firstSequence: 10 } as const;
const audio = { id: 'audio', kind: 'audio', language: 'en', firstSequence: 10, timescale: 48_000 } as const;
const av: SmoothCodecTable = { video: videoCodec(), audio: audioCodec() };

/** Four segments of `timescale`, then a segment after `gapMs` of wall clock at `startTime` (a new run). */
const rerun = (timescale: number, startTime: number | undefined, gapMs: number): TestSegmentSpec[] => [
  ...twoSeconds(4, timescale),
  {
    duration: seconds(2, timescale),
    discontinuity: true,
    gapMs,
    ...(startTime === undefined ? {} : { startTime }),
  },
  ...twoSeconds(2, timescale),
];

/** `slidingSpecs` is one live history, seen after `extra` more segments have slid in (and old ones out). */
export function slidingPresentation(extra: number): PresentationWindow {
  const bitrates = [2_310_000, 2_380_000, 2_290_000, 2_350_000, 2_330_000, 2_360_000, 2_340_000];
  const history = (n: number, timescale: number, bitrate?: (i: number) => number): TestSegmentSpec[] =>
    Array.from({ length: n }, (_, i) => ({
      duration: seconds(2, timescale),
      ...(bitrate === undefined ? {} : { bitrate: bitrate(i) }),
    }));
  const spec = (s: TestRenditionSpec): TestRenditionSpec => ({ ...s, keepLast: 4 });
  return testPresentation([
    testRendition(spec({ ...video, segments: history(3 + extra, 90_000, (i) => bitrates[i] ?? 2_300_000) })),
    testRendition(
      spec({
        ...video,
        id: 'video_low',
        width: 640,
        height: 360,
        segments: history(3 + extra, 90_000, () => 790_000),
      }),
    ),
    testRendition(spec({ ...audio, segments: history(3 + extra, 48_000) })),
    testRendition(spec({ ...audio, id: 'audio_fr', language: 'fr', segments: history(3 + extra, 48_000) })),
  ]);
}

export const slidingCodecs: SmoothCodecTable = {
  video: videoCodec(),
  video_low: videoCodec(640, 360),
  audio: audioCodec(),
  audio_fr: audioCodec(),
};

export const smoothCases: readonly SmoothCase[] = [
  {
    name: 'live',
    presentation: testPresentation([
      testRendition({ ...video, startTime: seconds(10), segments: twoSeconds(3, 90_000) }),
      testRendition({ ...audio, startTime: seconds(10, 48_000), segments: twoSeconds(3, 48_000) }),
    ]),
    codecs: av,
  },
  {
    name: 'ended',
    presentation: testPresentation([
      testRendition({ ...video, ended: true, startTime: seconds(10), segments: twoSeconds(3, 90_000) }),
      testRendition({
        ...audio,
        ended: true,
        startTime: seconds(10, 48_000),
        segments: twoSeconds(3, 48_000),
      }),
    ]),
    codecs: av,
  },
  {
    // Two encoder outputs with aligned key frames share one StreamIndex; the low one is one segment behind.
    name: 'multi-bitrate',
    presentation: testPresentation([
      testRendition({
        ...video,
        id: 'video_2500000',
        segments: twoSeconds(4, 90_000, { bitrate: 2_500_000 }),
      }),
      testRendition({
        ...video,
        id: 'video_800000',
        width: 640,
        height: 360,
        segments: twoSeconds(3, 90_000, { bitrate: 800_000 }),
      }),
      testRendition({ ...audio, id: 'audio_128000', segments: twoSeconds(4, 48_000) }),
    ]),
    codecs: {
      video_2500000: videoCodec(),
      video_800000: videoCodec(640, 360),
      audio_128000: audioCodec(),
    },
  },
  {
    // English at 48 kHz, French at 44.1 kHz (its own TimeScale), and a second English track by position.
    name: 'two-audio',
    presentation: testPresentation([
      testRendition({ ...video, segments: twoSeconds(3, 90_000) }),
      testRendition({ ...audio, segments: twoSeconds(3, 48_000) }),
      testRendition({
        ...audio,
        id: 'audio_fr',
        language: 'fr',
        timescale: 44_100,
        segments: twoSeconds(3, 44_100),
      }),
      testRendition({
        ...audio,
        id: 'audio_commentary',
        segments: twoSeconds(3, 48_000, { bitrate: 64_000 }),
      }),
    ]),
    codecs: { ...av, audio_fr: audioCodec(44_100, '1210'), audio_commentary: audioCodec() },
  },
  {
    // A reconnect whose timeline restarts at 0: only the new run can be described.
    name: 'discontinuity-restart',
    presentation: testPresentation([
      testRendition({ ...video, keepLast: 5, segments: rerun(90_000, 0, 3000) }),
      testRendition({ ...audio, keepLast: 5, segments: rerun(48_000, 0, 3000) }),
    ]),
    codecs: av,
  },
  {
    // A reconnect whose timeline jumps 3 s forward: one timeline with a gap (an explicit t).
    name: 'discontinuity-gap',
    presentation: testPresentation([
      testRendition({ ...video, keepLast: 6, segments: rerun(90_000, seconds(11), 3000) }),
      testRendition({ ...audio, keepLast: 6, segments: rerun(48_000, seconds(11, 48_000), 3000) }),
    ]),
    codecs: av,
  },
  {
    // The encoder switched to 1080p at 6 s: only segments of the current init segment are listed.
    name: 'codec-change',
    presentation: testPresentation([
      testRendition({
        ...video,
        width: 1920,
        height: 1080,
        segments: [
          ...twoSeconds(3, 90_000),
          { duration: seconds(2), discontinuity: true, initVersion: 1 },
          { duration: seconds(2) },
        ],
      }),
      testRendition({ ...audio, segments: twoSeconds(5, 48_000) }),
    ]),
    codecs: { video: videoCodec(1920, 1080), audio: audioCodec() },
  },
  {
    // A second video rendition cut at other times, and an HEVC one without Smooth codec data.
    name: 'unaligned-video',
    presentation: testPresentation([
      testRendition({ ...video, segments: twoSeconds(3, 90_000) }),
      testRendition({ ...video, id: 'video_b', startTime: seconds(1), segments: twoSeconds(3, 90_000) }),
      testRendition({
        ...video,
        id: 'video_hevc',
        codecString: 'hvc1.1.6.L93.B0',
        segments: twoSeconds(3, 90_000),
      }),
    ]),
    codecs: { video: videoCodec(), video_b: videoCodec(960, 540) },
  },
  {
    name: 'sliding-before',
    presentation: slidingPresentation(0),
    codecs: slidingCodecs,
  },
  {
    name: 'sliding-after',
    presentation: slidingPresentation(3),
    codecs: slidingCodecs,
  },
];
