/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), so that the common
 * typo "prots" is one edit from "ports".
 */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = Array.from({ length: rows * cols }, (_, k) =>
    k < cols ? k : k % cols === 0 ? k / cols : 0,
  );
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(rows - 1, cols - 1);
}

/**
 * How many edits still count as a typo: 1 for names up to 4 characters, 2 up to 8, then 3. More
 * than that suggests unrelated words.
 */
function tolerance(length: number): number {
  return length <= 4 ? 1 : length <= 8 ? 2 : 3;
}

/**
 * `didYouMean` returns the candidate closest to `input` when it is close enough to be a typo
 * (case-insensitive), or `undefined`. The tolerance follows the length of the last part of the name
 * (after the last `.` or `_`), so long dotted keys do not tolerate more mistakes than short ones.
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  const leaf = needle.split(/[._]/).at(-1) ?? needle;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= tolerance(Math.max(leaf.length, 1)) ? best : undefined;
}

/** `suggestion` formats {@link didYouMean} as ` (did you mean "x"?)`, or '' when nothing is close. */
export function suggestion(input: string, candidates: Iterable<string>): string {
  const match = didYouMean(input, candidates);
  return match === undefined ? '' : ` (did you mean ${JSON.stringify(match)}?)`;
}
