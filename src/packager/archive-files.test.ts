import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CorruptFileError } from '../lib/fs/corrupt-file-error.js';
import {
  type ArchiveIndex,
  archiveEnded,
  archiveStartTime,
  decodeArchiveIndex,
  decodeAssetManifest,
  encodeArchiveIndex,
  encodeAssetManifest,
  hasArchiveIndex,
  readArchiveIndex,
  readAssetManifest,
  writeArchiveIndex,
  writeAssetManifest,
} from './archive-files.js';
import type { Segment } from './rendition-window.js';

const segment = (sequence: number, startTime: number, extra: Partial<Segment> = {}): Segment => ({
  sequence,
  discontinuity: false,
  discontinuitySequence: 0,
  initVersion: 0,
  startTime,
  duration: 180_000,
  programDateTime: 1_704_110_400_000 + startTime / 90,
  wallClockAnchor: { programDateTime: 1_704_110_400_000, startTime: 0 },
  parts: [{ index: 0, duration: 180_000, independent: true, byteLength: 750_000 }],
  byteLength: 750_000,
  bitrate: 3_000_000,
  ...extra,
});

const EMPTY_TEXT = `{"format":"inlet-archive","version":1,"ended":false,"availabilityStartTime":0,"updated":0,"windowMs":60000,"renditions":[

]}
`;

const ONE_TEXT = `{"format":"inlet-archive","version":1,"ended":true,"availabilityStartTime":1704110400000,"updated":1704110404000,"windowMs":3600000,"renditions":[
    {"id":"cam1-video","kind":"video","timescale":90000,"codecString":"avc1.64001f","width":1280,"height":720,"frameRate":30,"initVersion":1,"targetDuration":2,"configurations":[{"initVersion":0,"codecString":"avc1.64001f","width":1280,"height":720},{"initVersion":1,"codecString":"avc1.640028","width":1920,"height":1080}],"segments":[
      [0,0,0,0,0,180000,1704110400000,1704110400000,0,750000,0],
      [1,1,1,1,540000,180000,1704110406000,1704110406000,540000,750000,6000]
    ]}
]}
`;

/** One table drives decoding, byte-exact encoding and the property's seeds. */
const cases: { name: string; text: string; value: ArchiveIndex }[] = [
  {
    name: 'no renditions yet',
    text: EMPTY_TEXT,
    value: { ended: false, availabilityStartTime: 0, updated: 0, windowMs: 60_000, renditions: [] },
  },
  {
    name: 'a finished video rendition across a codec change',
    text: ONE_TEXT,
    value: {
      ended: true,
      availabilityStartTime: 1_704_110_400_000,
      updated: 1_704_110_404_000,
      windowMs: 3_600_000,
      renditions: [
        {
          id: 'cam1-video',
          kind: 'video',
          timescale: 90_000,
          codecString: 'avc1.64001f',
          width: 1280,
          height: 720,
          frameRate: 30,
          initVersion: 1,
          targetDuration: 2,
          configurations: [
            { initVersion: 0, codecString: 'avc1.64001f', width: 1280, height: 720 },
            { initVersion: 1, codecString: 'avc1.640028', width: 1920, height: 1080 },
          ],
          segments: [
            segment(0, 0),
            segment(1, 540_000, {
              discontinuity: true,
              discontinuitySequence: 1,
              initVersion: 1,
              programDateTime: 1_704_110_406_000,
              wallClockAnchor: {
                programDateTime: 1_704_110_406_000,
                startTime: 540_000,
                compositionOffset: 6000,
              },
            }),
          ],
        },
      ],
    },
  },
];

const corrupt: { name: string; value: unknown; reason: RegExp }[] = [
  { name: 'not an object', value: [], reason: /the file is not an object/ },
  { name: 'another format', value: { format: 'x', version: 1 }, reason: /format is "x" version 1/ },
  {
    name: 'a short segment row',
    value: {
      ...JSON.parse(ONE_TEXT),
      renditions: [{ ...JSON.parse(ONE_TEXT).renditions[0], segments: [[0, 0]] }],
    },
    reason: /renditions\[0\]\.segments\[0\] is not 10 or 11 numbers/,
  },
  {
    name: 'a rendition without a kind',
    value: { ...JSON.parse(ONE_TEXT), renditions: [{ id: 'a', timescale: 1 }] },
    reason: /renditions\[0\]\.kind is undefined, expected a string/,
  },
];

