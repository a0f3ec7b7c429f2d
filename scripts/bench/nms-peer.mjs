// @ts-check
/**
 * Node-Media-Server v4 (npm `node-media-server`) as a pure-ingest benchmark peer: RTMP only, on loopback,
 * no HTTP/HTTPS, no recording, no web admin, no auth, its store in a temporary directory. Plain
 * JavaScript, like the Inlet side, so the measured process holds nothing but the server.
 *
 *   node scripts/bench/nms-peer.mjs <rtmpPort> <storeDir>
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const NodeMediaServer = require('node-media-server');
const nmsLogger = require('node-media-server/src/core/logger.js');

const port = Number(process.argv[2] ?? 1935);
const storeDir = process.argv[3] ?? './nms-data';
const nms = new NodeMediaServer(
  {
    bind: '127.0.0.1',
    notify: { url: '' },
    store: { path: storeDir, maxHistory: 100 },
    auth: { play: false, publish: false, secret: '' },
    rtmp: { port },
    record: { auto: false, path: storeDir },
    webadmin: { enable: false },
  },
  '',
);
// The constructor sets "debug"; a server in production logs at info.
nmsLogger.level = 'info';
await nms.run();
console.log(`nms peer listening on rtmp://127.0.0.1:${port}`);
const stop = () => void nms.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
