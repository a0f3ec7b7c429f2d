import { channel } from 'node:diagnostics_channel';
import type { PresentationPackager } from './presentation-packager.js';

/**
 * `PackagerCreated` is the message of `packagerCreated`: a running live event's packager, just made
 * (before any media reaches it).
 */
export interface PackagerCreated {
  readonly liveEvent: string;
  readonly packager: PresentationPackager;
}

/**
 * `packagerCreated` (`node:diagnostics_channel` name `inlet:packager:created`) announces every live event
 * packager made in this process, so instrumentation loaded beside Inlet (a benchmark's metrics, a
 * profiler) can add a `PackagerObserver` without a hook in the code that made it: in the main process
 * and in every media worker alike. Publishing costs nothing while no one subscribes.
 */
export const packagerCreated = channel('inlet:packager:created');

/** `announcePackager` publishes `packager` on `packagerCreated` when someone listens. */
export function announcePackager(liveEvent: string, packager: PresentationPackager): void {
  if (packagerCreated.hasSubscribers) {
    const message: PackagerCreated = { liveEvent, packager };
    packagerCreated.publish(message);
  }
}
