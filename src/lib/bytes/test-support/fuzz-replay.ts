import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Parameters as FcParameters, RunDetails } from 'fast-check';
import { hexBytes, hexOf } from './hex.js';

/**
 * Saved fuzz counterexamples. A fuzz test passes `fuzzParameters(...)` to `fc.assert`: every input saved
 * in its fixture set is tried first (as fast-check `examples`), then the same seeded random runs as
 * before (`numRuns` grows by the number of fixtures, so the generated inputs do not change). When a run
 * fails, the test prints the shrunk counterexample as a fixture entry, hex and all, ready to paste into
 * the set, after which fast-check reports the failure as usual.
 */

/** `FuzzFixture` is one input a fuzz test once failed on. */
export interface FuzzFixture {
  /** What the input once broke, in one line. */
  readonly broke: string;
  /** The input bytes as hex; whitespace and newlines are ignored. */
  readonly hex: string;
}

/** `FuzzFixtureSet` is the saved inputs of one fuzz test and where they are kept. */
export interface FuzzFixtureSet<F extends FuzzFixture = FuzzFixture> {
  /** The exported constant holding the set, named in the message printed on failure. */
  readonly name: string;
  /** `import.meta.url` of the module that holds the set. */
  readonly module: string;
  readonly fixtures: readonly F[];
}

/** `FuzzReplay` maps a set's fixtures to the property's arguments and a counterexample back to a fixture. */
export interface FuzzReplay<F extends FuzzFixture, Ts extends unknown[]> {
  readonly set: FuzzFixtureSet<F>;
  /** The property arguments that replay a fixture. */
  readonly args: (fixture: F) => Ts;
  /** Every field of a new fixture but `broke`, from the property arguments of a counterexample. */
  readonly fields: (args: Ts) => Omit<F, 'broke'>;
}

/** `bytesReplay` is the replay of a property over one byte array: the fixture is that array. */
export function bytesReplay(set: FuzzFixtureSet): FuzzReplay<FuzzFixture, [Uint8Array<ArrayBuffer>]> {
  return { set, args: (f) => [hexBytes(f.hex)], fields: ([bytes]) => ({ hex: hexOf(bytes) }) };
}

/** `fuzzParameters` is `run` (the test's own seed and run count) with the set replayed first. */
export function fuzzParameters<F extends FuzzFixture, Ts extends unknown[]>(
  run: FcParameters<NoInfer<Ts>> & { readonly numRuns: number; readonly seed: number },
  replay: FuzzReplay<F, Ts>,
): FcParameters<Ts> {
  const examples = replay.set.fixtures.map(replay.args);
  return {
    ...run,
    numRuns: run.numRuns + examples.length,
    examples: [...examples, ...(run.examples ?? [])],
    plugins: [
      ...(run.plugins ?? []),
      () => ({
        onAllRunsComplete: (details: RunDetails<Ts>) => {
          if (details.failed && details.counterexample !== null) {
            // eslint-disable-next-line no-console -- test support: the failing test prints what to save
            console.error(counterexampleReport(replay, details.counterexample));
          }
        },
      }),
    ],
  };
}

/** `counterexampleReport` is the message printed on failure: where to paste, and the entry to paste. */
export function counterexampleReport<F extends FuzzFixture, Ts extends unknown[]>(
  replay: FuzzReplay<F, Ts>,
  counterexample: NoInfer<Ts>,
): string {
  const where = relative(process.cwd(), fileURLToPath(replay.set.module));
  return [
    `Fuzz counterexample: add it to ${replay.set.name} in ${where} (say in "broke" what it broke):`,
    fixtureSource(replay.fields(counterexample)),
  ].join('\n');
}

/** `fixtureSource` writes a fixture as a TypeScript object literal; long hex is wrapped in a template. */
export function fixtureSource(fields: object): string {
  const lines = [`  {`, `    broke: 'TODO',`];
  for (const [key, value] of Object.entries(fields)) {
    lines.push(
      key === 'hex' ? `    hex: ${hexSource(String(value))},` : `    ${key}: ${JSON.stringify(value)},`,
    );
  }
  lines.push('  },');
  return lines.join('\n');
}

const HEX_LINE = 64;

function hexSource(hex: string): string {
  if (hex.length <= HEX_LINE) {
    return `'${hex}'`;
  }
  const lines: string[] = [];
  for (let at = 0; at < hex.length; at += HEX_LINE) {
    lines.push(`      ${hex.slice(at, at + HEX_LINE)}`);
  }
  return `\`\n${lines.join('\n')}\n    \``;
}
