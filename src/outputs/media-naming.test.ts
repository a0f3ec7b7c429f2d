import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalSeconds, decimalText } from './decimal-seconds.js';
import { defaultMediaNaming, fillTemplate, parseMediaPath, type MediaPath } from './media-naming.js';

describe('MediaNaming', () => {
  const table: { path: string; parsed: MediaPath | undefined }[] = [
    { path: 'video/init-2.mp4', parsed: { kind: 'init', renditionId: 'video', initVersion: 2 } },
    { path: 'video/15.m4s', parsed: { kind: 'segment', renditionId: 'video', sequence: 15 } },
    { path: 'video/15.3.m4s', parsed: { kind: 'part', renditionId: 'video', sequence: 15, part: 3 } },
    { path: 'audio_128000/index.m3u8', parsed: { kind: 'media-playlist', renditionId: 'audio_128000' } },
    { path: 'video/x.m4s', parsed: undefined },
    { path: 'video/15.m4s.bak', parsed: undefined },
    { path: 'a/b/15.m4s', parsed: undefined },
  ];
  for (const { path, parsed } of table) {
    it(`reads ${path}`, () => {
      expect(parseMediaPath(path)).toEqual(parsed);
    });
  }

  it('reads back every name it writes (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
        fc.nat(1e12),
        fc.nat(50),
        (rendition, sequence, part) => {
          expect(
            parseMediaPath(fillTemplate(defaultMediaNaming.part, { rendition, sequence, part })),
          ).toEqual({
            kind: 'part',
            renditionId: rendition,
            sequence,
            part,
          });
          expect(parseMediaPath(fillTemplate(defaultMediaNaming.segment, { rendition, sequence }))).toEqual({
            kind: 'segment',
            renditionId: rendition,
            sequence,
          });
        },
      ),
      { numRuns: 200, seed: 42 },
    );
  });

  it('reads paths of other templates, with regex characters taken literally', () => {
    const naming = { ...defaultMediaNaming, segment: 'seg(+){rendition}-{sequence}.m4s' };
    expect(parseMediaPath('seg(+)v-7.m4s', naming)).toEqual({
      kind: 'segment',
      renditionId: 'v',
      sequence: 7,
    });
    expect(parseMediaPath('segv-7.m4s', naming)).toBeUndefined();
  });
});

describe('decimal seconds', () => {
  const table: [number, number, string][] = [
    [180_000, 90_000, '2.000'],
    [180_180, 90_000, '2.002'],
    [96_256, 48_000, '2.005333'],
    [1, 90_000, '0.000011'],
    [0, 1000, '0.000'],
    [540_540, 90_000, '6.006'],
  ];
  for (const [ticks, timescale, text] of table) {
    it(`${ticks}/${timescale} → ${text}`, () => {
      expect(decimalSeconds(ticks, timescale)).toBe(text);
    });
  }
  it('prints values in seconds with at least three decimals', () => {
    expect(decimalText(0.5)).toBe('0.500');
    expect(decimalText(0.1 * 3)).toBe('0.300');
    expect(decimalText(1.00002)).toBe('1.00002');
  });
});
