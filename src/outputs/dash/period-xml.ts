import type { RenditionConfiguration, RenditionWindow } from '../../packager/rendition-window.js';
import { fillTemplate, type MediaNaming } from '../media-naming.js';
import { renditionBandwidth, type FallbackBandwidth } from '../rendition-bandwidth.js';
import type { DashPeriod, PeriodTrack } from './dash-periods.js';
import { isoDuration } from './iso-duration.js';
import { segmentTimelineLines } from './segment-timeline.js';
import { xmlTag } from './xml-text.js';

/** ISO/IEC 23009-1 §5.8.5.4: the channel-count scheme of AudioChannelConfiguration. */
const AUDIO_CHANNEL_SCHEME = 'urn:mpeg:dash:23003:3:audio_channel_configuration:2011';
/** ISO/IEC 23009-1 §5.3.2.4: the Adaptation Set continues the one of the Period named in @value. */
const PERIOD_CONNECTIVITY_SCHEME = 'urn:mpeg:dash:period-connectivity:2015';
/** Frame rates this close to an integer or an NTSC rate (n × 1000/1001) are that rate. */
const FRAME_RATE_EPSILON = 0.001;

/** `AdaptationGroup` is one Adaptation Set across Periods: the video renditions, or audio of one language. */
export interface AdaptationGroup {
  readonly id: number;
  readonly kind: RenditionWindow['kind'];
  readonly language: string | undefined;
}

/** `adaptationGroups` assigns every rendition its Adaptation Set: id 0 for video, then one per audio language. */
export function adaptationGroups(
  renditions: readonly RenditionWindow[],
): Map<RenditionWindow, AdaptationGroup> {
  const groups = new Map<RenditionWindow, AdaptationGroup>();
  const byKey = new Map<string, AdaptationGroup>();
  const ordered = [
    ...renditions.filter((r) => r.kind === 'video'),
    ...renditions.filter((r) => r.kind !== 'video'),
  ];
  for (const window of ordered) {
    const language = window.kind === 'video' ? undefined : window.language;
    const key = `${window.kind}/${language ?? ''}`;
    let group = byKey.get(key);
    if (group === undefined) {
      group = { id: byKey.size, kind: window.kind, language };
      byKey.set(key, group);
    }
    groups.set(window, group);
  }
  return groups;
}

/** `dashFrameRate` prints a frame rate as ISO/IEC 23009-1 FrameRateType: `30`, `30000/1001`, `12500/1000`. */
export function dashFrameRate(fps: number): string {
  const whole = Math.round(fps);
  if (Math.abs(fps - whole) < FRAME_RATE_EPSILON) {
    return String(whole);
  }
  const ntsc = Math.round(fps * 1.001);
  if (Math.abs(fps - (ntsc * 1000) / 1001) < FRAME_RATE_EPSILON) {
    return `${ntsc * 1000}/1001`;
  }
  return `${Math.round(fps * 1000)}/1000`;
}

/** `PeriodXmlContext` is what rendering a Period needs besides the Period. */
export interface PeriodXmlContext {
  readonly naming: MediaNaming;
  readonly fallbackBandwidth: FallbackBandwidth | undefined;
  readonly groups: ReadonlyMap<RenditionWindow, AdaptationGroup>;
  /** Subtracted from every Period start (the first Period's start in a static MPD). */
  readonly originMs: number;
}

function configurationOf(
  window: RenditionWindow,
  initVersion: number,
): Omit<RenditionConfiguration, 'initVersion'> {
  const own = window.configurations?.find((c) => c.initVersion === initVersion);
  return { ...window, ...own };
}

