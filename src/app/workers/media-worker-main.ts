import { runMediaWorker } from './media-worker.js';

// A media worker: a child process of Inlet's main process (see `WorkerPool`). Signals from a terminal
// reach the whole process group; the main process decides when workers stop (it sends `shutdown`).
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);
process.on('uncaughtException', (err) => {
  process.stderr.write(
    `media worker ${process.pid}: uncaught exception, exiting: ${err.stack ?? String(err)}\n`,
  );
  process.exit(70);
});

void runMediaWorker({
  send: (message) => {
    if (process.connected) {
      process.send?.(message);
    }
  },
  onMessage: (listener) => process.on('message', listener),
  onDisconnect: (listener) => process.on('disconnect', listener),
}).then(() => process.exit(0));
