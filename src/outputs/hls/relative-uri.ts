/**
 * `relativeUri` rewrites `target`, a path relative to the presentation root, so that it resolves from the
 * document at `from` (also root-relative): RFC 8216bis §4.1 resolves playlist URIs against the playlist's
 * own URI, and §4.4.5.4 requires EXT-X-RENDITION-REPORT URIs to be relative. Both paths use `/` and hold no
 * `.`/`..` segments (they come from `MediaNaming` templates).
 *
 * `relativeUri('video/index.m3u8', 'video/5.m4s')` → `5.m4s`;
 * `relativeUri('video/index.m3u8', 'audio/index.m3u8')` → `../audio/index.m3u8`.
 */
export function relativeUri(from: string, target: string): string {
  const fromDirs = from.split('/').slice(0, -1);
  const targetParts = target.split('/');
  let common = 0;
  while (
    common < fromDirs.length &&
    common < targetParts.length - 1 &&
    fromDirs[common] === targetParts[common]
  ) {
    common += 1;
  }
  const up = fromDirs.slice(common).map(() => '..');
  return [...up, ...targetParts.slice(common)].join('/');
}
