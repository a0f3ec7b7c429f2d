// @ts-check
/**
 * Preloaded into Inlet's media workers by the metrics wrapper (`NODE_OPTIONS=--import=<this file>`, which
 * child processes inherit): in a media worker it counts what the worker's packagers publish
 * (`packager-metrics.mjs`) and serves it on a loopback port, written to
 * `$INLET_BENCH_WORKER_METRICS_DIR/<pid>.port` for the wrapper to collect. In any other process it does
 * nothing.
 *
 *   GET /metrics[?gc=1][&reset=1]   → the worker's packager metrics (see inlet-metrics-server.mjs)
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { observePackagers } from './packager-metrics.mjs';

const dir = process.env['INLET_BENCH_WORKER_METRICS_DIR'];
const entry = process.argv[1] ?? '';
if (dir !== undefined && /media-worker-main\.(js|ts)$/.test(entry)) {
  const observed = observePackagers();
  const server = createServer((req, res) => {
    const gc = /** @type {{ gc?: () => void }} */ (globalThis).gc;
    if (req.url?.includes('gc=1') === true && gc !== undefined) {
      gc();
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(observed.snapshot(req.url?.includes('reset=1') === true)));
  });
  // Not keeping the worker alive: it exits when the main process tells it to.
  server.unref();
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    writeFileSync(join(dir, `${process.pid}.port`), String(port));
  });
}
