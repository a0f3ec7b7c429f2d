import type { PresentationWindow } from '../../../packager/rendition-window.js';
import {
  seconds,
  testPresentation,
  testRendition,
  type TestSegmentSpec,
} from '../../test-support/test-window.js';

/**
 * `tsPlaylistCases` are the presentations behind the golden TS playlists (`testdata/`). Video runs at
 * 90 kHz in 2 s segments; audio at 48 kHz is cut at the video cut times, so each audio segment ends on the
 * first frame boundary after the cut (96256 ticks: 2.0053 s) and covers the video segment beside it.
 */
export interface TsPlaylistCase {
  readonly name: string;
  readonly presentation: PresentationWindow;
  readonly fragmentsPerSegment: number;
  /** Playlist versions to render (AMS m3u8-aapl: 4, m3u8-aapl-v3: 3). */
  readonly versions: readonly (3 | 4)[];
}

/** `AUDIO_SEGMENT` is 94 AAC frames: the audio beside one 2 s video segment. */
export const AUDIO_SEGMENT = 94 * 1024;

const videoSegments = (
  count: number,
  extra: Partial<Record<number, TestSegmentSpec>> = {},
): TestSegmentSpec[] => Array.from({ length: count }, (_, i) => ({ duration: seconds(2), ...extra[i] }));
const audioSegments = (
  count: number,
  extra: Partial<Record<number, TestSegmentSpec>> = {},
): TestSegmentSpec[] => Array.from({ length: count }, (_, i) => ({ duration: AUDIO_SEGMENT, ...extra[i] }));
const atBitrate = (count: number, bitrate: number): TestSegmentSpec[] =>
  Array.from({ length: count }, () => ({ duration: seconds(2), bitrate }));
/** A reconnect before segment `at`: 3 s without media, both timelines restarting at 0. */
const reconnect = { discontinuity: true, gapMs: 3000, startTime: 0 } as const;

const video = { id: 'video', kind: 'video', frameRate: 29.97 } as const;
const audio = { id: 'audio', kind: 'audio', language: 'en' } as const;

export const tsPlaylistCases: readonly TsPlaylistCase[] = [
  {
    name: 'plain-live',
    fragmentsPerSegment: 1,
    versions: [4, 3],
    presentation: testPresentation([
      testRendition({ ...video, firstSequence: 10, startTime: seconds(20), segments: videoSegments(5) }),
      testRendition({ ...audio, firstSequence: 10, startTime: 20 * 48_000, segments: audioSegments(5) }),
    ]),
  },
  {
    name: 'grouped-slid',
    fragmentsPerSegment: 2,
    versions: [4],
    // Sequences 11..17 in the window: 11 is the second half of block 5, which is left out.
    presentation: testPresentation([
      testRendition({ ...video, firstSequence: 5, segments: videoSegments(13), keepLast: 7 }),
      testRendition({ ...audio, firstSequence: 5, segments: audioSegments(13), keepLast: 7 }),
    ]),
  },
  {
    name: 'discontinuity-in-block',
    fragmentsPerSegment: 2,
    versions: [4],
    // The reconnect before sequence 3 cuts block 1 after sequence 2; 3 opens group 2 with 4 and 5.
    presentation: testPresentation([
      testRendition({ ...video, segments: videoSegments(8, { 3: { duration: seconds(2), ...reconnect } }) }),
      testRendition({
        ...audio,
        segments: audioSegments(8, { 3: { duration: AUDIO_SEGMENT, ...reconnect } }),
      }),
    ]),
  },
  {
    name: 'two-discontinuities-in-block',
    fragmentsPerSegment: 3,
    versions: [4],
    // Reconnects before sequences 4 and 5: the run of sequence 4 is left out, the count steps by two.
    presentation: testPresentation([
      testRendition({
        ...video,
        segments: videoSegments(9, {
          4: { duration: seconds(2), ...reconnect },
          5: { duration: seconds(2), ...reconnect },
        }),
      }),
      testRendition({
        ...audio,
        segments: audioSegments(9, {
          4: { duration: AUDIO_SEGMENT, ...reconnect },
          5: { duration: AUDIO_SEGMENT, ...reconnect },
        }),
      }),
    ]),
  },
  {
    name: 'waiting-for-audio',
    fragmentsPerSegment: 1,
    versions: [4],
    // Audio is two segments behind: the last two video segments wait for it.
    presentation: testPresentation([
      testRendition({ ...video, segments: videoSegments(5) }),
      testRendition({ ...audio, segments: audioSegments(3) }),
    ]),
  },
  {
    name: 'ended',
    fragmentsPerSegment: 3,
    versions: [4, 3],
    presentation: testPresentation([
      testRendition({ ...video, segments: [...videoSegments(6), { duration: seconds(1.2) }], ended: true }),
      testRendition({ ...audio, segments: [...audioSegments(6), { duration: 57 * 1024 }], ended: true }),
    ]),
  },
  {
    name: 'multi-bitrate',
    fragmentsPerSegment: 1,
    versions: [4, 3],
    // An AV1 rendition and an Opus rendition TS cannot carry are left out; the first AAC rendition is muxed.
    presentation: testPresentation([
      testRendition({
        id: 'video_2500000',
        kind: 'video',
        frameRate: 30,
        segments: videoSegments(3, { 0: { duration: seconds(2), bitrate: 2_500_000 } }),
      }),
      testRendition({
        id: 'video_800000',
        kind: 'video',
        width: 640,
        height: 360,
        frameRate: 30,
        segments: atBitrate(3, 800_000),
      }),
      testRendition({
        id: 'video_av1',
        kind: 'video',
        codecString: 'av01.0.08M.08',
        segments: videoSegments(3),
      }),
      testRendition({ id: 'audio_opus', kind: 'audio', codecString: 'opus', segments: audioSegments(3) }),
      testRendition({ id: 'audio_en', kind: 'audio', language: 'en', segments: audioSegments(3) }),
      testRendition({ id: 'audio_de', kind: 'audio', language: 'de', segments: audioSegments(3) }),
    ]),
  },
  {
    name: 'hevc-video-only',
    fragmentsPerSegment: 2,
    versions: [4],
    presentation: testPresentation([
      testRendition({
        ...video,
        codecString: 'hvc1.1.6.L120.90',
        width: 1920,
        height: 1080,
        frameRate: 25,
        segments: videoSegments(4),
      }),
    ]),
  },
  {
    name: 'audio-only',
    fragmentsPerSegment: 2,
    versions: [4],
    presentation: testPresentation([
      testRendition({ id: 'audio_en', kind: 'audio', language: 'en', segments: audioSegments(5) }),
      testRendition({
        id: 'audio_he',
        kind: 'audio',
        codecString: 'mp4a.40.5',
        timescale: 44_100,
        sampleRate: 44_100,
        segments: Array.from({ length: 5 }, () => ({ duration: 44 * 2048, bitrate: 48_000 })),
      }),
    ]),
  },
];
