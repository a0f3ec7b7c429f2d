import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { beginBox, endBox } from '../box.js';
import { writeDinf } from './dinf.js';
import { writeHdlr } from './hdlr.js';
import { writeMdhd } from './mdhd.js';
import { writeSmhd } from './smhd.js';
import { writeStbl } from './stbl.js';
import { TKHD_TRACK_ENABLED, TKHD_TRACK_IN_MOVIE, writeTkhd } from './tkhd.js';
import { writeVmhd } from './vmhd.js';

/** `TrakTrack` is what the `trak` of one fragmented track needs. */
export interface TrakTrack {
  readonly trackId: number;
  readonly kind: 'video' | 'audio';
  /** Ticks per second of the track's samples (`mdhd` timescale). */
  readonly timescale: number;
  /** The finished sample entry box (`avc1`+`avcC`, `hvc1`+`hvcC`, `mp4a`+`esds`, ...). */
  readonly sampleEntry: Uint8Array;
  /** Video presentation size in pixels (0 when unknown). */
  readonly width: number;
  readonly height: number;
  /** ISO 639-2/T language code. */
  readonly language: string;
}

/** Full volume (1.0 in 8.8 fixed point) for audio tracks; video tracks have volume 0 (§8.3.2.3). */
const AUDIO_VOLUME = 0x0100;

/**
 * `writeTrak` appends a TrackBox for a fragmented track (ISO/IEC 14496-12 §8.3.1): `tkhd` (enabled, in
 * movie, duration 0), `mdia` with `mdhd`, `hdlr` (`vide`/`soun`) and `minf` (`vmhd`/`smhd`, `dinf`,
 * `stbl` with the sample entry and empty sample tables).
 */
export function writeTrak(w: ByteWriter, track: TrakTrack): void {
  const video = track.kind === 'video';
  const trak = beginBox(w, 'trak');
  writeTkhd(w, {
    trackId: track.trackId,
    flags: TKHD_TRACK_ENABLED | TKHD_TRACK_IN_MOVIE,
    duration: 0,
    volume: video ? 0 : AUDIO_VOLUME,
    width: video ? track.width : 0,
    height: video ? track.height : 0,
  });
  const mdia = beginBox(w, 'mdia');
  writeMdhd(w, { timescale: track.timescale, duration: 0, language: track.language });
  writeHdlr(
    w,
    video ? { handlerType: 'vide', name: 'VideoHandler' } : { handlerType: 'soun', name: 'SoundHandler' },
  );
  const minf = beginBox(w, 'minf');
  if (video) {
    writeVmhd(w);
  } else {
    writeSmhd(w);
  }
  writeDinf(w);
  writeStbl(w, track.sampleEntry);
  endBox(w, minf);
  endBox(w, mdia);
  endBox(w, trak);
}
