import type { Hdlr } from '../boxes/hdlr.js';
import { type Mdhd, unpackLanguage } from '../boxes/mdhd.js';
import type { Mvhd } from '../boxes/mvhd.js';
import type { Tkhd } from '../boxes/tkhd.js';
import type { Trex } from '../boxes/trex.js';
import { type BoxRange, payloadReader, readFourCc, readFullBoxHeader, readU64 } from './box-range.js';

/** `parseMvhd` reads a MovieHeaderBox (ISO/IEC 14496-12 §8.2.2), version 0 or 1. */
export function parseMvhd(bytes: Uint8Array, box: BoxRange): Mvhd {
  const r = payloadReader(bytes, box);
  const { version } = readFullBoxHeader(r, box, 1);
  r.skip(version === 1 ? 16 : 8, 'mvhd creation/modification time');
  const timescale = r.u32('mvhd timescale');
  const duration = version === 1 ? readU64(r, 'mvhd duration') : r.u32('mvhd duration');
  r.skip(4 + 2 + 10 + 36 + 24, 'mvhd rate..pre_defined');
  return { timescale, duration, nextTrackId: r.u32('mvhd next_track_ID') };
}

/** `parseTkhd` reads a TrackHeaderBox (§8.3.2), version 0 or 1; width/height are 16.16 values. */
export function parseTkhd(bytes: Uint8Array, box: BoxRange): Tkhd {
  const r = payloadReader(bytes, box);
  const { version, flags } = readFullBoxHeader(r, box, 1);
  r.skip(version === 1 ? 16 : 8, 'tkhd creation/modification time');
  const trackId = r.u32('tkhd track_ID');
  r.skip(4, 'tkhd reserved');
  const duration = version === 1 ? readU64(r, 'tkhd duration') : r.u32('tkhd duration');
  r.skip(8 + 2 + 2, 'tkhd reserved, layer, alternate_group');
  const volume = r.u16('tkhd volume');
  r.skip(2 + 36, 'tkhd reserved, matrix');
  const width = r.u32('tkhd width') / 0x1_0000;
  const height = r.u32('tkhd height') / 0x1_0000;
  return { trackId, flags, duration, volume, width, height };
}

/** `parseMdhd` reads a MediaHeaderBox (§8.4.2), version 0 or 1. */
export function parseMdhd(bytes: Uint8Array, box: BoxRange): Mdhd {
  const r = payloadReader(bytes, box);
  const { version } = readFullBoxHeader(r, box, 1);
  r.skip(version === 1 ? 16 : 8, 'mdhd creation/modification time');
  const timescale = r.u32('mdhd timescale');
  const duration = version === 1 ? readU64(r, 'mdhd duration') : r.u32('mdhd duration');
  return { timescale, duration, language: unpackLanguage(r.u16('mdhd language')) };
}

/** `parseHdlr` reads a HandlerBox (§8.4.3); the name ends at its NUL or at the end of the box. */
export function parseHdlr(bytes: Uint8Array, box: BoxRange): Hdlr {
  const r = payloadReader(bytes, box);
  readFullBoxHeader(r, box, 0);
  r.skip(4, 'hdlr pre_defined');
  const handlerType = readFourCc(r, 'hdlr handler_type');
  r.skip(12, 'hdlr reserved');
  const rest = r.rest();
  const nul = rest.indexOf(0);
  const name = new TextDecoder('latin1').decode(rest.subarray(0, nul === -1 ? rest.length : nul));
  return { handlerType, name };
}

/** `parseTrex` reads a TrackExtendsBox (§8.8.3). */
export function parseTrex(bytes: Uint8Array, box: BoxRange): Trex {
  const r = payloadReader(bytes, box);
  readFullBoxHeader(r, box, 0);
  return {
    trackId: r.u32('trex track_ID'),
    defaultSampleDescriptionIndex: r.u32('trex default_sample_description_index'),
    defaultSampleDuration: r.u32('trex default_sample_duration'),
    defaultSampleSize: r.u32('trex default_sample_size'),
    defaultSampleFlags: r.u32('trex default_sample_flags'),
  };
}
