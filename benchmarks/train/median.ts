/** The median of a list of numbers, shared by the benches (no TensorFlow.js import, unlike measureTraining). */

/** Median of a list (the mean of the middle two for an even count); NaN for an empty one. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