/** `periodLines` renders one Period; `previous` is the Period before it, for period connectivity. */
export function periodLines(
  period: DashPeriod,
  previous: DashPeriod | undefined,
  context: PeriodXmlContext,
): string[] {
  const lines = [
    `  ${xmlTag('Period', [
      ['id', period.id],
      ['start', isoDuration(period.startMs - context.originMs)],
    ])}`,
  ];
  const sets = new Map<AdaptationGroup, PeriodTrack[]>();
  for (const track of period.tracks) {
    const group = context.groups.get(track.window);
    if (group !== undefined && renditionBandwidth(track.window, context.fallbackBandwidth) !== undefined) {
      sets.set(group, [...(sets.get(group) ?? []), track]);
    }
  }
  for (const [group, tracks] of [...sets].sort(([a], [b]) => a.id - b.id)) {
    lines.push(
      `    ${xmlTag('AdaptationSet', [
        ['id', group.id],
        ['contentType', group.kind],
        ['mimeType', `${group.kind}/mp4`],
        ['segmentAlignment', 'true'],
        ['startWithSAP', 1],
        ['lang', group.language],
      ])}`,
    );
    if (previous !== undefined && connected(tracks, previous, group, context.groups)) {
      lines.push(
        `      ${xmlTag(
          'SupplementalProperty',
          [
            ['schemeIdUri', PERIOD_CONNECTIVITY_SCHEME],
            ['value', previous.id],
          ],
          true,
        )}`,
      );
    }
    for (const track of tracks) {
      lines.push(...representationLines(track, context));
    }
    lines.push('    </AdaptationSet>');
  }
  lines.push('  </Period>');
  return lines;
}

/** DASH-IF timing model §12: connected when the previous Period has the same Representations, each going on
 * with the same run and init segment. */
function connected(
  tracks: readonly PeriodTrack[],
  previous: DashPeriod,
  group: AdaptationGroup,
  groups: ReadonlyMap<RenditionWindow, AdaptationGroup>,
): boolean {
  const before = previous.tracks.filter((t) => groups.get(t.window) === group);
  return (
    before.length === tracks.length &&
    tracks.every((t) =>
      before.some(
        (b) =>
          b.window === t.window &&
          b.initVersion === t.initVersion &&
          b.discontinuitySequence === t.discontinuitySequence,
      ),
    )
  );
}

function representationLines(track: PeriodTrack, context: PeriodXmlContext): string[] {
  const { window } = track;
  const config = configurationOf(window, track.initVersion);
  const video = window.kind === 'video';
  const positive = (n: number | undefined): number | undefined => (n !== undefined && n > 0 ? n : undefined);
  const frameRate = positive(config.frameRate);
  const lines = [
    `      ${xmlTag('Representation', [
      ['id', window.id],
      ['bandwidth', renditionBandwidth(window, context.fallbackBandwidth)],
      ['codecs', config.codecString],
      ['width', video ? positive(config.width) : undefined],
      ['height', video ? positive(config.height) : undefined],
      ['frameRate', video && frameRate !== undefined ? dashFrameRate(frameRate) : undefined],
      ['audioSamplingRate', video ? undefined : positive(config.sampleRate)],
    ])}`,
  ];
  const channels = positive(config.channelCount);
  if (!video && channels !== undefined) {
    lines.push(
      `        ${xmlTag(
        'AudioChannelConfiguration',
        [
          ['schemeIdUri', AUDIO_CHANNEL_SCHEME],
          ['value', channels],
        ],
        true,
      )}`,
    );
  }
  // ISO/IEC 23009-1 §5.3.9.4.4: `$` is the identifier delimiter, a literal one is written `$$`.
  const literal = (s: string): string => s.replace(/\$/g, '$$$$');
  const rendition = literal(window.id);
  const first = track.segments[0];
  lines.push(
    `        ${xmlTag('SegmentTemplate', [
      ['timescale', window.timescale],
      ['presentationTimeOffset', track.presentationTimeOffset],
      ['startNumber', first?.sequence],
      [
        'initialization',
        literal(fillTemplate(context.naming.init, { rendition: window.id, init: track.initVersion })),
      ],
      ['media', fillTemplate(literal(context.naming.segment), { rendition, sequence: '$Number$' })],
    ])}`,
    '          <SegmentTimeline>',
    ...segmentTimelineLines(track.segments, '            '),
    '          </SegmentTimeline>',
    '        </SegmentTemplate>',
    '      </Representation>',
  );
  return lines;
}