describe('archive index', () => {
  for (const c of cases) {
    it(`decodes: ${c.name}`, () => {
      expect(decodeArchiveIndex(JSON.parse(c.text), 'index.json')).toEqual(c.value);
    });
    it(`encodes byte-exact: ${c.name}`, () => {
      expect(encodeArchiveIndex(c.value)).toBe(c.text);
    });
  }

  for (const c of corrupt) {
    it(`reports a corrupt index: ${c.name}`, () => {
      expect(() => decodeArchiveIndex(c.value, '/a/index.json')).toThrow(CorruptFileError);
      expect(() => decodeArchiveIndex(c.value, '/a/index.json')).toThrow(c.reason);
    });
  }

  it('reads segment rows of 10 numbers (no composition offset) with the offset absent', () => {
    const old = ONE_TEXT.replace(',750000,0]', ',750000]').replace(',750000,6000]', ',750000]');
    const decoded = decodeArchiveIndex(JSON.parse(old), 'index.json');
    expect(decoded.renditions[0]?.segments.map((s) => s.wallClockAnchor)).toEqual([
      { programDateTime: 1_704_110_400_000, startTime: 0 },
      { programDateTime: 1_704_110_406_000, startTime: 540_000 },
    ]);
  });

  it('round-trips any index (property, seeded from the table)', () => {
    const seeds = cases.map((c) => c.value);
    const row = fc.record({
      duration: fc.integer({ min: 1, max: 10_000_000 }),
      start: fc.integer({ min: 0, max: 2 ** 40 }),
      discontinuity: fc.boolean(),
      bytes: fc.integer({ min: 1, max: 50_000_000 }),
    });
    const index = fc.record({
      ended: fc.boolean(),
      windowMs: fc.integer({ min: 1000, max: 90_000_000 }),
      rows: fc.array(row, { maxLength: 20 }),
      kind: fc.constantFrom<'video' | 'audio'>('video', 'audio'),
    });
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...seeds), index.map(fromArbitrary)), (value) => {
        expect(decodeArchiveIndex(JSON.parse(encodeArchiveIndex(value)), 'index.json')).toEqual(value);
      }),
      { numRuns: 200, seed: 20_240_101 },
    );
  });
});

describe('asset manifest', () => {
  const cases = [
    {
      name: 'with TS packing',
      text: '{"manifestName":"show","fragmentsPerTsSegment":3}',
      value: { manifestName: 'show', fragmentsPerTsSegment: 3 },
    },
    {
      name: 'without TS packing',
      text: '{"manifestName":"show"}',
      value: { manifestName: 'show', fragmentsPerTsSegment: null },
    },
  ];
  for (const c of cases) {
    it(`encodes and decodes: ${c.name}`, () => {
      expect(encodeAssetManifest(c.value)).toBe(c.text);
      expect(decodeAssetManifest(JSON.parse(c.text))).toEqual(c.value);
    });
  }

  const defaults = { manifestName: 'manifest', fragmentsPerTsSegment: null };
  const informative: { name: string; value: unknown; expected: object }[] = [
    { name: 'null', value: null, expected: defaults },
    { name: 'an array', value: [], expected: defaults },
    { name: 'a number name', value: { manifestName: 7 }, expected: defaults },
    {
      name: 'a fractional packing',
      value: { manifestName: 'm', fragmentsPerTsSegment: 1.5 },
      expected: { ...defaults, manifestName: 'm' },
    },
    { name: 'a string packing', value: { fragmentsPerTsSegment: '2' }, expected: defaults },
  ];
  for (const c of informative) {
    it(`takes the defaults for what is wrong: ${c.name}`, () => {
      expect(decodeAssetManifest(c.value)).toEqual(c.expected);
    });
  }
});

