import type { PresentationPackager } from '../../../packager/presentation-packager.js';
import type { PresentationWindow } from '../../../packager/rendition-window.js';
import type { LoadedTrack } from '../ts-media-configs.js';
import { listTsSegments, type TsOptions, type TsSegmentEntry } from '../ts-listing.js';
import { muxTsSegment } from '../ts-mux.js';
import { planTsSegment, type TsSegmentPlan, type TsTrackPlan } from '../ts-plan.js';

/** `MuxedTsSegment` is one listed TS segment: its listing entry, its plan and its bytes. */
export interface MuxedTsSegment {
  readonly entry: TsSegmentEntry;
  readonly plan: TsSegmentPlan;
  readonly bytes: Uint8Array;
}

/** Loads what `plan` names from the packager, as the HTTP layer would (memory only: tests keep all). */
export function loadTrack(packager: PresentationPackager, plan: TsTrackPlan): LoadedTrack {
  const init = new Map<number, Uint8Array>();
  for (const version of plan.initVersions) {
    const bytes = packager.init(plan.renditionId, version);
    if (bytes === undefined) {
      throw new Error(`init ${version} of ${plan.renditionId} is gone`);
    }
    init.set(version, bytes);
  }
  const segments = plan.segments.map((s) => {
    const chunks = packager.segment(plan.renditionId, s.sequence);
    if (chunks === undefined) {
      throw new Error(`segment ${s.sequence} of ${plan.renditionId} is gone`);
    }
    return chunks;
  });
  return { init, segments };
}

/** `muxListed` plans and muxes every TS segment variant `variantId` lists in `presentation`. */
export function muxListed(
  packager: PresentationPackager,
  presentation: PresentationWindow,
  variantId: string,
  options: TsOptions,
): MuxedTsSegment[] {
  const listing = listTsSegments(presentation, variantId, options);
  return (listing?.entries ?? []).map((entry) => {
    const plan = planTsSegment(presentation, variantId, entry.sequence, options);
    if (plan === undefined) {
      throw new Error(`listed ts segment ${entry.sequence} has no plan`);
    }
    const bytes = muxTsSegment(plan, {
      ...(plan.video === undefined ? {} : { video: loadTrack(packager, plan.video) }),
      ...(plan.audio === undefined ? {} : { audio: loadTrack(packager, plan.audio) }),
    });
    return { entry, plan, bytes };
  });
}
