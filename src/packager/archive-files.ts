import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from '../lib/fs/atomic-write.js';
import { CorruptFileError } from '../lib/fs/corrupt-file-error.js';
import type { TrackKind } from '../media/track.js';
import { wallClockAnchor, type RenditionConfiguration, type Segment } from './rendition-window.js';

/*
 * The files of an archive directory (`<dataDir>/assets/<container>/`) besides the media (`segmentKey`,
 * `initKey`): this module is the one place that names, writes and reads them.
 */

/** `ARCHIVE_INDEX_FILE` is the index of an archive directory. */
const ARCHIVE_INDEX_FILE = 'index.json';
/** `ASSET_MANIFEST_FILE` says how the live output that recorded the archive named and packed it. */
const ASSET_MANIFEST_FILE = 'asset.json';
/** `format` and `version` of the index: a reader refuses any other. */
const FORMAT = 'inlet-archive';
const VERSION = 1;

/** `ArchiveRenditionRecord` is one rendition of an archive as its index describes it. */
export interface ArchiveRenditionRecord {
  readonly id: string;
  readonly kind: TrackKind;
  readonly timescale: number;
  /** Facts of the current configuration (`RenditionWindow` fields). */
  readonly codecString: string;
  readonly width?: number;
  readonly height?: number;
  readonly frameRate?: number;
  readonly sampleRate?: number;
  readonly channelCount?: number;
  readonly language?: string;
  readonly initVersion: number;
  readonly targetDuration: number;
  /** One entry per init version stored in the archive. */
  readonly configurations: readonly RenditionConfiguration[];
  /** Stored segments, oldest first; each as one part (archives are not low latency). */
  readonly segments: readonly Segment[];
}

/** `ArchiveIndex` is the content of `index.json`. */
export interface ArchiveIndex {
  /** `finish()` ran: the archive is a VOD presentation that will not change. */
  readonly ended: boolean;
  /** Wall-clock ms the archive began. */
  readonly availabilityStartTime: number;
  /** Wall-clock ms of the last change. */
  readonly updated: number;
  /** The sliding window the writer kept, ms. */
  readonly windowMs: number;
  readonly renditions: readonly ArchiveRenditionRecord[];
}

/**
 * A segment row: [sequence, discontinuity (0/1), discontinuitySequence, initVersion, startTime, duration,
 * programDateTime, anchor programDateTime, anchor startTime, byteLength, anchor compositionOffset]. Rows
 * keep a 25-hour index of 2 s segments to a few MB. Rows of 10 numbers (written before the anchor's
 * composition offset was kept) read with an offset of 0.
 */
type SegmentRow = readonly number[];
const ROW_LENGTHS: readonly number[] = [10, 11];

function rowOf(s: Segment): SegmentRow {
  const anchor = s.wallClockAnchor ?? { programDateTime: s.programDateTime, startTime: s.startTime };
  return [
    s.sequence,
    s.discontinuity ? 1 : 0,
    s.discontinuitySequence,
    s.initVersion,
    s.startTime,
    s.duration,
    s.programDateTime,
    anchor.programDateTime,
    anchor.startTime,
    s.byteLength,
    anchor.compositionOffset ?? 0,
  ];
}

function segmentOf(row: readonly number[], timescale: number): Segment {
  const [
    sequence,
    discontinuity,
    discontinuitySequence,
    initVersion,
    startTime,
    duration,
    pdt,
    anchorPdt,
    anchorStart,
    byteLength,
    compositionOffset = 0,
  ] = row as [number, number, number, number, number, number, number, number, number, number, number?];
  return {
    sequence,
    discontinuity: discontinuity === 1,
    discontinuitySequence,
    initVersion,
    startTime,
    duration,
    programDateTime: pdt,
    wallClockAnchor: wallClockAnchor(anchorPdt, anchorStart, compositionOffset),
    parts: [{ index: 0, duration, independent: true, byteLength }],
    byteLength,
    bitrate: (byteLength * 8 * timescale) / duration,
  };
}

/** `encodeArchiveIndex` is the JSON text of an index (one rendition or segment row per line). */
export function encodeArchiveIndex(index: ArchiveIndex): string {
  const renditions = index.renditions.map((r) => {
    const { segments, ...facts } = r;
    const rows = segments.map((s) => `      ${JSON.stringify(rowOf(s))}`).join(',\n');
    const head = JSON.stringify(facts).slice(0, -1);
    return `    ${head},"segments":[\n${rows}\n    ]}`;
  });
  const { renditions: _r, ...top } = index;
  const head = JSON.stringify({ format: FORMAT, version: VERSION, ...top }).slice(0, -1);
  return `${head},"renditions":[\n${renditions.join(',\n')}\n]}\n`;
}

