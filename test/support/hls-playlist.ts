/** `HlsSegmentLine` is one media segment of a media playlist. */
export interface HlsSegmentLine {
  readonly uri: string;
  /** `EXTINF` duration, seconds. */
  readonly duration: number;
  /** Preceded by `EXT-X-DISCONTINUITY`. */
  readonly discontinuity: boolean;
  readonly sequence: number;
}

/** `HlsMediaPlaylist` is what the tests read of a media playlist (RFC 8216bis §4.4). */
export interface HlsMediaPlaylist {
  readonly mediaSequence: number;
  readonly targetDuration: number;
  readonly endList: boolean;
  readonly playlistType: string | undefined;
  readonly segments: readonly HlsSegmentLine[];
  /** Sum of the segments' `EXTINF`, seconds. */
  readonly duration: number;
}

/** `parseMediaPlaylist` reads the tags the tests check; it throws on a text that is not a playlist. */
export function parseMediaPlaylist(text: string): HlsMediaPlaylist {
  const lines = text.split('\n').map((l) => l.trim());
  if (lines[0] !== '#EXTM3U') {
    throw new Error(`not a playlist: ${text.slice(0, 80)}`);
  }
  let mediaSequence = 0;
  let targetDuration = 0;
  let endList = false;
  let playlistType: string | undefined;
  let duration: number | undefined;
  let discontinuity = false;
  const segments: HlsSegmentLine[] = [];
  for (const line of lines) {
    const [tag, value = ''] = line.split(/:(.*)/s);
    if (tag === '#EXT-X-MEDIA-SEQUENCE') {
      mediaSequence = Number(value);
    } else if (tag === '#EXT-X-TARGETDURATION') {
      targetDuration = Number(value);
    } else if (tag === '#EXT-X-ENDLIST') {
      endList = true;
    } else if (tag === '#EXT-X-PLAYLIST-TYPE') {
      playlistType = value;
    } else if (tag === '#EXT-X-DISCONTINUITY') {
      discontinuity = true;
    } else if (tag === '#EXTINF') {
      duration = Number(value.split(',')[0]);
    } else if (line !== '' && !line.startsWith('#') && duration !== undefined) {
      segments.push({ uri: line, duration, discontinuity, sequence: mediaSequence + segments.length });
      duration = undefined;
      discontinuity = false;
    }
  }
  return {
    mediaSequence,
    targetDuration,
    endList,
    playlistType,
    segments,
    duration: segments.reduce((s, x) => s + x.duration, 0),
  };
}

/** `variantUris` are the media playlist URIs of a multivariant playlist (`EXT-X-STREAM-INF` and `EXT-X-MEDIA`). */
export function variantUris(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n').map((l) => l.trim());
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('#EXT-X-STREAM-INF')) {
      const next = lines[i + 1];
      if (next !== undefined && next !== '' && !next.startsWith('#')) {
        out.push(next);
      }
    } else if (line.startsWith('#EXT-X-MEDIA:')) {
      const uri = /URI="([^"]+)"/.exec(line)?.[1];
      if (uri !== undefined) {
        out.push(uri);
      }
    }
  }
  return [...new Set(out)];
}
