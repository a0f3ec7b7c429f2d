import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ffprobePath } from '../../../test/support/media-tools.js';

/** `testdataPath` is the absolute path of a file in `src/codecs/testdata/`. */
export function testdataPath(name: string): string {
  return new URL(`../testdata/${name}`, import.meta.url).pathname;
}

/** `readTestdata` reads a file of `src/codecs/testdata/` (generated once with the bundled ffmpeg). */
export function readTestdata(name: string): Uint8Array {
  return new Uint8Array(readFileSync(testdataPath(name)));
}

/** `ProbedStream` is the part of `ffprobe -show_streams` the codec tests compare against. */
export interface ProbedStream {
  readonly codec_name: string;
  readonly profile?: string;
  readonly level?: number;
  readonly width?: number;
  readonly height?: number;
  readonly sample_rate?: string;
  readonly channels?: number;
}

/** `probeStream` runs the bundled ffprobe on a file and returns its first stream. */
export function probeStream(path: string): ProbedStream {
  const out = execFileSync(ffprobePath(), ['-v', 'error', '-show_streams', '-of', 'json', path], {
    encoding: 'utf8',
  });
  const stream = (JSON.parse(out) as { streams: ProbedStream[] }).streams[0];
  if (stream === undefined) {
    throw new Error(`ffprobe found no stream in ${path}`);
  }
  return stream;
}

/** `probePacketSizes` lists the packet sizes ffprobe reads from a file, in order. */
export function probePacketSizes(path: string): number[] {
  const out = execFileSync(ffprobePath(), ['-v', 'error', '-show_packets', '-of', 'json', path], {
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { packets: { size: string }[] }).packets.map((p) => Number(p.size));
}
