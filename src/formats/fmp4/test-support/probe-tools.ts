import { execFileSync } from 'node:child_process';
import { createFile, MP4BoxBuffer, type Sample } from 'mp4box';
import { ffprobePath } from '../../../../test/support/media-tools.js';

/** `ProbePacket` is one packet as `ffprobe -show_packets` reports it, in stream time base ticks. */
export interface ProbePacket {
  readonly pts: number;
  readonly dts: number;
  readonly duration: number;
  readonly size: number;
  readonly keyframe: boolean;
}

/** `ffprobePackets` lists the packets of the first stream of `file` with the bundled ffprobe. */
export function ffprobePackets(file: string): ProbePacket[] {
  const out = execFileSync(
    ffprobePath(),
    ['-v', 'error', '-select_streams', '0', '-show_packets', '-of', 'json', file],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const packets = (JSON.parse(out) as { packets: Record<string, string | number>[] }).packets;
  return packets.map((p) => ({
    pts: Number(p['pts']),
    dts: Number(p['dts']),
    duration: Number(p['duration']),
    size: Number(p['size']),
    keyframe: String(p['flags']).startsWith('K'),
  }));
}

/** `ffprobeStream` is the first stream's description (codec, size, rate, time base) from ffprobe. */
export function ffprobeStream(file: string): Record<string, unknown> {
  const out = execFileSync(ffprobePath(), ['-v', 'error', '-show_streams', '-of', 'json', file], {
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { streams: Record<string, unknown>[] }).streams[0] ?? {};
}

/** `Mp4boxResult` is what mp4box.js makes of a whole fragmented file. */
export interface Mp4boxResult {
  readonly brands: readonly string[];
  readonly isFragmented: boolean;
  readonly tracks: readonly { id: number; codec: string; timescale: number }[];
  readonly samples: readonly Sample[];
}

/** `mp4boxSamples` parses `bytes` with mp4box.js and extracts every sample of track `trackId`. */
export function mp4boxSamples(bytes: Uint8Array, trackId: number): Mp4boxResult {
  const file = createFile();
  const samples: Sample[] = [];
  let result: Omit<Mp4boxResult, 'samples'> | undefined;
  let error: string | undefined;
  file.onError = (module: string, message: string) => {
    error = `${module}: ${message}`;
  };
  file.onReady = (info) => {
    result = {
      brands: info.brands,
      isFragmented: info.isFragmented,
      tracks: info.tracks.map((t) => ({ id: t.id, codec: t.codec, timescale: t.timescale })),
    };
    file.setExtractionOptions(trackId, undefined, { nbSamples: 100_000 });
    file.start();
  };
  file.onSamples = (_id, _user, s) => {
    samples.push(...s);
  };
  const copy = bytes.slice().buffer;
  file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(copy, 0));
  file.flush();
  if (error !== undefined || result === undefined) {
    throw new Error(`mp4box could not read the file: ${error ?? 'onReady was not called'}`);
  }
  return { ...result, samples };
}