/** Field checks that name the offending path, for `CorruptFileError`. */
class IndexReader {
  constructor(readonly path: string) {}

  fail(where: string, what: string): never {
    throw new CorruptFileError({ path: this.path, reason: `archive index: ${where} ${what}` });
  }

  object(value: unknown, where: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(where, 'is not an object');
    }
    return value as Record<string, unknown>;
  }

  number(value: unknown, where: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(where, `is ${JSON.stringify(value)}, expected a number`);
    }
    return value;
  }

  string(value: unknown, where: string): string {
    if (typeof value !== 'string') {
      this.fail(where, `is ${JSON.stringify(value)}, expected a string`);
    }
    return value;
  }

  array(value: unknown, where: string): unknown[] {
    if (!Array.isArray(value)) {
      this.fail(where, 'is not an array');
    }
    return value;
  }

  optionalNumbers<K extends string>(
    o: Record<string, unknown>,
    keys: readonly K[],
    where: string,
  ): Partial<Record<K, number>> {
    const out: Partial<Record<K, number>> = {};
    for (const key of keys) {
      if (o[key] !== undefined) {
        out[key] = this.number(o[key], `${where}.${key}`);
      }
    }
    return out;
  }
}

const MEDIA_FACTS = ['width', 'height', 'frameRate', 'sampleRate', 'channelCount'] as const;

/**
 * `decodeArchiveIndex` checks and reads a parsed `index.json`. Anything that is not a complete index of
 * this format (a torn or hand-edited file) throws `CorruptFileError` naming the first bad field; the file
 * is never changed here.
 */
export function decodeArchiveIndex(value: unknown, path: string): ArchiveIndex {
  const r: IndexReader = new IndexReader(path);
  const top = r.object(value, 'the file');
  if (top['format'] !== FORMAT || top['version'] !== VERSION) {
    r.fail(
      'format',
      `is ${JSON.stringify(top['format'])} version ${JSON.stringify(top['version'])}, expected ${FORMAT} version ${VERSION}`,
    );
  }
  if (typeof top['ended'] !== 'boolean') {
    r.fail('ended', 'is not a boolean');
  }
  const renditions = r.array(top['renditions'], 'renditions').map((value, i): ArchiveRenditionRecord => {
    const where = `renditions[${i}]`;
    const o = r.object(value, where);
    const kind = r.string(o['kind'], `${where}.kind`);
    if (kind !== 'video' && kind !== 'audio') {
      r.fail(`${where}.kind`, `is ${kind}, expected video or audio`);
    }
    const timescale = r.number(o['timescale'], `${where}.timescale`);
    const configurations = r.array(o['configurations'], `${where}.configurations`).map((c, j) => {
      const cw = `${where}.configurations[${j}]`;
      const co = r.object(c, cw);
      return {
        initVersion: r.number(co['initVersion'], `${cw}.initVersion`),
        codecString: r.string(co['codecString'], `${cw}.codecString`),
        ...r.optionalNumbers(co, MEDIA_FACTS, cw),
      };
    });
    const segments = r.array(o['segments'], `${where}.segments`).map((row, j) => {
      const cells = r.array(row, `${where}.segments[${j}]`);
      if (
        !ROW_LENGTHS.includes(cells.length) ||
        cells.some((c) => typeof c !== 'number' || !Number.isFinite(c))
      ) {
        r.fail(`${where}.segments[${j}]`, `is not ${ROW_LENGTHS.join(' or ')} numbers`);
      }
      return segmentOf(cells as number[], timescale);
    });
    const language = o['language'] === undefined ? undefined : r.string(o['language'], `${where}.language`);
    return {
      id: r.string(o['id'], `${where}.id`),
      kind,
      timescale,
      codecString: r.string(o['codecString'], `${where}.codecString`),
      ...r.optionalNumbers(o, MEDIA_FACTS, where),
      ...(language === undefined ? {} : { language }),
      initVersion: r.number(o['initVersion'], `${where}.initVersion`),
      targetDuration: r.number(o['targetDuration'], `${where}.targetDuration`),
      configurations,
      segments,
    };
  });
  return {
    ended: top['ended'] as boolean,
    availabilityStartTime: r.number(top['availabilityStartTime'], 'availabilityStartTime'),
    updated: r.number(top['updated'], 'updated'),
    windowMs: r.number(top['windowMs'], 'windowMs'),
    renditions,
  };
}

