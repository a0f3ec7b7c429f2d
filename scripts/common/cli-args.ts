/**
 * `CliArgs` reads `--name value` and `--flag` options of a script's command line (after `npm run x --`).
 * Unknown options are an error, so a typo never silently runs the default.
 */
export class CliArgs {
  readonly #values = new Map<string, string>();
  readonly #flags = new Set<string>();
  readonly #known = new Set<string>();

  constructor(argv: readonly string[]) {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i] ?? '';
      if (!arg.startsWith('--')) {
        throw new Error(`unexpected argument "${arg}": options look like --name value`);
      }
      const eq = arg.indexOf('=');
      if (eq > 0) {
        this.#values.set(arg.slice(2, eq), arg.slice(eq + 1));
        continue;
      }
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        this.#flags.add(arg.slice(2));
      } else {
        this.#values.set(arg.slice(2), next);
        i++;
      }
    }
  }

  /** `string` is the value of `--name`, or `fallback`. */
  string(name: string, fallback: string): string {
    this.#known.add(name);
    return this.#values.get(name) ?? fallback;
  }

  /** `optional` is the value of `--name`, or undefined. */
  optional(name: string): string | undefined {
    this.#known.add(name);
    return this.#values.get(name);
  }

  /** `number` is `--name` as a finite number, or `fallback`. */
  number(name: string, fallback: number): number {
    const text = this.string(name, String(fallback));
    const value = Number(text);
    if (!Number.isFinite(value)) {
      throw new Error(`--${name} must be a number, got "${text}"`);
    }
    return value;
  }

  /** `list` is `--name a,b,c` split on commas, or `fallback`. */
  list(name: string, fallback: readonly string[]): string[] {
    const text = this.optional(name);
    return text === undefined ? [...fallback] : text.split(',').filter((s) => s !== '');
  }

  /** `flag` is true when `--name` (or `--name true`) was given. */
  flag(name: string): boolean {
    this.#known.add(name);
    const value = this.#values.get(name);
    return this.#flags.has(name) || value === 'true' || value === '1';
  }

  /** `checkUnknown` throws when an option was given that no reader asked for. */
  checkUnknown(): void {
    const unknown = [...this.#values.keys(), ...this.#flags].filter((k) => !this.#known.has(k));
    if (unknown.length > 0) {
      throw new Error(`unknown option(s): ${unknown.map((k) => `--${k}`).join(', ')}`);
    }
  }
}
