/**
 * `SmoothFragmentPath` is what a Smooth Streaming fragment request names ([MS-SSTR] §2.2.6): the
 * QualityLevel by its bitrate, the stream by its name, the fragment by its start time.
 */
export interface SmoothFragmentPath {
  /**
   * `fragment`: `Fragments(…)`, the `moof` + `mdat`. `fragment-info`: `FragmentInfo(…)`, the `moof`
   * alone, which IIS served for players that refresh their timeline from `tfrf` without downloading
   * media (dash.js asks for it in a live presentation after a pause or a seek).
   */
  readonly kind: 'fragment' | 'fragment-info';
  readonly bitrate: number;
  /** As written in the request; streams are matched case-insensitively. */
  readonly streamName: string;
  /** Start time in the stream's timescale. */
  readonly time: number;
}

const FRAGMENT_PATH =
  /^QualityLevels\((\d{1,16})\)\/(Fragments|FragmentInfo)\(([A-Za-z0-9_.-]{1,64})=(\d{1,16})\)$/i;

/**
 * `parseSmoothFragmentPath` reads a request path relative to the presentation root (the `.ism`
 * directory; no leading `/`, no query, already percent-decoded) of the form
 * `QualityLevels(<bitrate>)/Fragments(<stream>=<time>)` or `…/FragmentInfo(<stream>=<time>)`. The
 * literals and the stream name are case-insensitive, as IIS had them; bitrate and time are decimal
 * integers up to 2^53 − 1. Anything else, including extra path segments, is `undefined`.
 */
export function parseSmoothFragmentPath(path: string): SmoothFragmentPath | undefined {
  const m = FRAGMENT_PATH.exec(path);
  if (m === null) {
    return undefined;
  }
  const [, bitrateText = '', kindText = '', streamName = '', timeText = ''] = m;
  const bitrate = Number(bitrateText);
  const time = Number(timeText);
  if (!Number.isSafeInteger(bitrate) || !Number.isSafeInteger(time)) {
    return undefined;
  }
  const kind = kindText.toLowerCase() === 'fragments' ? 'fragment' : 'fragment-info';
  return { kind, bitrate, streamName, time };
}

/**
 * `smoothFragmentUrlTemplate` is the StreamIndex `Url` of a stream ([MS-SSTR] §2.2.2.3): clients put the
 * QualityLevel's Bitrate for `{bitrate}` and the fragment's time for `{start time}`.
 */
export function smoothFragmentUrlTemplate(streamName: string): string {
  return `QualityLevels({bitrate})/Fragments(${streamName}={start time})`;
}
