import { CliError, EXIT_USAGE } from './cli-error.js';

/** `CliArgs` is a parsed command line: positional words and options (repeatable ones as lists). */
export interface CliArgs {
  readonly words: readonly string[];
  readonly options: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlySet<string>;
}

/** Options that take a value. */
const VALUE_OPTIONS = new Set([
  'url',
  'token',
  'ca',
  'data-dir',
  'allow',
  'description',
  'access-token',
  'asset',
  'window',
  'key-frame-interval',
  'policy',
  'endpoint',
]);
/** Options without a value. */
const FLAG_OPTIONS = new Set(['auto-start', 'remove-outputs', 'low-latency', 'json', 'help']);

/**
 * `parseCliArgs` splits argv into words and options: `--name value`, `--name=value`, repeated value
 * options (`--allow a --allow b`), flags, and `-h`. Unknown options are a usage error.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const words: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '-h') {
      flags.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (FLAG_OPTIONS.has(name) && eq < 0) {
      flags.add(name);
      continue;
    }
    if (!VALUE_OPTIONS.has(name)) {
      throw new CliError(`unknown option --${name} (see inlet --help)`, EXIT_USAGE);
    }
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') {
      throw new CliError(`option --${name} needs a value`, EXIT_USAGE);
    }
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  return { words, options, flags };
}

/** `option` is the last value given for an option, if any. */
export function option(args: CliArgs, name: string): string | undefined {
  return args.options.get(name)?.at(-1);
}
