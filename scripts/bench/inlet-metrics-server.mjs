// @ts-check
/**
 * Inlet as built (`dist/`), started exactly as `dist/main.js` does, plus a small metrics endpoint for
 * the benchmark and the soak test: it adds a `PackagerObserver` (src/packager/packager-types.ts) to every running live
 * event's preview packager and records, per published segment and LL-HLS part, `latencyMs` (arrival of
 * the unit that closed it → its listing), and per rendition the samples packaged (`trun` sample counts),
 * keyed `<live event>/<rendition>` (`load/s3-video`, `e7/s0-audio`): rendition names repeat across live
 * events.
 *
 * Plain JavaScript on purpose: no TypeScript loader (and no esbuild child process) inside the process
 * whose CPU and memory the benchmark measures.
 *
 *   INLET_BENCH_METRICS_PORT=<port> node scripts/bench/inlet-metrics-server.mjs [--config FILE]
 *   GET /metrics            → {segments: number[], parts: number[], samples: {"event/rendition": n},
 *                              segmentCount, attachedEvents: string[], memory, packagerMemoryBytes,
 *                              segmentViewBytes, segmentBackingBytes}
 *   (`attachedEvents`: the live events whose packager this process observes; a packager running in another
 *   process is not among them)
 *   (`segmentViewBytes` / `segmentBackingBytes`: bytes of all published segments' chunks, and of the distinct
 *   buffers behind them per CMAF chunk, by audio and video: a ratio above 1 means views keep larger buffers alive)
 *   GET /metrics?reset=1    → the same, then clears the latency lists
 *
 * Ingest-only runs use Inlet's own switch, `INLET_PREVIEW=false` (`packager.preview`).
 */
import { createServer } from 'node:http';

// The build by default; the TypeScript sources with INLET_BENCH_SOURCE=src (the soak in CI, started with
// `--import tsx`, which resolves these `.js` names to the `.ts` files).
const root = new URL(
  process.env['INLET_BENCH_SOURCE'] === 'src' ? '../../src/' : '../../dist/',
  import.meta.url,
);
const { loadConfig } = await import(new URL('config/load-config.js', root).href);
const { createLogger } = await import(new URL('app/create-logger.js', root).href);
const { InletApp } = await import(new URL('app/inlet-app.js', root).href);

const config = loadConfig({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd() });
const logger = createLogger(config.log);
const app = await InletApp.start({
  config,
  logger,
  print: (/** @type {string} */ text) => console.log(text),
});

/** @type {number[]} */
let segmentLatencies = [];
/** @type {number[]} */
let partLatencies = [];
/** @type {Map<string, number>} */
const samples = new Map();
/** @type {Map<string, number>} */
const segmentCount = new Map();
const attached = new WeakSet();
/** @type {string[]} */
const attachedEvents = [];
/** @type {{ stats: () => Record<string, number> }[]} */
const packagers = [];
/** Bytes of segment chunks, and of the distinct buffers behind them (views keep their buffer alive). */
const viewBytes = { audio: 0, video: 0 };
const backingBytes = { audio: 0, video: 0 };

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

function attach() {
  for (const event of app.liveEvents.catalog.list()) {
    const lookup = app.runtime.preview(event.name);
    if (lookup.kind !== 'ok') {
      continue;
    }
    const packager = lookup.route.reader;
    if (attached.has(packager) || typeof packager.addObserver !== 'function') {
      continue;
    }
    attached.add(packager);
    packagers.push(packager);
    attachedEvents.push(event.name);
    const eventName = event.name;
    packager.addObserver({
      onChunk(
        /** @type {string} */ rendition,
        /** @type {unknown} */ _chunk,
        /** @type {{data: Uint8Array[]}} */ info,
      ) {
        const id = `${eventName}/${rendition}`;
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
        const id = `${eventName}/${rendition}`;
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
  }
}
attach();
const attachTimer = setInterval(attach, 500);

const metrics = createServer((req, res) => {
  // Diagnostics: with node --expose-gc, `?gc=1` collects first, so `memory` shows live memory only.
  const gc = /** @type {{ gc?: () => void }} */ (globalThis).gc;
  if (req.url?.includes('gc=1') === true && gc !== undefined) {
    gc();
  }
  const body = JSON.stringify({
    segments: segmentLatencies,
    parts: partLatencies,
    samples: Object.fromEntries(samples),
    segmentCount: Object.fromEntries(segmentCount),
    attachedEvents,
    memory: process.memoryUsage(),
    segmentViewBytes: viewBytes,
    segmentBackingBytes: backingBytes,
    packagerMemoryBytes: packagers.reduce((a, p) => a + (p.stats().memoryBytes ?? 0), 0),
  });
  if (req.url?.includes('reset=1') === true) {
    segmentLatencies = [];
    partLatencies = [];
  }
  res.setHeader('content-type', 'application/json');
  res.end(body);
});
metrics.listen(Number(process.env['INLET_BENCH_METRICS_PORT'] ?? 0), '127.0.0.1', () => {
  const address = metrics.address();
  console.log(
    `bench metrics on port ${typeof address === 'object' && address !== null ? address.port : address}`,
  );
});

let stopping = false;
/** @param {string} signal */
function stop(signal) {
  if (stopping) {
    process.exit(1);
  }
  stopping = true;
  logger.info(`${signal}: stopping`);
  clearInterval(attachTimer);
  metrics.close();
  void app.close().then(() => process.exit(0));
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
