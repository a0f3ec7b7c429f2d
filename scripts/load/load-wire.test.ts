import { describe, expect, it } from 'vitest';
import { FlvTagType } from '../../src/formats/flv/flv-file-reader.js';
import { ffmpegSendTimes } from './flv-loop.js';
import { parseTargets } from './load-generator.js';

const A = FlvTagType.audio;
const V = FlvTagType.video;

describe('ffmpegSendTimes', () => {
  it('sends a tag once the tag after the next one of the other track may be read', () => {
    // Video every 40 ms, audio every 20 ms, 80 ms loop: ffmpeg's muxer holds each packet until it has
    // read a later one of the other track, so sends come in runs, never before a tag's time.
    const media = [
      { type: V, time: 0 },
      { type: A, time: 0 },
      { type: A, time: 20 },
      { type: V, time: 40 },
      { type: A, time: 40 },
      { type: A, time: 60 },
    ];
    const at = ffmpegSendTimes(media, 80);
    expect(at).toHaveLength(media.length);
    at.forEach((t, i) => expect(t, `tag ${i}`).toBeGreaterThanOrEqual(media[i]!.time));
    for (let i = 1; i < at.length; i++) {
      expect(at[i]).toBeGreaterThanOrEqual(at[i - 1]!);
    }
    expect(new Set(at).size).toBeLessThan(at.length);
  });

  it('sends each tag of a single track when the one before it is due, across the loop join', () => {
    // The next loop's first tag is read when this loop's last one (66 ms) is due: 34 ms before the join.
    const media = [0, 33, 66].map((time) => ({ type: V, time }));
    expect(ffmpegSendTimes(media, 100)).toEqual([-34, 0, 33]);
  });
});

describe('parseTargets', () => {
  it('reads one URL and stream per entry', () => {
    const t = parseTargets(
      JSON.stringify([
        { url: 'rtmp://127.0.0.1:1935/live/a', stream: 's0' },
        { url: 'rtmp://127.0.0.1:1935/live/b', stream: 's0' },
      ]),
      10,
    );
    expect(t.map((x) => `${x.url}/${x.stream}`)).toEqual([
      'rtmp://127.0.0.1:1935/live/a/s0',
      'rtmp://127.0.0.1:1935/live/b/s0',
    ]);
  });

  it('says which entry is wrong', () => {
    expect(() => parseTargets('{}', 10)).toThrow(/non-empty JSON array/);
    expect(() => parseTargets(JSON.stringify([{ url: 'http://x/y', stream: 's' }]), 10)).toThrow(
      /targets\[0\]\.url/,
    );
    expect(() => parseTargets(JSON.stringify([{ url: 'rtmp://h:1/live/t', stream: 'a/b' }]), 10)).toThrow(
      /targets\[0\]\.stream/,
    );
    const twice = [
      { url: 'rtmp://h:1/live/t', stream: 's' },
      { url: 'rtmp://h:1/live/t/', stream: 's' },
    ];
    expect(() => parseTargets(JSON.stringify(twice), 10)).toThrow(/targets\[1\].*listed twice/);
    expect(() => parseTargets(JSON.stringify(twice), 1)).toThrow(/at most 1/);
  });
});
