/**
 * `ArchiveLatency` collects the latencies of the segments and parts a live event published in one
 * heartbeat window, for `LiveEventChannelArchiveHeartbeat.channelLatencyMs` ("the time ingested video
 * spends in the live event pipeline before it is published in the HLS/DASH manifest").
 *
 * It reports the window's maximum, not a percentile: the worst delay any viewer could see in the window,
 * kept in O(1) memory. With a part every 0.5–2 s per rendition a 20 s window holds tens of samples, where
 * a p99 is the maximum anyway.
 */
export class ArchiveLatency {
  #max = 0;
  #samples = 0;

  /** Records one published segment or part: ms from its last sample's arrival to its listing. */
  add(latencyMs: number): void {
    if (!(latencyMs >= 0)) {
      return;
    }
    if (this.#samples === 0 || latencyMs > this.#max) {
      this.#max = latencyMs;
    }
    this.#samples++;
  }

  /** Closes the window: its maximum latency (ms, rounded), or undefined when nothing was published in it. */
  take(): number | undefined {
    const max = this.#samples > 0 ? Math.round(this.#max) : undefined;
    this.#max = 0;
    this.#samples = 0;
    return max;
  }
}
