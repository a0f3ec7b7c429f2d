import type { PresentationWindow, RenditionWindow } from '../../packager/rendition-window.js';
import { defaultMediaNaming, fillTemplate, type MediaNaming } from '../media-naming.js';
import {
  renditionAverageBandwidth,
  renditionBandwidth,
  type FallbackBandwidth,
} from '../rendition-bandwidth.js';
import { attributeList, quotedString } from './attribute-list.js';

/** `MultivariantPlaylistOptions` tunes `buildMultivariantPlaylist`. */
export interface MultivariantPlaylistOptions {
  /** URI templates (default `defaultMediaNaming`); the multivariant playlist sits at the presentation root. */
  readonly naming?: MediaNaming;
  /** Bits per second per rendition id for renditions that have no segment yet (e.g. declared bitrates). */
  readonly fallbackBandwidth?: FallbackBandwidth;
}

/** RFC 8216bis §4.4.6.1: the GROUP-ID shared by the audio renditions and the variants' AUDIO attribute. */
const AUDIO_GROUP = 'audio';

/** Versions as in `buildMediaPlaylist`: 7 for fMP4, 9 for low-latency presentations. */
const FMP4_VERSION = 7;
const LOW_LATENCY_VERSION = 9;

interface Listed {
  readonly window: RenditionWindow;
  readonly bandwidth: number;
  readonly average: number | undefined;
}

/**
 * `buildMultivariantPlaylist` renders the multivariant playlist (RFC 8216bis §4.4.6): one EXT-X-MEDIA per
 * audio rendition in group `audio` (the first is DEFAULT), one EXT-X-STREAM-INF per video rendition with
 * BANDWIDTH = its peak + the highest audio peak ("the largest sum of peak segment bit rates that is
 * produced by any playable combination of Renditions"), AVERAGE-BANDWIDTH likewise from averages (left out
 * while any of them is unknown), CODECS listing every format, RESOLUTION and FRAME-RATE. An audio-only
 * presentation gets one EXT-X-STREAM-INF per audio rendition instead; a video-only one has no AUDIO.
 *
 * A rendition with neither a measured bandwidth nor a `fallbackBandwidth` is left out, since BANDWIDTH may
 * not be 0: serve this playlist once every rendition has a segment, or pass the declared bitrates.
 */
export function buildMultivariantPlaylist(
  presentation: PresentationWindow,
  options: MultivariantPlaylistOptions = {},
): string {
  const naming = options.naming ?? defaultMediaNaming;
  const listed = (kind: RenditionWindow['kind']): Listed[] =>
    presentation.renditions.flatMap((window) => {
      const bandwidth =
        window.kind === kind ? renditionBandwidth(window, options.fallbackBandwidth) : undefined;
      return bandwidth === undefined
        ? []
        : [{ window, bandwidth, average: renditionAverageBandwidth(window) }];
    });
  const videos = listed('video');
  const audios = listed('audio');
  const playlist = (window: RenditionWindow): string =>
    fillTemplate(naming.mediaPlaylist, { rendition: window.id });
  const lines = [
    '#EXTM3U',
    `#EXT-X-VERSION:${presentation.lowLatency ? LOW_LATENCY_VERSION : FMP4_VERSION}`,
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  if (videos.length === 0) {
    for (const audio of audios) {
      lines.push(streamInf(audio, [], undefined), playlist(audio.window));
    }
    return `${lines.join('\n')}\n`;
  }
  audios.forEach(({ window }, index) => {
    const attributes = attributeList([
      ['TYPE', 'AUDIO'],
      ['GROUP-ID', quotedString(AUDIO_GROUP)],
      ['NAME', quotedString(window.id)],
      ['DEFAULT', index === 0 ? 'YES' : 'NO'],
      ['AUTOSELECT', 'YES'],
      ['LANGUAGE', window.language === undefined ? undefined : quotedString(window.language)],
      ['CHANNELS', window.channelCount === undefined ? undefined : quotedString(String(window.channelCount))],
      ['URI', quotedString(playlist(window))],
    ]);
    lines.push(`#EXT-X-MEDIA:${attributes}`);
  });
  for (const video of videos) {
    lines.push(streamInf(video, audios, audios.length > 0 ? AUDIO_GROUP : undefined), playlist(video.window));
  }
  return `${lines.join('\n')}\n`;
}

function streamInf(main: Listed, audios: readonly Listed[], audioGroup: string | undefined): string {
  const { window } = main;
  const peak = audios.reduce((max, a) => Math.max(max, a.bandwidth), 0);
  const averages = [main, ...audios].map((l) => l.average);
  const averageKnown = averages.every((a) => a !== undefined);
  const audioAverage = audios.reduce((max, a) => Math.max(max, a.average ?? 0), 0);
  const codecs = [...new Set([window.codecString, ...audios.map((a) => a.window.codecString)])];
  const video = window.kind === 'video';
  const resolution =
    video &&
    window.width !== undefined &&
    window.height !== undefined &&
    window.width > 0 &&
    window.height > 0
      ? `${window.width}x${window.height}`
      : undefined;
  const frameRate =
    video && window.frameRate !== undefined && window.frameRate > 0 ? window.frameRate : undefined;
  const attributes = attributeList([
    ['BANDWIDTH', main.bandwidth + peak],
    ['AVERAGE-BANDWIDTH', averageKnown ? (main.average ?? 0) + audioAverage : undefined],
    ['CODECS', quotedString(codecs.join(','))],
    ['RESOLUTION', resolution],
    // RFC 8216bis §4.4.6.2: FRAME-RATE is "rounded to three decimal places".
    ['FRAME-RATE', frameRate === undefined ? undefined : frameRate.toFixed(3)],
    ['AUDIO', audioGroup === undefined ? undefined : quotedString(audioGroup)],
  ]);
  return `#EXT-X-STREAM-INF:${attributes}`;
}
