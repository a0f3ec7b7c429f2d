import { describe, expect, it } from 'vitest';
import { parseSmoothFragmentPath, smoothFragmentUrlTemplate } from './smooth-path.js';

describe('parseSmoothFragmentPath', () => {
  it.each([
    [
      'QualityLevels(2400000)/Fragments(video=900000)',
      { kind: 'fragment', bitrate: 2_400_000, streamName: 'video', time: 900_000 },
    ],
    [
      'qualitylevels(130000)/fragments(AUDIO=0)',
      { kind: 'fragment', bitrate: 130_000, streamName: 'AUDIO', time: 0 },
    ],
    [
      'QUALITYLEVELS(1)/FRAGMENTS(audio_fr=96000)',
      { kind: 'fragment', bitrate: 1, streamName: 'audio_fr', time: 96_000 },
    ],
    [
      'QualityLevels(2400000)/FragmentInfo(video=180000)',
      { kind: 'fragment-info', bitrate: 2_400_000, streamName: 'video', time: 180_000 },
    ],
    [
      'QualityLevels(1)/Fragments(audio_zh-Hant.2=9007199254740991)',
      { kind: 'fragment', bitrate: 1, streamName: 'audio_zh-Hant.2', time: Number.MAX_SAFE_INTEGER },
    ],
    [
      'QualityLevels(0100)/Fragments(video=0090)',
      { kind: 'fragment', bitrate: 100, streamName: 'video', time: 90 },
    ],
  ])('reads %s', (path, want) => {
    expect(parseSmoothFragmentPath(path)).toEqual(want);
  });

  it.each([
    ['a leading slash', '/QualityLevels(1)/Fragments(video=0)'],
    ['a query', 'QualityLevels(1)/Fragments(video=0)?x=1'],
    ['a trailing slash', 'QualityLevels(1)/Fragments(video=0)/'],
    ['a prefix', 'x.ism/QualityLevels(1)/Fragments(video=0)'],
    ['a missing time', 'QualityLevels(1)/Fragments(video=)'],
    ['a missing name', 'QualityLevels(1)/Fragments(=0)'],
    ['a negative time', 'QualityLevels(1)/Fragments(video=-1)'],
    ['a fractional bitrate', 'QualityLevels(1.5)/Fragments(video=0)'],
    ['a time past 2^53 - 1', 'QualityLevels(1)/Fragments(video=9007199254740992)'],
    ['a time of 17 digits', 'QualityLevels(1)/Fragments(video=12345678901234567)'],
    ['a name with a slash', 'QualityLevels(1)/Fragments(a/b=0)'],
    ['a name with a space', 'QualityLevels(1)/Fragments(a b=0)'],
    ['a percent-encoded path', 'QualityLevels%281%29/Fragments%28video%3D0%29'],
    ['a template left unfilled', 'QualityLevels({bitrate})/Fragments(video={start time})'],
    ['the manifest', 'manifest'],
    ['a CMAF segment path', 'video/12.m4s'],
    ['KeyFrames (not served)', 'QualityLevels(1)/KeyFrames(video=0)'],
    ['an empty path', ''],
  ])('rejects %s', (_name, path) => {
    expect(parseSmoothFragmentPath(path)).toBeUndefined();
  });

  it('reads back what the Url template names once filled in', () => {
    const url = smoothFragmentUrlTemplate('audio_fr')
      .replace('{bitrate}', '130000')
      .replace('{start time}', '192000');
    expect(url).toBe('QualityLevels(130000)/Fragments(audio_fr=192000)');
    expect(parseSmoothFragmentPath(url)).toEqual({
      kind: 'fragment',
      bitrate: 130_000,
      streamName: 'audio_fr',
      time: 192_000,
    });
  });
});