describe('archive directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'inlet-archive-files-'));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });
  const index = (ended: boolean): ArchiveIndex => ({
    ended,
    availabilityStartTime: 1,
    updated: 2,
    windowMs: 1000,
    renditions: [],
  });

  it('writes asset.json (creating the directory) and reads it back; defaults without one', async () => {
    const dir = join(root, 'manifest', 'asset');
    expect(await readAssetManifest(dir)).toEqual({ manifestName: 'manifest', fragmentsPerTsSegment: null });
    await writeAssetManifest(dir, { manifestName: 'show', fragmentsPerTsSegment: 2 });
    expect(readFileSync(join(dir, 'asset.json'), 'utf8')).toBe(
      '{"manifestName":"show","fragmentsPerTsSegment":2}',
    );
    expect(await readAssetManifest(dir)).toEqual({ manifestName: 'show', fragmentsPerTsSegment: 2 });
    writeFileSync(join(dir, 'asset.json'), '{"manifestName":');
    expect(await readAssetManifest(dir)).toEqual({ manifestName: 'manifest', fragmentsPerTsSegment: null });
  });

  it('reads index.json: ended only when a readable index says so', async () => {
    const dir = join(root, 'index');
    mkdirSync(dir);
    expect(hasArchiveIndex(dir)).toBe(false);
    expect(await archiveEnded(dir)).toBe(false);
    await expect(readArchiveIndex(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    writeFileSync(join(dir, 'index.json'), encodeArchiveIndex(index(false)));
    expect(hasArchiveIndex(dir)).toBe(true);
    expect(await archiveEnded(dir)).toBe(false);
    await writeArchiveIndex(dir, index(true));
    expect(readFileSync(join(dir, 'index.json'), 'utf8')).toBe(encodeArchiveIndex(index(true)));
    expect(await readArchiveIndex(dir)).toEqual(index(true));
    expect(await archiveEnded(dir)).toBe(true);
    writeFileSync(join(dir, 'index.json'), '{"ended":true}');
    expect(await archiveEnded(dir)).toBe(false);
    await expect(readArchiveIndex(dir)).rejects.toThrow(CorruptFileError);
  });

  it('reads the start time of any index loosely, undefined without a valid one', async () => {
    const dir = join(root, 'start');
    mkdirSync(dir);
    expect(await archiveStartTime(dir)).toBeUndefined();
    const cases: [string, Date | undefined][] = [
      ['{"availabilityStartTime":1704067200000}', new Date(1_704_067_200_000)],
      ['{"availabilityStartTime":1e20}', undefined],
      ['{"availabilityStartTime":"1704067200000"}', undefined],
      ['null', undefined],
    ];
    for (const [text, expected] of cases) {
      writeFileSync(join(dir, 'index.json'), text);
      expect(await archiveStartTime(dir)).toEqual(expected);
    }
  });
});

function fromArbitrary(a: {
  ended: boolean;
  windowMs: number;
  rows: { duration: number; start: number; discontinuity: boolean; bytes: number }[];
  kind: 'video' | 'audio';
}): ArchiveIndex {
  const timescale = a.kind === 'video' ? 90_000 : 48_000;
  let ds = 0;
  const segments = a.rows.map((r, i) => {
    ds += r.discontinuity && i > 0 ? 1 : 0;
    return {
      ...segment(i, r.start, {
        duration: r.duration,
        discontinuity: r.discontinuity && i > 0,
        discontinuitySequence: ds,
        byteLength: r.bytes,
        bitrate: (r.bytes * 8 * timescale) / r.duration,
        parts: [{ index: 0, duration: r.duration, independent: true, byteLength: r.bytes }],
      }),
    };
  });
  return {
    ended: a.ended,
    availabilityStartTime: 1,
    updated: 2,
    windowMs: a.windowMs,
    renditions: [
      {
        id: a.kind,
        kind: a.kind,
        timescale,
        codecString: a.kind === 'video' ? 'avc1.64001f' : 'mp4a.40.2',
        initVersion: 0,
        targetDuration: 2,
        configurations: [{ initVersion: 0, codecString: 'x' }],
        segments,
      },
    ],
  };
}
