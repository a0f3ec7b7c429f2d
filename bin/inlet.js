#!/usr/bin/env node
// The `inlet` command line: runs the built CLI (dist/app/cli/main.js, made by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/app/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('inlet: the CLI is not built yet: run npm run build first\n');
  process.exit(1);
}
await import(main.href);
