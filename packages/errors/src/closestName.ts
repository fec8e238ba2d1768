/**
 * The known name a misspelt one most likely meant, for "did you mean" hints. Names are compared
 * without case or separators (`batch_size`, `batchSize` and `batch-size` are one name), by edit
 * distance with transpositions, the measure of keyboard slips.
 */

/** Lower case without `-` and `_`, so flag, key and snake spellings of one name compare equal. */
const bare = (name: string): string => name.toLowerCase().replace(/[-_]/g, '');

/** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  // Three rolling rows: the swap looks two rows back.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/** How many leading characters `a` and `b` share: slips happen less often at a name's start. */
function sharedPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n;
}

/** Edits allowed for a name of `length` characters: short names have few near neighbours that are not slips. */
const allowedEdits = (length: number): number => (length <= 3 ? 0 : length <= 7 ? 1 : 2);

/**
 * The candidate nearest to `name`, or undefined when none is near: within 1 edit for names of 4-7
 * characters and 2 from 8, or the only candidate that `name` (3 characters or more) begins.
 * Of candidates equally near, the one sharing the longest beginning wins (`hflp` is `hflip`, not
 * `help`), then the earlier.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const typed = bare(name);
  let best: string | undefined;
  let bestDistance = allowedEdits(typed.length);
  let bestShared = -1;
  for (const candidate of candidates) {
    const known = bare(candidate);
    const d = editDistance(typed, known);
    const shared = sharedPrefix(typed, known);
    if (d < bestDistance || (d === bestDistance && shared > bestShared)) [best, bestDistance, bestShared] = [candidate, d, shared];
  }
  if (best !== undefined || typed.length < 3) return best;
  const extending = candidates.filter((candidate) => bare(candidate).startsWith(typed));
  return extending.length === 1 ? extending[0] : undefined;
}
