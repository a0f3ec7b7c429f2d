// @ts-check
/**
 * What the benchmark and the soak measure inside an Inlet process, shared by the metrics wrapper (main
 * process, `inlet-metrics-server.mjs`) and the media worker preload (`inlet-worker-metrics.mjs`): every
 * live event packager of the process is announced on `inlet:packager:created`
 * (src/packager/packager-diagnostics.ts), and a `PackagerObserver` records, per published segment and
 * LL-HLS part, `latencyMs` (arrival of the unit that closed it → its listing), and per rendition the
 * samples packaged (`trun` sample counts) and segments listed, keyed `<live event>/<rendition>`
 * (`load/s3-video`, `e7/s0-audio`): rendition names repeat across live events.
 *
 * Plain JavaScript on purpose: no TypeScript loader inside the process whose CPU and memory are measured.
 */
import { subscribe } from 'node:diagnostics_channel';

/**
 * @typedef {{ stats: () => { memoryBytes?: number }, addObserver: (o: object) => unknown }} Packager
 * @typedef {{
 *   segments: number[], parts: number[], samples: Record<string, number>,
 *   segmentCount: Record<string, number>, attachedEvents: string[], memory: NodeJS.MemoryUsage,
 *   segmentViewBytes: { audio: number, video: number }, segmentBackingBytes: { audio: number, video: number },
 *   packagerMemoryBytes: number
 * }} PackagerMetricsSnapshot
 */

/** `observePackagers` subscribes to the packager announcements of this process and counts. */
export function observePackagers() {
  /** @type {number[]} */
  let segmentLatencies = [];
  /** @type {number[]} */
  let partLatencies = [];
  /** @type {Map<string, number>} */
  const samples = new Map();
  /** @type {Map<string, number>} */
  const segmentCount = new Map();
  /** @type {string[]} */
  const attachedEvents = [];
  /** @type {Packager[]} */
  const packagers = [];
  /** Bytes of segment chunks, and of the distinct buffers behind them (views keep their buffer alive). */
  const viewBytes = { audio: 0, video: 0 };
  const backingBytes = { audio: 0, video: 0 };

  subscribe('inlet:packager:created', (raw) => {
    const { liveEvent, packager } = /** @type {{ liveEvent: string, packager: Packager }} */ (raw);
    packagers.push(packager);
    attachedEvents.push(liveEvent);
    packager.addObserver({
      onChunk(
        /** @type {string} */ rendition,
        /** @type {unknown} */ _chunk,
        /** @type {{data: Uint8Array[]}} */ info,
      ) {
        const id = `${liveEvent}/${rendition}`;
        samples.set(id, (samples.get(id) ?? 0) + sampleCount(info.data));
        const buffers = new Set();
        const kind = id.endsWith('-audio') ? 'audio' : 'video';
        for (const c of info.data) {
          viewBytes[kind] += c.byteLength;
          buffers.add(c.buffer);
        }
        for (const b of buffers) {
          backingBytes[kind] += b.byteLength;
        }
      },
      onSegment(
        /** @type {string} */ rendition,
        /** @type {unknown} */ _segment,
        /** @type {{latencyMs: number}} */ info,
      ) {
        const id = `${liveEvent}/${rendition}`;
        segmentLatencies.push(info.latencyMs);
        segmentCount.set(id, (segmentCount.get(id) ?? 0) + 1);
      },
      onPart(
        /** @type {string} */ _id,
        /** @type {unknown} */ _part,
        /** @type {{latencyMs: number}} */ info,
      ) {
        partLatencies.push(info.latencyMs);
      },
    });
  });

  return {
    /**
     * The counts so far (`reset`: then clears the latency lists).
     * @param {boolean} reset
     * @returns {PackagerMetricsSnapshot}
     */
    snapshot(reset) {
      const out = {
        segments: segmentLatencies,
        parts: partLatencies,
        samples: Object.fromEntries(samples),
        segmentCount: Object.fromEntries(segmentCount),
        attachedEvents: [...attachedEvents],
        memory: process.memoryUsage(),
        segmentViewBytes: { ...viewBytes },
        segmentBackingBytes: { ...backingBytes },
        packagerMemoryBytes: packagers.reduce((a, p) => a + (p.stats().memoryBytes ?? 0), 0),
      };
      if (reset) {
        segmentLatencies = [];
        partLatencies = [];
      }
      return out;
    },
  };
}

