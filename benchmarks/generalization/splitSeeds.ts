/**
 * `bench:generalization --split-seeds 1,2,3`: the same preset and flags trained once per train/val
 * split (the trainer's --split-seed), so a setting is judged by its median over several pairs of
 * held-out cars. With two val cars, one split moved val Dice by up to 0.1 (benchmarks/README.md,
 * thirteenth round): more than any setting tried, so one run per setting cannot rank settings.
 */
import { median } from '../train/median.js';

/** The split seeds to run: none (one run, the trainer's own split) without --split-seeds. */
export function parseSplitSeeds(text: string | undefined, extra: readonly string[]): (number | undefined)[] {
  if (text === undefined) return [undefined];
  if (extra.some((flag) => flag === '--split-seed' || flag.startsWith('--split-seed='))) {
    throw new RangeError('--split-seeds: the train flags after -- already set --split-seed; give the seeds in one place');
  }
  const seeds = text.split(',').map((s) => s.trim());
  const bad = seeds.find((s) => !/^\d+$/.test(s) || Number(s) > 2 ** 32 - 1);
  if (bad !== undefined) throw new RangeError(`--split-seeds: expected comma-separated integers 0-${2 ** 32 - 1} (e.g. 1,2,3) but received '${text}'`);
  if (new Set(seeds).size !== seeds.length) throw new RangeError(`--split-seeds: '${text}' names a seed twice (the same split would be counted twice)`);
  return seeds.map(Number);
}

/** One preset's figures over its splits: medians, and the lowest and highest last val Dice. */
export interface SplitSummary {
  preset: string;
  splits: number;
  medianLastValDice: number;
  medianFullSizeDice: number;
  lowestLastValDice: number;
  highestLastValDice: number;
}

/** Per preset, the medians over the runs that finished (a run with no history counts as NaN and is left out). */
export function summarizeSplits(runs: readonly { preset: string; lastValDice: number; bestFullSizeDice: number }[]): SplitSummary[] {
  const presets = [...new Set(runs.map((r) => r.preset))];
  return presets.map((preset) => {
    const mine = runs.filter((r) => r.preset === preset);
    const last = mine.map((r) => r.lastValDice).filter(Number.isFinite);
    return {
      preset,
      splits: last.length,
      medianLastValDice: median(last),
      medianFullSizeDice: median(mine.map((r) => r.bestFullSizeDice).filter(Number.isFinite)),
      lowestLastValDice: last.length === 0 ? NaN : Math.min(...last),
      highestLastValDice: last.length === 0 ? NaN : Math.max(...last),
    };
  });
}
