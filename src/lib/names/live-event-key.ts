/**
 * `LiveEventKey` identifies a live event in maps: live event names are case-insensitive (as ARM
 * resource names are), so every registry keys them by the lower-cased name. The brand keeps a raw name
 * from being used as a key by mistake; `liveEventKey` is the one place that normalises.
 */
export type LiveEventKey = string & { readonly __brand: 'LiveEventKey' };

/** `liveEventKey` is the key of live event `name`. */
export function liveEventKey(name: string): LiveEventKey {
  return name.toLowerCase() as LiveEventKey;
}
