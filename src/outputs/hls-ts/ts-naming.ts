/**
 * `TsNaming` is how the TS playlists name their resources: URI templates relative to the presentation
 * root (where the multivariant playlist lives), with placeholders `{variant}` (the `TsVariant.id`) and
 * `{sequence}` (the TS media sequence number). Media playlists write the segment URIs relative to
 * themselves (`relativeUri`); the HTTP layer maps request paths back with `parseTsPath`.
 */
export interface TsNaming {
  /** Media playlist of a variant, e.g. `{variant}/ts.m3u8`. */
  readonly mediaPlaylist: string;
  /** TS segment, e.g. `{variant}/{sequence}.ts`. */
  readonly segment: string;
}

/** `defaultTsNaming` puts the TS playlist and segments of a variant in its rendition's directory. */
export const defaultTsNaming: TsNaming = {
  mediaPlaylist: '{variant}/ts.m3u8',
  segment: '{variant}/{sequence}.ts',
};

/** `fillTsTemplate` replaces `{variant}` and `{sequence}` in a `TsNaming` template. */
export function fillTsTemplate(template: string, variant: string, sequence?: number): string {
  return template.replace(/\{(variant|sequence)\}/g, (whole, key: string) =>
    key === 'variant' ? variant : sequence === undefined ? whole : String(sequence),
  );
}

/** `TsPath` is what a request path names, as `parseTsPath` reads it. */
export type TsPath =
  | { readonly kind: 'media-playlist'; readonly variantId: string }
  | { readonly kind: 'segment'; readonly variantId: string; readonly sequence: number };

function templatePattern(template: string): { regex: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = template
    .split(/(\{(?:variant|sequence)\})/)
    .map((piece) => {
      const m = /^\{(variant|sequence)\}$/.exec(piece);
      if (m?.[1] === undefined) {
        return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      keys.push(m[1]);
      // A variant id is one path segment; a sequence number a decimal integer.
      return m[1] === 'variant' ? '([^/]+)' : '(\\d{1,15})';
    })
    .join('');
  return { regex: new RegExp(`^${source}$`), keys };
}

/**
 * `parseTsPath` reads a path relative to the presentation root (no leading `/`, no query) back into what
 * it names under `naming`, or `undefined` when it names nothing: the segment template is tried first,
 * then the media playlist.
 */
export function parseTsPath(path: string, naming: TsNaming = defaultTsNaming): TsPath | undefined {
  for (const kind of ['segment', 'mediaPlaylist'] as const) {
    const { regex, keys } = templatePattern(naming[kind]);
    const m = regex.exec(path);
    if (m === null) {
      continue;
    }
    const value = (key: string): string => m[keys.indexOf(key) + 1] ?? '';
    const variantId = value('variant');
    if (kind === 'mediaPlaylist') {
      return { kind: 'media-playlist', variantId };
    }
    if (!keys.includes('sequence')) {
      continue;
    }
    return { kind: 'segment', variantId, sequence: Number(value('sequence')) };
  }
  return undefined;
}
