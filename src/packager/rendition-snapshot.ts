import type { TrackKind } from '../media/track.js';
import type { InitVersion } from './init-version.js';
import type { RenditionConfiguration, RenditionWindow } from './rendition-window.js';
import type { SegmentWindow } from './segment-window.js';
import { windowBandwidth } from './window-bandwidth.js';

/** `RenditionSnapshotInput` is what `renditionSnapshot` reads from a rendition. */
export interface RenditionSnapshotInput {
  readonly id: string;
  readonly kind: TrackKind;
  readonly timescale: number;
  readonly current: InitVersion;
  readonly versions: ReadonlyMap<number, InitVersion>;
  readonly window: SegmentWindow;
  readonly targetDuration: number;
  readonly partTarget: number | undefined;
  readonly windowSeconds: number;
  readonly language: string | undefined;
  readonly ended: boolean;
}

/**
 * `renditionSnapshot` builds the `RenditionWindow` of a rendition: the listed segments, the pending
 * segment (low latency), the current configuration's codec facts, the configurations of every init
 * version still in use (oldest first) and the bandwidth measured over the listed segments.
 */
export function renditionSnapshot(input: RenditionSnapshotInput): RenditionWindow {
  const segments = input.window.listed();
  const pending = input.partTarget === undefined ? undefined : input.window.pending;
  const { peak, average } = windowBandwidth(segments, input.timescale, input.targetDuration);
  const versions = new Set<number>(segments.map((s) => s.initVersion));
  if (pending !== undefined) {
    versions.add(pending.initVersion);
  }
  versions.add(input.current.init.version);
  const configurations: RenditionConfiguration[] = [];
  for (const version of [...versions].sort((a, b) => a - b)) {
    const known = input.versions.get(version);
    if (known !== undefined) {
      configurations.push(known.configuration);
    }
  }
  const { initVersion: _version, ...facts } = input.current.configuration;
  return {
    id: input.id,
    kind: input.kind,
    ...facts,
    timescale: input.timescale,
    bandwidth: peak,
    averageBandwidth: average,
    ...(input.language === undefined ? {} : { language: input.language }),
    initVersion: input.current.init.version,
    configurations,
    segments,
    pending,
    targetDuration: input.targetDuration,
    partTarget: input.partTarget,
    windowSeconds: input.windowSeconds,
    ended: input.ended,
  };
}
