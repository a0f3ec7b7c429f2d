import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { childElements, parseXmlTree } from '../test-support/xml-tree.js';
import { buildSmoothManifest } from './smooth-manifest.js';
import { smoothPresentation } from './smooth-presentation.js';
import { slidingCodecs, slidingPresentation, smoothCases } from './test-support/smooth-cases.js';

/** Golden manifests live in `testdata/`; `UPDATE_GOLDEN=1` rewrites them (review the diff before keeping it). */
function expectGolden(file: string, actual: string): void {
  const url = new URL(`./testdata/${file}`, import.meta.url);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    writeFileSync(url, actual);
  }
  expect(actual).toBe(readFileSync(url, 'utf8'));
}

describe('Smooth golden manifests', () => {
  for (const { name, presentation, codecs } of smoothCases) {
    it(name, () => {
      const text = buildSmoothManifest(presentation, codecs);
      parseXmlTree(text); // well-formed
      expectGolden(`${name}.ismc`, text);
    });
  }
});

describe('a sliding live window', () => {
  const before = smoothPresentation(slidingPresentation(0), slidingCodecs);
  const after = smoothPresentation(slidingPresentation(3), slidingCodecs);
  const levels = (p: typeof before) =>
    p.streams.map((s) => [s.name, s.qualityLevels.map((q) => [q.renditionId, q.bitrate])]);

  it('keeps stream names and bitrates while the measured peaks move', () => {
    expect(levels(after)).toEqual(levels(before));
    expect(levels(before)).toEqual([
      [
        'video',
        [
          ['video', 2_400_000],
          ['video_low', 790_000],
        ],
      ],
      ['audio', [['audio', 130_000]]],
      ['audio_fr', [['audio_fr', 130_000]]],
    ]);
  });

  it('moves the fragment list by the slid segments', () => {
    const times = (p: typeof before) => p.streams[0]?.fragments.map((c) => c.time);
    expect(times(before)).toEqual([0, 180_000, 360_000]);
    expect(times(after)).toEqual([360_000, 540_000, 720_000, 900_000]);
  });
});

describe('manifest attributes', () => {
  it('writes a live root with the DVR window in the manifest TimeScale', () => {
    const root = parseXmlTree(buildSmoothManifest(slidingPresentation(0), slidingCodecs));
    expect(root.attributes).toEqual({
      MajorVersion: '2',
      MinorVersion: '2',
      TimeScale: '10000000',
      Duration: '0',
      IsLive: 'TRUE',
      LookAheadFragmentCount: '2',
      DVRWindowLength: String(6 * 10_000_000),
      CanSeek: 'TRUE',
      CanPause: 'TRUE',
    });
    expect(childElements(root, 'StreamIndex').map((s) => s.attributes['Name'])).toEqual([
      'video',
      'audio',
      'audio_fr',
    ]);
  });
});
