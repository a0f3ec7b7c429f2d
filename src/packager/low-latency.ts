/**
 * `isLowLatency` tells whether a live event's `streamOptions` (Azure `StreamOptionsFlag[]`: `Default`,
 * `LowLatency`, `LowLatencyV2`) ask for low latency: then `PresentationPackager` cuts LL-HLS parts.
 */
export function isLowLatency(streamOptions: readonly string[]): boolean {
  return streamOptions.includes('LowLatency') || streamOptions.includes('LowLatencyV2');
}
