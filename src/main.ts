import { ConfigError } from './config/config-error.js';
import { loadConfig } from './config/load-config.js';
import { createLogger } from './app/create-logger.js';
import { InletApp } from './app/inlet-app.js';

/**
 * Inlet's entry point: loads the configuration (defaults ← `--config FILE` / `INLET_CONFIG` ←
 * environment), starts every component, and stops them cleanly on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd() });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      console.error('See "Configuration" in README.md for every key and environment variable.');
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.log);
  let app: InletApp;
  try {
    app = await InletApp.start({ config, logger, print: (text) => console.log(text) });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      console.error(
        `a port is already in use (${e.message}); stop the other server or set other ports (INLET_RTMP_PORTS, INLET_RTMPS_PORTS, INLET_HTTP_PORT, INLET_HTTPS_PORT)`,
      );
    } else if (e.code === 'EACCES') {
      console.error(
        `not allowed to listen (${e.message}); use ports above 1024 or run with the needed rights`,
      );
    } else {
      console.error(`Inlet could not start: ${e.message}`);
    }
    logger.flush?.();
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal}: stopping`);
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
