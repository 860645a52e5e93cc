/**
 * "Did you mean": the closest known word by Damerau-Levenshtein distance
 * (optimal string alignment: insertions, deletions, substitutions and
 * transpositions of neighbours). A suggestion is only made when the distance
 * is small next to the word's length, so `at_lest` suggests `at_least` but
 * `colour` suggests nothing among `event, where, at_least`.
 */

/** Edit distance with adjacent transpositions counted as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]![j]!;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i]![j] = best;
    }
  }
  return at(a.length, b.length);
}

/** Edits tolerated for a word of this length: 1 for short words, about a third of longer ones. */
function tolerance(length: number): number {
  if (length <= 3) return 1;
  return Math.max(2, Math.floor(length / 3));
}

/**
 * The closest candidate within tolerance (case-insensitive), or undefined.
 * Ties go to the earlier candidate. An abbreviation (`prop` for `property`)
 * counts as close when nothing closer is found.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const needle = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  let prefixed: string | undefined;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    if (needle.length >= 3 && candidate.toLowerCase().startsWith(needle)) prefixed ??= candidate;
    const distance = editDistance(needle, candidate.toLowerCase());
    const limit = tolerance(Math.max(word.length, candidate.length));
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ?? prefixed;
}

/** `did you mean "x"?`, or undefined when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const match = closest(word, candidates);
  return match === undefined ? undefined : `did you mean "${match}"?`;
}
