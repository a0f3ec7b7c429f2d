import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { FULL_BOX_HEADER_SIZE, writeFullBoxHeader } from '../box.js';
import { assertUint, assertUint32, assertUint64 } from './field-range.js';

/*
 * The `prft` flags say what its wall-clock time refers to (ISO/IEC 14496-12:2022 §8.16.5.3). An ingest
 * server that repackages without re-encoding knows when a frame arrived, which is closest to
 * `PRFT_ENCODER_OUTPUT`.
 */
/** `PRFT_ENCODER_INPUT`: the time the frame was input to the encoder. */
export const PRFT_ENCODER_INPUT = 0;
/** `PRFT_ENCODER_OUTPUT`: the time the frame was output by the encoder. */
export const PRFT_ENCODER_OUTPUT = 1;
/** `PRFT_MOOF_FINALIZED`: the time the `moof` was finalized. */
export const PRFT_MOOF_FINALIZED = 2;
/** `PRFT_MOOF_WRITTEN`: the time the `moof` was written out. */
export const PRFT_MOOF_WRITTEN = 4;
/** `PRFT_ARBITRARY_CONSISTENT`: an arbitrary time, consistent between the tracks of a presentation. */
export const PRFT_ARBITRARY_CONSISTENT = 8;
/** `PRFT_CAPTURED`: the time the frame was captured. */
export const PRFT_CAPTURED = 24;

/** `Prft` is the content of a ProducerReferenceTimeBox, written as version 1 (64-bit media time). */
export interface Prft {
  /** One of the `PRFT_*` values. */
  readonly flags: number;
  readonly referenceTrackId: number;
  /** Wall-clock time in milliseconds since the Unix epoch; written as a 64-bit NTP timestamp. */
  readonly wallClockMs: number;
  /** Presentation time of the same sample, in the reference track's timescale. */
  readonly mediaTime: number;
}

/** `PRFT_SIZE` is FullBox header + reference_track_ID(4) + ntp_timestamp(8) + media_time(8). */
export const PRFT_SIZE = FULL_BOX_HEADER_SIZE + 4 + 8 + 8;

/** `NTP_UNIX_EPOCH_OFFSET` is the seconds from the NTP epoch (1900-01-01) to the Unix epoch (RFC 5905). */
export const NTP_UNIX_EPOCH_OFFSET = 2_208_988_800;

/** The NTP fraction field counts 2^-32 s units. */
const NTP_FRACTION_UNITS = 0x1_0000_0000;

/** `writeNtpTimestamp` appends integer Unix milliseconds as a 64-bit NTP timestamp (RFC 5905 §6). */
export function writeNtpTimestamp(w: ByteWriter, unixMs: number): void {
  assertUint64('wall-clock milliseconds', unixMs);
  const ms = unixMs % 1000;
  w.u32(Math.floor(unixMs / 1000) + NTP_UNIX_EPOCH_OFFSET);
  w.u32(Math.floor((ms * NTP_FRACTION_UNITS) / 1000));
}

/**
 * `writePrft` appends a version 1 ProducerReferenceTimeBox (ISO/IEC 14496-12:2022 §8.16.5): it ties a
 * media time to a wall-clock time, which players use to measure and control live latency. It goes
 * before the `moof` it describes.
 */
export function writePrft(w: ByteWriter, prft: Prft): void {
  assertUint('prft flags', prft.flags, 0xff_ffff);
  assertUint32('prft reference_track_ID', prft.referenceTrackId);
  assertUint64('prft media_time', prft.mediaTime);
  writeFullBoxHeader(w, 'prft', PRFT_SIZE, 1, prft.flags);
  w.u32(prft.referenceTrackId);
  writeNtpTimestamp(w, prft.wallClockMs);
  w.u64(prft.mediaTime);
}
