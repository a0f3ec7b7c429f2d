// @ts-check
/**
 * Inlet as built (`dist/`), started exactly as `dist/main.js` does, plus a small metrics endpoint for
 * the benchmark and the soak test: what every live event packager of the process and of its media
 * workers published (`packager-metrics.mjs`; the workers' half is `inlet-worker-metrics.mjs`, preloaded
 * through NODE_OPTIONS), merged.
 *
 * Plain JavaScript on purpose: no TypeScript loader (and no esbuild child process) inside the process
 * whose CPU and memory the benchmark measures.
 *
 *   INLET_BENCH_METRICS_PORT=<port> node scripts/bench/inlet-metrics-server.mjs [--config FILE]
 *   GET /metrics            → {segments: number[], parts: number[], samples: {"event/rendition": n},
 *                              segmentCount, attachedEvents: string[], memory, packagerMemoryBytes,
 *                              segmentViewBytes, segmentBackingBytes}
 *   (`attachedEvents`: the live events whose packager runs in this process or one of its media workers;
 *   `memory` is summed over the main process and its media workers, `workers` the number of workers
 *   that answered)
 *   (`segmentViewBytes` / `segmentBackingBytes`: bytes of all published segments' chunks, and of the distinct
 *   buffers behind them per CMAF chunk, by audio and video: a ratio above 1 means views keep larger buffers alive)
 *   GET /metrics?reset=1    → the same, then clears the latency lists
 *
 * Ingest-only runs use Inlet's own switch, `INLET_PREVIEW=false` (`packager.preview`).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeSnapshots, observePackagers } from './packager-metrics.mjs';

// The build by default; the TypeScript sources with INLET_BENCH_SOURCE=src (the soak in CI, started with
// `--import tsx`, which resolves these `.js` names to the `.ts` files).
const root = new URL(
  process.env['INLET_BENCH_SOURCE'] === 'src' ? '../../src/' : '../../dist/',
  import.meta.url,
);

// Media workers (`workers` >= 1) are child processes: they inherit NODE_OPTIONS, which preloads the
// worker half of these metrics there, and report their port through this directory.
const workerDir = mkdtempSync(join(tmpdir(), 'inlet-bench-workers-'));
process.env['INLET_BENCH_WORKER_METRICS_DIR'] = workerDir;
const preload = `--import=${fileURLToPath(new URL('./inlet-worker-metrics.mjs', import.meta.url))}`;
const exposeGc = process.execArgv.includes('--expose-gc') ? ' --expose-gc' : '';
process.env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} ${preload}${exposeGc}`.trim();

// Subscribed before the app starts: every packager is announced when its live event starts.
const observed = observePackagers();

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

/**
 * The snapshots of the media workers running now (a worker that died left a port file nobody answers).
 * @param {string} query
 */
async function workerSnapshots(query) {
  const out = [];
  for (const name of readdirSync(workerDir)) {
    const file = join(workerDir, name);
    try {
      const port = Number(readFileSync(file, 'utf8'));
      const r = await fetch(`http://127.0.0.1:${port}/metrics${query}`);
      out.push(await r.json());
    } catch {
      rmSync(file, { force: true });
    }
  }
  return out;
}

const metrics = createServer((req, res) => {
  // Diagnostics: with node --expose-gc, `?gc=1` collects first, so `memory` shows live memory only.
  const gc = /** @type {{ gc?: () => void }} */ (globalThis).gc;
  if (req.url?.includes('gc=1') === true && gc !== undefined) {
    gc();
  }
  const reset = req.url?.includes('reset=1') === true;
  const query = `?${reset ? 'reset=1&' : ''}${req.url?.includes('gc=1') === true ? 'gc=1' : ''}`;
  const own = observed.snapshot(reset);
  void workerSnapshots(query).then(
    (workers) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ...mergeSnapshots([own, ...workers]), workers: workers.length }));
    },
    (error) => {
      res.statusCode = 500;
      res.end(String(error));
    },
  );
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
  metrics.close();
  void app.close().then(() => {
    rmSync(workerDir, { recursive: true, force: true });
    process.exit(0);
  });
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
