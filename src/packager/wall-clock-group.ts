/**
 * Arrival skew between the tracks of one encoder at a break: the fragmenter holds audio until video
 * passes it and encoders interleave a few hundred ms apart, so offsets within 1 s describe the same clock.
 */
const SAME_CLOCK_MS = 1000;

/**
 * `WallClockGroup` maps the ingest output clock (ms, shared by the tracks of one `StreamTimeline`) to the
 * wall clock for the renditions fed from it: `wall = ms + offset`. At the start of each discontinuity run a
 * rendition proposes `offset = arrival − ms` of the run's first unit; when the group's offset is within
 * 1 s of the proposal (the sibling track of the same break, or a rebase that did not move wall time) the
 * rendition joins it, so audio and video of one encoder get one mapping and identical program date times
 * for the same instant; otherwise (a reconnect after an outage, the first run) the group re-anchors at the
 * proposal. A rendition keeps its run's offset until its next run, so its `WallClockAnchor` never moves.
 */
export class WallClockGroup {
  #offset: number | undefined;

  /** The offset for a run whose first unit at output time `ms` arrived at wall-clock `arrival`. */
  join(ms: number, arrival: number): number {
    const proposed = arrival - ms;
    if (this.#offset === undefined || Math.abs(proposed - this.#offset) > SAME_CLOCK_MS) {
      this.#offset = proposed;
    }
    return this.#offset;
  }
}
