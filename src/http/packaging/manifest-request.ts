/**
 * The dynamic packaging formats of AMS streaming URLs (`…/<name>.ism/manifest(format=…)`): Smooth
 * Streaming without a format, HLS with CMAF segments, HLS with MPEG-TS segments (v4 and v3), DASH.
 */
export type PackagingFormat = 'smooth' | 'hls-cmaf' | 'hls-ts' | 'hls-ts-v3' | 'dash';

/** `PackagingProtocol` is the streaming policy protocol a format belongs to. */
export type PackagingProtocol = 'hls' | 'dash' | 'smoothStreaming';

/** `protocolOf` is the streaming policy protocol of a format. */
export function protocolOf(format: PackagingFormat): PackagingProtocol {
  return format === 'smooth' ? 'smoothStreaming' : format === 'dash' ? 'dash' : 'hls';
}

const FORMATS: Readonly<Record<string, PackagingFormat>> = {
  'm3u8-cmaf': 'hls-cmaf',
  'm3u8-aapl': 'hls-ts',
  'm3u8-aapl-v3': 'hls-ts-v3',
  'mpd-time-cmaf': 'dash',
  'mpd-time-csf': 'dash',
};

/** The options AMS accepted next to `format` that change nothing here. */
const ACCEPTED_OPTIONS = new Set(['audio-only', 'encryption']);

/** `ManifestRequest` is a parsed manifest path, or why it cannot be served. */
export type ManifestRequest =
  | { readonly ok: true; readonly format: PackagingFormat }
  | { readonly ok: false; readonly status: number; readonly reason: string };

/**
 * `parseManifestRequest` reads the path below `<name>.ism/`: `manifest` (Smooth), or
 * `manifest(format=<f>[,audio-only=…])` optionally followed by `.m3u8` or `.mpd` (players that pick
 * their engine by extension), case-insensitive as IIS was. `undefined` when the path is not a manifest.
 */
export function parseManifestRequest(subPath: string): ManifestRequest | undefined {
  const m = /^manifest(?:\(([^)]*)\))?(\.m3u8|\.mpd|\.ismc)?$/i.exec(subPath);
  if (m === null) {
    return undefined;
  }
  const options = m[1];
  if (options === undefined || options === '') {
    return { ok: true, format: 'smooth' };
  }
  let format: PackagingFormat | undefined;
  for (const option of options.split(',')) {
    const [key = '', value = ''] = option.split('=').map((s) => s.trim().toLowerCase());
    if (key === 'format') {
      format = FORMATS[value];
      if (format === undefined) {
        return {
          ok: false,
          status: 400,
          reason: `unknown format ${JSON.stringify(value)}: use m3u8-cmaf, m3u8-aapl, m3u8-aapl-v3, mpd-time-cmaf or mpd-time-csf (no format: Smooth Streaming)`,
        };
      }
    } else if (key === 'filter') {
      return { ok: false, status: 400, reason: 'asset and account filters (filter=…) are not supported' };
    } else if (!ACCEPTED_OPTIONS.has(key)) {
      return {
        ok: false,
        status: 400,
        reason: `unknown manifest option ${JSON.stringify(key)}; use format=…`,
      };
    }
  }
  return format === undefined
    ? { ok: false, status: 400, reason: 'manifest(...) needs format=…, e.g. manifest(format=m3u8-cmaf)' }
    : { ok: true, format };
}
