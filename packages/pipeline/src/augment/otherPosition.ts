/**
 * A batch position other than `target`, uniform over the other `count - 1` from a uniform `u` in
 * [0, 1): drawn among them and stepped over the target. `count` must be at least 2.
 */
export function otherPosition(u: number, target: number, count: number): number {
  const other = Math.min(count - 2, Math.floor(u * (count - 1)));
  return other >= target ? other + 1 : other;
}
