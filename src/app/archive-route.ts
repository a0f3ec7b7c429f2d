import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PresentationRoute } from '../http/presentation-handler.js';
import { defaultMediaNaming } from '../outputs/media-naming.js';
import { ArchiveReader } from '../packager/archive-reader.js';
import type { PresentationWindow } from '../packager/rendition-window.js';

/** `archiveRoute` serves an archive (being written, or finished) as `<manifestName>.m3u8` and `.mpd`. */
export function archiveRoute(
  presentation: () => PresentationWindow,
  media: Pick<ArchiveReader, 'init' | 'segment'>,
  manifestName: string,
): PresentationRoute {
  return {
    reader: {
      presentation,
      init: (id, v) => media.init(id, v),
      loadSegment: (id, seq) => media.segment(id, seq),
    },
    naming: defaultMediaNaming,
    hlsName: `${manifestName}.m3u8`,
    dashName: `${manifestName}.mpd`,
  };
}

/** `FinishedArchive` is an archive no live output writes any more, opened for serving. */
export interface FinishedArchive {
  readonly route: PresentationRoute;
  readonly reader: ArchiveReader;
  readonly manifestName: string;
  /** The recording live output's `hls.fragmentsPerTsSegment`, `null` when it set none. */
  readonly fragmentsPerTsSegment: number | null;
}

/**
 * `openFinishedArchive` opens the archive in `dir` (`undefined` when it has no index); its manifest name
 * and TS packing come from `asset.json` (`manifest` and none without one).
 */
export async function openFinishedArchive(dir: string): Promise<FinishedArchive | undefined> {
  if (!existsSync(join(dir, 'index.json'))) {
    return undefined;
  }
  let manifestName = 'manifest';
  let fragmentsPerTsSegment: number | null = null;
  try {
    const meta = JSON.parse(await readFile(join(dir, 'asset.json'), 'utf8')) as {
      manifestName?: unknown;
      fragmentsPerTsSegment?: unknown;
    };
    if (typeof meta.manifestName === 'string') {
      manifestName = meta.manifestName;
    }
    if (typeof meta.fragmentsPerTsSegment === 'number' && Number.isSafeInteger(meta.fragmentsPerTsSegment)) {
      fragmentsPerTsSegment = meta.fragmentsPerTsSegment;
    }
  } catch {
    // asset.json is informative; without it the archive is served as manifest.m3u8 / manifest.mpd.
  }
  const reader = await ArchiveReader.open(dir);
  return {
    route: archiveRoute(() => reader.presentation(), reader, manifestName),
    reader,
    manifestName,
    fragmentsPerTsSegment,
  };
}