/**
 * `readArchiveIndex` reads `<dir>/index.json`. Rejects with the `ENOENT` error when there is none, and
 * with `CorruptFileError` when it is torn or not an archive index (the file is left as it is).
 */
export async function readArchiveIndex(dir: string): Promise<ArchiveIndex> {
  const path = join(dir, ARCHIVE_INDEX_FILE);
  return decodeArchiveIndex(await readJsonFile(path), path);
}

/** `writeArchiveIndex` replaces `<dir>/index.json` (atomic write). */
export async function writeArchiveIndex(dir: string, index: ArchiveIndex): Promise<void> {
  await writeFileAtomic(join(dir, ARCHIVE_INDEX_FILE), encodeArchiveIndex(index));
}

/** `hasArchiveIndex` is true when `dir` holds an archive index (readable or not). */
export function hasArchiveIndex(dir: string): boolean {
  return existsSync(join(dir, ARCHIVE_INDEX_FILE));
}

/** `archiveEnded` is true when `dir` holds a readable index of a finished archive; false otherwise. */
export async function archiveEnded(dir: string): Promise<boolean> {
  try {
    return (await readArchiveIndex(dir)).ended;
  } catch {
    return false;
  }
}

/**
 * `archiveStartTime` is the `availabilityStartTime` of the index in `dir` as a `Date`, read loosely (any
 * JSON object with a numeric `availabilityStartTime` that is a valid time, as an adopted directory may
 * hold); `undefined` when there is none.
 */
export async function archiveStartTime(dir: string): Promise<Date | undefined> {
  try {
    const index = (await readJsonFile(join(dir, ARCHIVE_INDEX_FILE))) as { availabilityStartTime?: unknown };
    const start = index.availabilityStartTime;
    const date = typeof start === 'number' ? new Date(start) : undefined;
    return date === undefined || Number.isNaN(date.getTime()) ? undefined : date;
  } catch {
    return undefined;
  }
}

/** `AssetManifest` is the content of `asset.json`: how the live output recording an archive serves it. */
export interface AssetManifest {
  /** The live output's `manifestName`: the archive is served as `<manifestName>.m3u8`, `.mpd`, `.ism`. */
  readonly manifestName: string;
  /** The live output's `hls.fragmentsPerTsSegment`, `null` when it set none (the key is left out). */
  readonly fragmentsPerTsSegment: number | null;
}

/** What an archive without a readable `asset.json` is served as. */
const DEFAULT_ASSET_MANIFEST: AssetManifest = { manifestName: 'manifest', fragmentsPerTsSegment: null };

/** `encodeAssetManifest` is the JSON text of `asset.json`. */
export function encodeAssetManifest(manifest: AssetManifest): string {
  const { manifestName, fragmentsPerTsSegment } = manifest;
  return JSON.stringify({
    manifestName,
    ...(fragmentsPerTsSegment === null ? {} : { fragmentsPerTsSegment }),
  });
}

/**
 * `decodeAssetManifest` reads a parsed `asset.json`. The file is informative: a field that is missing or
 * of the wrong type takes its default (`manifest`, no TS packing); it never throws.
 */
export function decodeAssetManifest(value: unknown): AssetManifest {
  const o = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const { manifestName, fragmentsPerTsSegment } = o;
  return {
    manifestName: typeof manifestName === 'string' ? manifestName : DEFAULT_ASSET_MANIFEST.manifestName,
    fragmentsPerTsSegment:
      typeof fragmentsPerTsSegment === 'number' && Number.isSafeInteger(fragmentsPerTsSegment)
        ? fragmentsPerTsSegment
        : DEFAULT_ASSET_MANIFEST.fragmentsPerTsSegment,
  };
}

/** `writeAssetManifest` writes `<dir>/asset.json` (a plain write), creating `dir` when missing. */
export async function writeAssetManifest(dir: string, manifest: AssetManifest): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, ASSET_MANIFEST_FILE), encodeAssetManifest(manifest));
}

/** `readAssetManifest` reads `<dir>/asset.json`; the defaults when it is missing or unreadable. */
export async function readAssetManifest(dir: string): Promise<AssetManifest> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(join(dir, ASSET_MANIFEST_FILE), 'utf8'));
  } catch {
    return DEFAULT_ASSET_MANIFEST;
  }
  return decodeAssetManifest(value);
}
