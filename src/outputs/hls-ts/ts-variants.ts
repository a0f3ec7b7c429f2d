import type { PresentationWindow, RenditionWindow } from '../../packager/rendition-window.js';
import { tsCarriesCodec } from './ts-codecs.js';

/**
 * `TsVariant` is one variant stream of the TS presentation: TS segments carry audio and video muxed
 * (what devices without alternate-rendition support play), so a variant is a video rendition with the
 * presentation's default audio rendition, or, when the presentation has no video, one audio rendition
 * on its own.
 */
export interface TsVariant {
  /** The primary rendition's id: names the variant's playlist and segments. */
  readonly id: string;
  /** The rendition whose CMAF segments the TS segments are cut from (video, or audio when audio-only). */
  readonly primary: RenditionWindow;
  /** The audio muxed alongside the video: the first audio rendition TS can carry; undefined when none. */
  readonly audio: RenditionWindow | undefined;
}

/**
 * `tsVariants` lists the variants of `presentation`, in rendition order. Renditions whose codec TS cannot
 * carry (`tsCarriesCodec`) are left out; audio renditions after the default one have no variant while
 * there is video (a muxed segment holds one audio track).
 */
export function tsVariants(presentation: PresentationWindow): TsVariant[] {
  const carried = presentation.renditions.filter((r) => tsCarriesCodec(r.codecString));
  const videos = carried.filter((r) => r.kind === 'video');
  const audios = carried.filter((r) => r.kind === 'audio');
  if (videos.length === 0) {
    return audios.map((a) => ({ id: a.id, primary: a, audio: undefined }));
  }
  return videos.map((v) => ({ id: v.id, primary: v, audio: audios[0] }));
}

/** `tsVariant` is the variant named `id`, or undefined. */
export function tsVariant(presentation: PresentationWindow, id: string): TsVariant | undefined {
  return tsVariants(presentation).find((v) => v.id === id);
}
