/**
 * `checkHeartbeats` compares the `LiveEventIngestHeartbeat`s received with what Inlet promises: every
 * heartbeat interval, one heartbeat per track of every stream that has connected so far (tracks keep
 * their heartbeats after a disconnect until the live event stops; azure-compat §3.1). Heartbeats of one
 * interval are emitted together, so they are grouped into ticks by time; the expected count of a tick is
 * tracks-per-stream × streams first connected before it. Track names repeat across streams of the same
 * bitrate (`video_<bitrate>`), so the check counts per tick rather than per track name.
 */
import type { ReceivedEvent } from './webhook-receiver.js';

/** `HeartbeatCheck` is the outcome. */
export interface HeartbeatCheck {
  readonly ticks: number;
  readonly received: number;
  readonly expected: number;
  /** Ticks whose count was not the expected one, with the first few as examples. */
  readonly badTicks: number;
  readonly examples: string[];
  /** Gaps between consecutive ticks longer than 1.5 intervals (a missed tick). */
  readonly missedTicks: number;
}

/** Heartbeats of one tick come within milliseconds; ticks are an interval apart. */
const TICK_GAP_FRACTION = 0.5;
/** A stream connecting this close to a tick may or may not have its tracks in it, ms. */
const EDGE_MS = 250;

/** `checkHeartbeats`: see the module comment. */
export function checkHeartbeats(o: {
  heartbeats: readonly ReceivedEvent[];
  connected: readonly ReceivedEvent[];
  intervalMs: number;
  tracksPerStream: (streamId: string) => number;
}): HeartbeatCheck {
  const firstConnect = new Map<string, number>();
  for (const e of o.connected) {
    const id = String(e.data['streamId'] ?? '');
    const t = Date.parse(e.eventTime);
    firstConnect.set(id, Math.min(firstConnect.get(id) ?? Infinity, t));
  }
  const times = o.heartbeats.map((h) => Date.parse(h.eventTime)).sort((a, b) => a - b);
  const ticks: { at: number; count: number }[] = [];
  for (const t of times) {
    const last = ticks[ticks.length - 1];
    if (last !== undefined && t - last.at < o.intervalMs * TICK_GAP_FRACTION) {
      last.count++;
    } else {
      ticks.push({ at: t, count: 1 });
    }
  }
  let expected = 0;
  let badTicks = 0;
  let missedTicks = 0;
  const examples: string[] = [];
  ticks.forEach((tick, i) => {
    let low = 0;
    let high = 0;
    for (const [id, at] of firstConnect) {
      const tracks = o.tracksPerStream(id);
      if (at < tick.at - EDGE_MS) {
        low += tracks;
      }
      if (at < tick.at + EDGE_MS) {
        high += tracks;
      }
    }
    const want = tick.count >= low && tick.count <= high ? tick.count : low;
    expected += want;
    if (tick.count !== want) {
      badTicks++;
      if (examples.length < 5) {
        examples.push(
          `tick at ${new Date(tick.at).toISOString()}: ${tick.count} heartbeats, expected ${low === high ? low : `${low}..${high}`}`,
        );
      }
    }
    const previous = ticks[i - 1];
    if (previous !== undefined && tick.at - previous.at > o.intervalMs * 1.5) {
      missedTicks++;
    }
  });
  return { ticks: ticks.length, received: times.length, expected, badTicks, examples, missedTicks };
}
