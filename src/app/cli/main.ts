/**
 * Entry point of the `inlet` command line (`bin/inlet.js` runs the built `dist/app/cli/main.js`): manages
 * live events and live outputs of a running Inlet server through its REST API.
 */
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
