import type { PresentationRoute } from '../http/presentation-handler.js';
import { defaultMediaNaming } from '../outputs/media-naming.js';
import { hasArchiveIndex, readAssetManifest } from '../packager/archive-files.js';
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
 * and TS packing come from its asset manifest (`readAssetManifest`).
 */
export async function openFinishedArchive(dir: string): Promise<FinishedArchive | undefined> {
  if (!hasArchiveIndex(dir)) {
    return undefined;
  }
  const { manifestName, fragmentsPerTsSegment } = await readAssetManifest(dir);
  const reader = await ArchiveReader.open(dir);
  return {
    route: archiveRoute(() => reader.presentation(), reader, manifestName),
    reader,
    manifestName,
    fragmentsPerTsSegment,
  };
}
