import { parseIsoDuration } from './iso-duration.js';

/** Milliseconds per unit of a human duration, largest first (the order units must appear in). */
const UNITS: readonly (readonly [unit: string, ms: number])[] = [
  ['w', 7 * 24 * 3_600_000],
  ['d', 24 * 3_600_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

/** One `<number><unit>` term; `ms` is tried before `m` by the alternation order. */
const TERM_SOURCE = String.raw`(\d+(?:\.\d+)?)\s*(ms|w|d|h|m|s)\s*`;

/**
 * `parseDuration` reads a duration from configuration into integer milliseconds: a plain number or
 * numeric string is milliseconds (`500`, `"500"`); otherwise one or more `<number><unit>` terms with
 * units `w d h m s ms`, largest first (`"20s"`, `"0.5s"`, `"500ms"`, `"2m"`, `"1h30m"`, `"7d"`); or an
 * ISO 8601 duration (`"PT20S"`, see {@link parseIsoDuration}). Results are rounded to the nearest ms.
 * Throws a `RangeError` naming the input otherwise.
 */
export function parseDuration(input: string | number): number {
  const bad = (why: string): RangeError =>
    new RangeError(`invalid duration ${JSON.stringify(input)}: ${why}`);
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input < 0) {
      throw bad('expected a whole number of milliseconds >= 0');
    }
    return input;
  }
  const text = input.trim();
  if (/^\d+$/.test(text)) {
    return parseDuration(Number(text));
  }
  if (/^p/i.test(text)) {
    return parseIsoDuration(text);
  }
  // A fresh sticky regex per call: its lastIndex is the parse position.
  const term = new RegExp(TERM_SOURCE, 'iy');
  let total = 0;
  let lastUnit = -1;
  let terms = 0;
  while (term.lastIndex < text.length) {
    const at = term.lastIndex;
    const m = term.exec(text);
    if (m === null || m.index !== at) {
      break;
    }
    const unitIndex = UNITS.findIndex(([u]) => u === (m[2] ?? '').toLowerCase());
    if (unitIndex <= lastUnit) {
      throw bad('units must go from largest to smallest, each once (e.g. 1h30m)');
    }
    lastUnit = unitIndex;
    total += Number(m[1]) * (UNITS[unitIndex]?.[1] ?? 0);
    terms += 1;
  }
  if (terms === 0 || term.lastIndex !== text.length) {
    throw bad('expected milliseconds or a value like 500ms, 20s, 2m, 1h30m, 7d or PT20S');
  }
  const ms = Math.round(total);
  if (!Number.isSafeInteger(ms)) {
    throw bad('too large');
  }
  return ms;
}

/**
 * `formatDuration` writes milliseconds the way configuration spells them, largest units first with
 * seconds carrying any fraction: 500 → `500ms`, 20000 → `20s`, 1500 → `1.5s`, 5400000 → `1h30m`,
 * 604800000 → `7d`, 0 → `0ms`. `parseDuration(formatDuration(ms)) === ms` for every whole `ms >= 0`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new RangeError(`cannot format ${ms} ms as a duration: expected a whole number >= 0`);
  }
  if (ms < 1000) {
    return `${ms}ms`;
  }
  let rest = ms;
  let out = '';
  for (const [unit, size] of UNITS.slice(1, 4)) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  if (rest > 0) {
    const frac = rest % 1000;
    const whole = Math.floor(rest / 1000);
    out += frac === 0 ? `${whole}s` : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}s`;
  }
  return out;
}
