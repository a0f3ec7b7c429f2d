import { MediaFormatError } from '../../../lib/media-format-error.js';
import type { FileBrands } from '../boxes/ftyp.js';
import type { Hdlr } from '../boxes/hdlr.js';
import type { Mdhd } from '../boxes/mdhd.js';
import type { Mvhd } from '../boxes/mvhd.js';
import type { Tkhd } from '../boxes/tkhd.js';
import type { Trex } from '../boxes/trex.js';
import {
  type BoxRange,
  childBoxes,
  findBox,
  payloadReader,
  readBoxRanges,
  readFullBoxHeader,
  requireBox,
} from './box-range.js';
import { parseBrands } from './movie-fragment-box-parsers.js';
import { parseHdlr, parseMdhd, parseMvhd, parseTkhd, parseTrex } from './movie-box-parsers.js';

/** `InitTrackInfo` is one `trak` of an init segment as read. */
export interface InitTrackInfo {
  readonly tkhd: Tkhd;
  readonly mdhd: Mdhd;
  readonly hdlr: Hdlr;
  /** The media header box in `minf`: `vmhd`, `smhd`, another type, or undefined. */
  readonly mediaHeader: string | undefined;
  /** The `url ` entry flags of `dref` (1: media in this file), or undefined without one. */
  readonly dataReferenceFlags: number | undefined;
  /** The `stsd` sample entries, as views of the input. */
  readonly sampleEntries: readonly Uint8Array[];
  /** Entry counts of `stts`, `stsc`, `stsz` (sample_count) and `stco`; all 0 in a fragmented track. */
  readonly sampleTableCounts: readonly number[];
}

/** `InitSegmentInfo` is an init segment (`ftyp` + `moov`) as read by `readInitSegment`. */
export interface InitSegmentInfo {
  readonly brands: FileBrands | undefined;
  readonly mvhd: Mvhd;
  readonly tracks: readonly InitTrackInfo[];
  /** The `trex` boxes of `mvex`; empty when the movie is not fragmented. */
  readonly trex: readonly Trex[];
}

/**
 * `readInitSegment` reads an init segment: `ftyp` (optional) and `moov` with `mvhd`, each `trak`
 * (`tkhd`, `mdia`/`mdhd`, `hdlr`, `minf`/`stbl`/`stsd`) and `mvex`/`trex`. It reads a fixed set of
 * box paths, so its work is bounded by the input size. Throws `MediaFormatError` on malformed input.
 */
export function readInitSegment(bytes: Uint8Array): InitSegmentInfo {
  const top = readBoxRanges(bytes);
  const ftyp = findBox(top, 'ftyp');
  const moov = requireBox(top, 'moov', undefined);
  const moovChildren = childBoxes(bytes, moov);
  const mvhd = parseMvhd(bytes, requireBox(moovChildren, 'mvhd', moov));
  const tracks = moovChildren.filter((b) => b.type === 'trak').map((trak) => readTrak(bytes, trak));
  const mvex = findBox(moovChildren, 'mvex');
  const trex =
    mvex === undefined
      ? []
      : childBoxes(bytes, mvex)
          .filter((b) => b.type === 'trex')
          .map((b) => parseTrex(bytes, b));
  return { brands: ftyp && parseBrands(bytes, ftyp), mvhd, tracks, trex };
}

function readTrak(bytes: Uint8Array, trak: BoxRange): InitTrackInfo {
  const trakChildren = childBoxes(bytes, trak);
  const tkhd = parseTkhd(bytes, requireBox(trakChildren, 'tkhd', trak));
  const mdia = requireBox(trakChildren, 'mdia', trak);
  const mdiaChildren = childBoxes(bytes, mdia);
  const mdhd = parseMdhd(bytes, requireBox(mdiaChildren, 'mdhd', mdia));
  const hdlr = parseHdlr(bytes, requireBox(mdiaChildren, 'hdlr', mdia));
  const minf = requireBox(mdiaChildren, 'minf', mdia);
  const minfChildren = childBoxes(bytes, minf);
  const mediaHeader = minfChildren.find((b) => b.type.endsWith('mhd'))?.type;
  const stbl = requireBox(minfChildren, 'stbl', minf);
  const stblChildren = childBoxes(bytes, stbl);
  const stsd = requireBox(stblChildren, 'stsd', stbl);
  const r = payloadReader(bytes, stsd);
  readFullBoxHeader(r, stsd, 0);
  const entryCount = r.u32('stsd entry_count');
  const entries = readBoxRanges(bytes, r.position, stsd.end);
  if (entries.length !== entryCount) {
    throw new MediaFormatError(
      'fmp4-bad-count',
      `stsd at offset ${stsd.start} claims ${entryCount} entries but holds ${entries.length}`,
      stsd.start,
    );
  }
  const sampleTableCounts = ['stts', 'stsc', 'stsz', 'stco'].map((type) => {
    const b = requireBox(stblChildren, type, stbl);
    const tr = payloadReader(bytes, b);
    readFullBoxHeader(tr, b, 0);
    if (type === 'stsz') {
      tr.skip(4, 'stsz sample_size');
    }
    return tr.u32(`${type} count`);
  });
  return {
    tkhd,
    mdhd,
    hdlr,
    mediaHeader,
    dataReferenceFlags: readDataReferenceFlags(bytes, minfChildren),
    sampleEntries: entries.map((e) => bytes.subarray(e.start, e.end)),
    sampleTableCounts,
  };
}

function readDataReferenceFlags(bytes: Uint8Array, minfChildren: readonly BoxRange[]): number | undefined {
  const dinf = findBox(minfChildren, 'dinf');
  const dref = dinf && findBox(childBoxes(bytes, dinf), 'dref');
  if (dref === undefined) {
    return undefined;
  }
  const url = findBox(childBoxes(bytes, dref, 8), 'url ');
  if (url === undefined) {
    return undefined;
  }
  return readFullBoxHeader(payloadReader(bytes, url), url, 0).flags;
}
