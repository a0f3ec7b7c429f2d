import { childElements, parseXmlTree, type XmlElement } from './xml-tree.js';

/**
 * `readMpd` reads what the manifest tests check in an MPD: the Periods, and per Representation its
 * SegmentTemplate and the segments its SegmentTimeline expands to (`$Number$`, `@t`, `@d`), following
 * ISO/IEC 23009-1 §5.3.9.6 (a missing `@t` continues from the previous segment's end).
 */
export interface MpdSegment {
  readonly number: number;
  readonly t: number;
  readonly d: number;
}

export interface MpdRepresentation {
  readonly id: string;
  readonly adaptationSetId: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly timescale: number;
  readonly presentationTimeOffset: number;
  readonly initialization: string;
  readonly media: string;
  readonly segments: readonly MpdSegment[];
}

export interface MpdPeriod {
  readonly id: string;
  readonly startMs: number;
  readonly connectedTo: readonly string[];
  readonly representations: readonly MpdRepresentation[];
}

export interface Mpd {
  readonly root: XmlElement;
  readonly periods: readonly MpdPeriod[];
}

/** `durationMs` reads the `PT<seconds>S` durations the builder writes. */
export function durationMs(text: string | undefined): number {
  const m = /^PT(\d+(?:\.\d+)?)S$/.exec(text ?? '');
  if (m?.[1] === undefined) {
    throw new Error(`not a PT…S duration: ${text}`);
  }
  return Math.round(Number(m[1]) * 1000);
}

function one(element: XmlElement, name: string): XmlElement {
  const [found] = childElements(element, name);
  if (found === undefined) {
    throw new Error(`${element.name} has no ${name}`);
  }
  return found;
}

function representation(element: XmlElement, adaptationSetId: string): MpdRepresentation {
  const template = one(element, 'SegmentTemplate');
  const a = template.attributes;
  let number = Number(a['startNumber'] ?? 1);
  let next: number | undefined;
  const segments: MpdSegment[] = [];
  for (const s of childElements(one(template, 'SegmentTimeline'), 'S')) {
    const d = Number(s.attributes['d']);
    let t = s.attributes['t'] === undefined ? next : Number(s.attributes['t']);
    if (t === undefined) {
      throw new Error('first S without @t');
    }
    for (let r = Number(s.attributes['r'] ?? 0); r >= 0; r -= 1) {
      segments.push({ number, t, d });
      number += 1;
      t += d;
    }
    next = t;
  }
  return {
    id: element.attributes['id'] ?? '',
    adaptationSetId,
    attributes: element.attributes,
    timescale: Number(a['timescale']),
    presentationTimeOffset: Number(a['presentationTimeOffset'] ?? 0),
    initialization: a['initialization'] ?? '',
    media: a['media'] ?? '',
    segments,
  };
}

/** `readMpd` parses (and so checks the well-formedness of) an MPD. */
export function readMpd(text: string): Mpd {
  const root = parseXmlTree(text);
  const periods = childElements(root, 'Period').map((period) => {
    const sets = childElements(period, 'AdaptationSet');
    return {
      id: period.attributes['id'] ?? '',
      startMs: durationMs(period.attributes['start']),
      connectedTo: sets.flatMap((set) =>
        childElements(set, 'SupplementalProperty')
          .filter((p) => p.attributes['schemeIdUri'] === 'urn:mpeg:dash:period-connectivity:2015')
          .map((p) => `${set.attributes['id'] ?? ''}<-${p.attributes['value'] ?? ''}`),
      ),
      representations: sets.flatMap((set) =>
        childElements(set, 'Representation').map((r) => representation(r, set.attributes['id'] ?? '')),
      ),
    };
  });
  return { root, periods };
}
