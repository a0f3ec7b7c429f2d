/**
 * `npm run fixtures [-- --only 720p30,audio] [--force]`: generates the load and soak fixtures with the
 * bundled ffmpeg into `fixtures/generated/` (git-ignored; see `fixtures/README.md`). Fixtures that exist
 * are kept unless `--force`.
 */
import { statSync } from 'node:fs';
import { CliArgs } from './common/cli-args.js';
import { ensureFixture, FIXTURES, isFixtureName } from './fixtures/fixture-catalog.js';
import { describeFlv } from './load/flv-loop.js';

const args = new CliArgs(process.argv.slice(2));
const only = args.list(
  'only',
  FIXTURES.map((f) => f.name),
);
const force = args.flag('force');
args.checkUnknown();

for (const name of only) {
  if (!isFixtureName(name)) {
    throw new Error(`unknown fixture ${name}; the catalog has ${FIXTURES.map((f) => f.name).join(', ')}`);
  }
  const started = Date.now();
  const file = await ensureFixture(name, { force, log: (line) => console.error(line) });
  const size = statSync(file).size;
  console.log(
    `${name.padEnd(12)} ${(size / 1e6).toFixed(2).padStart(6)} MB  ${describeFlv(file)}  (${Date.now() - started} ms)  ${file}`,
  );
}
