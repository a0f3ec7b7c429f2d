import type { RenditionWindow } from '../../packager/rendition-window.js';

/** `STREAM_NAME` is what a StreamIndex name may hold: it goes into fragment URLs as `Fragments(<name>=…)`. */
export const STREAM_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * `smoothStreamNames` names the audio StreamIndexes of a presentation, by rendition id. Names depend only
 * on the audio renditions of the window and their order (not on which of them have media yet), so they
 * stay the same while the window slides:
 * - the first audio rendition is `audio`;
 * - another one is `audio_<language>` when its language is known, path-safe and no other audio rendition
 *   has it (`audio_fr`), else `audio_<n>`, n its position among the audio renditions from 1 (`audio_3`).
 * Names are compared case-insensitively (IIS matched them so), and a clash gets a `_<n>` suffix.
 */
export function smoothStreamNames(renditions: readonly RenditionWindow[]): Map<string, string> {
  const audio = renditions.filter((r) => r.kind === 'audio');
  const languages = new Map<string, number>();
  for (const r of audio) {
    const key = r.language?.toLowerCase();
    if (key !== undefined) {
      languages.set(key, (languages.get(key) ?? 0) + 1);
    }
  }
  const names = new Map<string, string>();
  const used = new Set<string>();
  audio.forEach((r, i) => {
    const language = r.language;
    const byLanguage =
      language !== undefined && languages.get(language.toLowerCase()) === 1 ? `audio_${language}` : undefined;
    let name =
      i === 0
        ? 'audio'
        : byLanguage !== undefined && STREAM_NAME.test(byLanguage)
          ? byLanguage
          : `audio_${i + 1}`;
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      name = `audio_${i + 1}_${n}`;
    }
    used.add(name.toLowerCase());
    names.set(r.id, name);
  });
  return names;
}
