import type { PresentationWindow } from '../../packager/rendition-window.js';
import { seconds, testPresentation, testRendition, type TestSegmentSpec } from './test-window.js';

/**
 * `manifestCases` are the presentations behind the golden manifests (`hls/testdata`, `dash/testdata`). Video
 * runs at 90 kHz, audio at 48 kHz; every rendition starts at `T0` unless a case says otherwise.
 */
export interface ManifestCase {
  readonly name: string;
  readonly presentation: PresentationWindow;
}

const twoSeconds = (
  count: number,
  timescale: number,
  extra: Omit<TestSegmentSpec, 'duration'> = {},
): TestSegmentSpec[] => Array.from({ length: count }, () => ({ duration: seconds(2, timescale), ...extra }));

/** Seven segments per rendition, a reconnect (3 s without media, timeline restarting at 0) before the fifth. */
const reconnect = (timescale: number): TestSegmentSpec[] => [
  ...twoSeconds(4, timescale),
  { duration: seconds(2, timescale), discontinuity: true, gapMs: 3000, startTime: 0 },
  ...twoSeconds(2, timescale),
];

const video = { id: 'video', kind: 'video', frameRate: 29.97, firstSequence: 10 } as const;
const audio = { id: 'audio', kind: 'audio', language: 'en', firstSequence: 10, timescale: 48_000 } as const;

export const manifestCases: readonly ManifestCase[] = [
  {
    name: 'plain-live',
    presentation: testPresentation([
      testRendition({ ...video, startTime: seconds(10), segments: twoSeconds(3, 90_000) }),
      testRendition({ ...audio, startTime: seconds(10, 48_000), segments: twoSeconds(3, 48_000) }),
    ]),
  },
  {
    name: 'discontinuity',
    presentation: testPresentation([
      testRendition({ ...video, keepLast: 5, segments: reconnect(90_000) }),
      testRendition({ ...audio, keepLast: 5, segments: reconnect(48_000) }),
    ]),
  },
  {
    name: 'discontinuity-slid-out',
    presentation: testPresentation([
      testRendition({ ...video, keepLast: 2, segments: reconnect(90_000) }),
      testRendition({ ...audio, keepLast: 2, segments: reconnect(48_000) }),
    ]),
  },
  {
    name: 'long-gop',
    presentation: testPresentation([
      testRendition({
        ...video,
        keyFrameInterval: 2,
        segments: [2, 2, 6.006, 2].map((s) => ({ duration: seconds(s) })),
      }),
      testRendition({
        ...audio,
        segments: [2, 2, 6.006, 2].map((s) => ({ duration: seconds(s, 48_000) })),
      }),
    ]),
  },
  {
    name: 'audio-only',
    presentation: testPresentation([testRendition({ ...audio, segments: twoSeconds(3, 48_000) })]),
  },
  {
    name: 'video-only',
    presentation: testPresentation([testRendition({ ...video, segments: twoSeconds(3, 90_000) })]),
  },
  {
    // The encoder switches to 1080p at 6 s: a new init segment for video only. Audio segments last 1.92 s,
    // so the one from 5.76 s to 7.68 s spans the change.
    name: 'codec-change',
    presentation: testPresentation([
      testRendition({
        ...video,
        codecString: 'avc1.640028',
        width: 1920,
        height: 1080,
        previousConfigurations: [{ initVersion: 0, codecString: 'avc1.64001f', width: 1280, height: 720 }],
        segments: [
          ...twoSeconds(3, 90_000),
          { duration: seconds(2), discontinuity: true, initVersion: 1 },
          { duration: seconds(2) },
        ],
      }),
      testRendition({ ...audio, segments: Array.from({ length: 5 }, () => ({ duration: 92_160 })) }),
    ]),
  },
  {
    name: 'll-hls',
    presentation: testPresentation([
      testRendition({
        ...video,
        partTarget: 0.5,
        segments: twoSeconds(4, 90_000, { parts: 4 }),
        pending: { parts: [seconds(0.5), seconds(0.5)] },
      }),
      testRendition({
        ...audio,
        partTarget: 0.5,
        segments: twoSeconds(4, 48_000, { parts: 4 }),
        pending: { parts: [seconds(0.5, 48_000)] },
      }),
    ]),
  },
  {
    // Twelve 2 s segments with a codec change at the fourth; a delta update skips what ends more than
    // 12 s (six target durations) before the last segment's end.
    name: 'delta-update',
    presentation: testPresentation([
      testRendition({
        ...video,
        codecString: 'avc1.640028',
        partTarget: 0.5,
        previousConfigurations: [{ initVersion: 0, codecString: 'avc1.64001f' }],
        segments: twoSeconds(12, 90_000, { parts: 4 }).map((s, i) =>
          i === 3 ? { ...s, discontinuity: true, initVersion: 1 } : s,
        ),
        pending: { parts: [seconds(0.5)] },
      }),
    ]),
  },
  {
    name: 'ended',
    presentation: testPresentation([
      testRendition({ ...video, ended: true, segments: twoSeconds(3, 90_000) }),
      testRendition({ ...audio, ended: true, segments: twoSeconds(3, 48_000) }),
    ]),
  },
  {
    name: 'multi-bitrate',
    presentation: testPresentation([
      testRendition({
        ...video,
        id: 'video_2500000',
        segments: twoSeconds(3, 90_000, { bitrate: 2_500_000 }),
      }),
      testRendition({
        ...video,
        id: 'video_800000',
        width: 640,
        height: 360,
        codecString: 'avc1.64001e',
        segments: twoSeconds(3, 90_000, { bitrate: 800_000 }),
      }),
      testRendition({ ...audio, id: 'audio_128000', segments: twoSeconds(3, 48_000) }),
    ]),
  },
];
