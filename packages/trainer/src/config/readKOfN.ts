/** "K/N" text, as `--shard` and `--fold` take it. */

/** "K/N" (digits, spaces around allowed) as { index: K, count: N }; undefined when the text is not of that form. Ranges are the caller's to check. */
export function readKOfN(text: string): { index: number; count: number } | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  return match === null ? undefined : { index: Number(match[1]), count: Number(match[2]) };
}
