import { describe, expect, it } from 'vitest';
import { seconds, T0, testPresentation, testRendition } from '../outputs/test-support/test-window.js';
import { listedPresentation } from './presentation-handler.js';

const video = (segments: number, programDateTime = T0) =>
  testRendition({
    id: 'cam-video',
    kind: 'video',
    programDateTime,
    segments: Array.from({ length: segments }, () => ({ duration: seconds(2) })),
  });
const audio = (segments: number, programDateTime = T0) =>
  testRendition({
    id: 'cam-audio',
    kind: 'audio',
    timescale: 48_000,
    programDateTime,
    segments: Array.from({ length: segments }, () => ({ duration: seconds(2, 48_000) })),
  });

describe('listedPresentation', () => {
  it('answers "not yet" before any segment exists', () => {
    expect(listedPresentation(testPresentation([video(0), audio(0)]), T0)).toMatch(/^no segments yet/);
  });

  it('waits for the audio while the presentation is young (its first segment closes a frame later)', () => {
    const result = listedPresentation(testPresentation([video(1), audio(0)]), T0 + 2100);
    expect(result).toMatch(/no segments yet for cam-audio/);
  });

  it('lists every rendition once each has a segment', () => {
    const p = testPresentation([video(2), audio(2)]);
    expect(listedPresentation(p, T0 + 5000)).toBe(p);
  });

  it('leaves out a rendition without segments once the presentation is old, so the rest stays watchable', () => {
    const result = listedPresentation(testPresentation([video(20), audio(0)]), T0 + 60_000);
    expect(typeof result).toBe('object');
    expect(typeof result === 'object' ? result.renditions.map((r) => r.id) : []).toEqual(['cam-video']);
  });
});