/**
 * `mergeSnapshots` adds the snapshots of several processes (main process and media workers): lists
 * joined, counts summed, `memory` summed over the processes (each sampled after its own GC when asked).
 * @param {PackagerMetricsSnapshot[]} all
 * @returns {PackagerMetricsSnapshot}
 */
export function mergeSnapshots(all) {
  const [first, ...rest] = all;
  if (first === undefined) {
    throw new Error('mergeSnapshots needs at least one snapshot');
  }
  /** @param {Record<string, number>} a @param {Record<string, number>} b */
  const add = (a, b) => {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) {
      out[k] = (out[k] ?? 0) + v;
    }
    return out;
  };
  return rest.reduce(
    (a, s) => ({
      segments: [...a.segments, ...s.segments],
      parts: [...a.parts, ...s.parts],
      samples: add(a.samples, s.samples),
      segmentCount: add(a.segmentCount, s.segmentCount),
      attachedEvents: [...a.attachedEvents, ...s.attachedEvents],
      memory: addMemory(a.memory, s.memory),
      segmentViewBytes: {
        audio: a.segmentViewBytes.audio + s.segmentViewBytes.audio,
        video: a.segmentViewBytes.video + s.segmentViewBytes.video,
      },
      segmentBackingBytes: {
        audio: a.segmentBackingBytes.audio + s.segmentBackingBytes.audio,
        video: a.segmentBackingBytes.video + s.segmentBackingBytes.video,
      },
      packagerMemoryBytes: a.packagerMemoryBytes + s.packagerMemoryBytes,
    }),
    first,
  );
}

/**
 * The memory of two processes together.
 * @param {NodeJS.MemoryUsage} a @param {NodeJS.MemoryUsage} b
 * @returns {NodeJS.MemoryUsage}
 */
function addMemory(a, b) {
  return {
    rss: a.rss + b.rss,
    heapTotal: a.heapTotal + b.heapTotal,
    heapUsed: a.heapUsed + b.heapUsed,
    external: a.external + b.external,
    arrayBuffers: a.arrayBuffers + b.arrayBuffers,
  };
}

/**
 * Sums `trun` sample_count (ISO/IEC 14496-12 §8.8.8) over the `moof` boxes among a CMAF chunk's bytes.
 * @param {readonly Uint8Array[]} chunks
 */
function sampleCount(chunks) {
  let total = 0;
  for (const c of chunks) {
    if (c.byteLength >= 8 && c[4] === 0x6d && c[5] === 0x6f && c[6] === 0x6f && c[7] === 0x66) {
      total += countTrun(c, 8, readU32(c, 0));
    }
  }
  return total;
}

/** @param {Uint8Array} b @param {number} at */
function readU32(b, at) {
  return (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
}

/** @param {Uint8Array} b @param {number} from @param {number} to */
function countTrun(b, from, to) {
  let total = 0;
  for (let at = from; at + 8 <= Math.min(to, b.byteLength);) {
    const size = readU32(b, at);
    const type = String.fromCharCode(b[at + 4] ?? 0, b[at + 5] ?? 0, b[at + 6] ?? 0, b[at + 7] ?? 0);
    if (size < 8) {
      break;
    }
    if (type === 'traf') {
      total += countTrun(b, at + 8, at + size);
    } else if (type === 'trun') {
      total += readU32(b, at + 12);
    }
    at += size;
  }
  return total;
}
