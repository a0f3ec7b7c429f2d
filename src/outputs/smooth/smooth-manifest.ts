import type { PresentationWindow } from '../../packager/rendition-window.js';
import { type XmlAttributes, xmlTag } from '../dash/xml-text.js';
import { smoothFragmentUrlTemplate } from './smooth-path.js';
import {
  manifestFragments,
  type SmoothCodecTable,
  type SmoothPresentation,
  smoothPresentation,
  type SmoothPresentationOptions,
  type SmoothQualityLevel,
  type SmoothStream,
} from './smooth-presentation.js';
import { streamFragmentElements } from './smooth-timeline.js';

/** [MS-SSTR] §2.2.2.1: version 2.2, the one with `r` on fragment elements and TimeScale per stream. */
const MAJOR_VERSION = 2;
const MINOR_VERSION = 2;

function qualityLevelAttributes(q: SmoothQualityLevel): XmlAttributes {
  const head: XmlAttributes = [
    ['Index', q.index],
    ['Bitrate', q.bitrate],
    ['FourCC', q.codec.fourCc],
  ];
  const c = q.codec;
  if (c.kind === 'video') {
    return [
      ...head,
      ['MaxWidth', c.width],
      ['MaxHeight', c.height],
      ['CodecPrivateData', c.codecPrivateData],
    ];
  }
  return [
    ...head,
    ['SamplingRate', c.samplingRate],
    ['Channels', c.channels],
    ['BitsPerSample', c.bitsPerSample],
    ['PacketSize', c.packetSize],
    ['AudioTag', c.audioTag],
    ['CodecPrivateData', c.codecPrivateData],
  ];
}

function streamLines(p: SmoothPresentation, s: SmoothStream): string[] {
  const video = s.type === 'video';
  const fragments = manifestFragments(p, s);
  const lines = [
    `  ${xmlTag('StreamIndex', [
      ['Type', s.type],
      ['Name', s.name],
      ['Language', s.language],
      ['Chunks', fragments.length],
      ['QualityLevels', s.qualityLevels.length],
      ['Url', smoothFragmentUrlTemplate(s.name)],
      ['TimeScale', s.timescale],
      ['MaxWidth', video ? s.maxWidth : undefined],
      ['MaxHeight', video ? s.maxHeight : undefined],
      ['DisplayWidth', video ? s.maxWidth : undefined],
      ['DisplayHeight', video ? s.maxHeight : undefined],
    ])}`,
  ];
  for (const q of s.qualityLevels) {
    lines.push(`    ${xmlTag('QualityLevel', qualityLevelAttributes(q), true)}`);
  }
  for (const element of streamFragmentElements(fragments)) {
    lines.push(
      `    ${xmlTag(
        'c',
        [
          ['t', element.time],
          ['d', element.duration],
          ['r', element.count > 1 ? element.count : undefined],
        ],
        true,
      )}`,
    );
  }
  lines.push('  </StreamIndex>');
  return lines;
}

/**
 * `smoothManifestText` renders a Smooth Streaming client manifest ([MS-SSTR] §2.2.2), live (newest
 * fragments left out, players follow `tfrf`) or ended (on demand). Attributes and the empty case: see
 * docs/design/smooth.md#client-manifest.
 */
export function smoothManifestText(p: SmoothPresentation): string {
  const live: XmlAttributes = p.live
    ? [
        ['IsLive', 'TRUE'],
        ['LookAheadFragmentCount', p.lookAheadFragmentCount],
        ['DVRWindowLength', p.dvrWindowLength],
        ['CanSeek', 'TRUE'],
        ['CanPause', 'TRUE'],
      ]
    : [];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    xmlTag('SmoothStreamingMedia', [
      ['MajorVersion', MAJOR_VERSION],
      ['MinorVersion', MINOR_VERSION],
      ['TimeScale', p.timeScale],
      ['Duration', p.duration],
      ...live,
    ]),
  ];
  for (const s of p.streams) {
    lines.push(...streamLines(p, s));
  }
  lines.push('</SmoothStreamingMedia>');
  return `${lines.join('\n')}\n`;
}

/**
 * `buildSmoothManifest` is the client manifest of a presentation window: `smoothPresentation` (which
 * renditions, streams, names, bitrates and fragments) rendered by `smoothManifestText`. A pure function
 * of the window and the codec data of each rendition's current init segment.
 */
export function buildSmoothManifest(
  window: PresentationWindow,
  codecs: SmoothCodecTable,
  options: SmoothPresentationOptions = {},
): string {
  return smoothManifestText(smoothPresentation(window, codecs, options));
}
