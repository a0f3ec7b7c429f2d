/**
 * Reading HLS media playlists (RFC 8216bis §4.4): the media sequence number of the last listed segment.
 */

/** `PlaylistState` is what one fetch of a media playlist showed. */
export interface PlaylistState {
  /** `EXT-X-MEDIA-SEQUENCE` + number of segments − 1; −1 when nothing is listed or the fetch failed. */
  readonly lastSequence: number;
  readonly mediaSequence: number;
  /** Segment URIs listed (in order). */
  readonly segments: readonly string[];
  readonly ended: boolean;
  readonly status: number;
}

/** `parseMediaPlaylist` reads the sequence numbers and segment URIs of a media playlist. */
export function parseMediaPlaylist(text: string, status = 200): PlaylistState {
  const m = /#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text);
  const mediaSequence = m === null ? 0 : Number(m[1]);
  const segments: string[] = [];
  let pendingSegment = false;
  for (const line of text.split('\n')) {
    const l = line.trim();
    if (l.startsWith('#EXTINF:')) {
      pendingSegment = true;
    } else if (pendingSegment && l !== '' && !l.startsWith('#')) {
      segments.push(l);
      pendingSegment = false;
    }
  }
  return {
    lastSequence: segments.length === 0 ? -1 : mediaSequence + segments.length - 1,
    mediaSequence,
    segments,
    ended: text.includes('#EXT-X-ENDLIST'),
    status,
  };
}

/** `fetchMediaPlaylist` fetches and parses one media playlist; failures give `lastSequence` −1. */
export async function fetchMediaPlaylist(url: string): Promise<PlaylistState> {
  try {
    const r = await fetch(url);
    const text = await r.text();
    return r.ok ? parseMediaPlaylist(text, r.status) : { ...parseMediaPlaylist(''), status: r.status };
  } catch {
    return { ...parseMediaPlaylist(''), status: 0 };
  }
}

/** `mapLimit` runs `fn` over `items` with at most `limit` at a time. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
