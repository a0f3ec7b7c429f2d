/**
 * `MediaNaming` is how the HLS and DASH builders name the resources of a presentation: URI templates
 * relative to the presentation root (where the multivariant playlist and the MPD live). Placeholders:
 * `{rendition}` (the `RenditionWindow.id`), `{init}` (`InitSegment.version`), `{sequence}` (media sequence
 * number) and `{part}` (part index). Archives pass their own templates; the HTTP layer parses request paths
 * back with `parseMediaPath`. HLS media playlists resolve URIs against their own location, so the builders
 * rewrite these root-relative paths with `relativeUri`.
 */
export interface MediaNaming {
  /** Init segment, e.g. `{rendition}/init-{init}.mp4`. */
  readonly init: string;
  /** Media segment, e.g. `{rendition}/{sequence}.m4s`; the DASH `SegmentTemplate@media` is made from it. */
  readonly segment: string;
  /** LL-HLS part, e.g. `{rendition}/{sequence}.{part}.m4s`. */
  readonly part: string;
  /** HLS media playlist, e.g. `{rendition}/index.m3u8`. */
  readonly mediaPlaylist: string;
}

/** `defaultMediaNaming` is the naming of live outputs: one directory per rendition. */
export const defaultMediaNaming: MediaNaming = {
  init: '{rendition}/init-{init}.mp4',
  segment: '{rendition}/{sequence}.m4s',
  part: '{rendition}/{sequence}.{part}.m4s',
  mediaPlaylist: '{rendition}/index.m3u8',
};

/** `NamingValues` fills the placeholders of a `MediaNaming` template. */
export interface NamingValues {
  readonly rendition: string;
  readonly init?: number | string;
  readonly sequence?: number | string;
  readonly part?: number | string;
}

/** `fillTemplate` replaces the placeholders of one `MediaNaming` template (unknown ones stay as written). */
export function fillTemplate(template: string, values: NamingValues): string {
  return template.replace(/\{(rendition|init|sequence|part)\}/g, (whole, key: keyof NamingValues) => {
    const value = values[key];
    return value === undefined ? whole : String(value);
  });
}

/** `MediaPath` is what a request path names, as `parseMediaPath` reads it. */
export type MediaPath =
  | { readonly kind: 'init'; readonly renditionId: string; readonly initVersion: number }
  | { readonly kind: 'segment'; readonly renditionId: string; readonly sequence: number }
  | { readonly kind: 'part'; readonly renditionId: string; readonly sequence: number; readonly part: number }
  | { readonly kind: 'media-playlist'; readonly renditionId: string };

const kinds = ['part', 'segment', 'init', 'mediaPlaylist'] as const;

function templatePattern(template: string): { regex: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = template
    .split(/(\{(?:rendition|init|sequence|part)\})/)
    .map((piece) => {
      const m = /^\{(\w+)\}$/.exec(piece);
      if (m?.[1] === undefined) {
        return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      keys.push(m[1]);
      // A rendition id is one path segment; every numeric placeholder is a decimal integer.
      return m[1] === 'rendition' ? '([^/]+)' : '(\\d{1,15})';
    })
    .join('');
  return { regex: new RegExp(`^${source}$`), keys };
}

/**
 * `parseMediaPath` reads a path relative to the presentation root (no leading `/`, no query) back into
 * what it names under `naming`, or `undefined` when it names nothing. Templates are tried part first, so
 * `v/5.1.m4s` is part 1 of segment 5 even though `{sequence}` alone could never match `5.1`.
 */
export function parseMediaPath(
  path: string,
  naming: MediaNaming = defaultMediaNaming,
): MediaPath | undefined {
  for (const kind of kinds) {
    const { regex, keys } = templatePattern(naming[kind]);
    const m = regex.exec(path);
    if (m === null) {
      continue;
    }
    const value = (key: string): string => m[keys.indexOf(key) + 1] ?? '';
    const renditionId = value('rendition');
    switch (kind) {
      case 'part':
        return { kind, renditionId, sequence: Number(value('sequence')), part: Number(value('part')) };
      case 'segment':
        return { kind, renditionId, sequence: Number(value('sequence')) };
      case 'init':
        return { kind, renditionId, initVersion: Number(value('init')) };
      case 'mediaPlaylist':
        return { kind: 'media-playlist', renditionId };
    }
  }
  return undefined;
}
