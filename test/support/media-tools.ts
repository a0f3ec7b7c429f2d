import { chmodSync, accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function executable(path: string): string {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    // Some npm versions skip the installer's chmod step; the binary ships inside the package.
    chmodSync(path, 0o755);
  }
  return path;
}

/** `ffmpegPath` is the bundled ffmpeg (`@ffmpeg-installer/ffmpeg`), or `FFMPEG_PATH` when set. */
export function ffmpegPath(): string {
  const p = process.env['FFMPEG_PATH'] ?? (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  return executable(p);
}

/** `ffprobePath` is the bundled ffprobe (`@ffprobe-installer/ffprobe`), or `FFPROBE_PATH` when set. */
export function ffprobePath(): string {
  const p = process.env['FFPROBE_PATH'] ?? (require('@ffprobe-installer/ffprobe') as { path: string }).path;
  return executable(p);
}
