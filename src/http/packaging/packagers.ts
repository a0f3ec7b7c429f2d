import type { Packagers } from './packaged-presentation.js';
import { SmoothPackager } from './smooth-packaging.js';
import { TsPackager } from './ts-packaging.js';

/** `createPackagers` makes the packagers of the formats that are made on request (TS, Smooth). */
export function createPackagers(): Packagers {
  return { ts: new TsPackager(), smooth: new SmoothPackager() };
}
