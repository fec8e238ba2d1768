/**
 * `bench:generalization --split-seeds 1,2,3` and `--folds N`: the same preset and flags trained
 * once per train/val split (the trainer's --split-seed, or each --fold K/N of K-fold
 * cross-validation, which holds out every car once), so a setting is judged over several pairs
 * of held-out cars. With two val cars, one split moved val Dice by up to 0.1
 * (benchmarks/README.md, thirteenth round): more than any setting tried, so one run per setting
 * cannot rank settings.
 */
import { BenchUsageError } from '../benchCli.js';
import { median } from '../train/median.js';
import type { GroupDice } from '@maskflow/trainer';

/** The split seeds to run: none (one run, the trainer's own split) without --split-seeds. */
export function parseSplitSeeds(text: string | undefined, extra: readonly string[]): (number | undefined)[] {
  if (text === undefined) return [undefined];
  if (extra.some((flag) => flag === '--split-seed' || flag.startsWith('--split-seed='))) {
    throw new BenchUsageError('--split-seeds: the train flags after -- already set --split-seed; give the seeds in one place');
  }
  const seeds = text.split(',').map((s) => s.trim());
  const bad = seeds.find((s) => !/^\d+$/.test(s) || Number(s) > 2 ** 32 - 1);
  if (bad !== undefined) throw new BenchUsageError(`--split-seeds: expected comma-separated integers 0-${2 ** 32 - 1} (e.g. 1,2,3) but received '${text}'`);
  if (new Set(seeds).size !== seeds.length) throw new BenchUsageError(`--split-seeds: '${text}' names a seed twice (the same split would be counted twice)`);
  return seeds.map(Number);
}

/** --folds N: the number of folds (2 or more), or undefined without it. */
export function parseFolds(text: string | undefined, extra: readonly string[]): number | undefined {
  if (text === undefined) return undefined;
  if (extra.some((flag) => flag === '--fold' || flag.startsWith('--fold='))) {
    throw new BenchUsageError('--folds: the train flags after -- already set --fold; give the folds in one place');
  }
  if (!/^\d+$/.test(text.trim()) || Number(text) < 2 || Number(text) > 1000) throw new BenchUsageError(`--folds: expected an integer 2-1000 (e.g. 6: two val cars of 12 per fold) but received '${text}'`);
  return Number(text);
}

/** One training run of a bench: its label in the table (null: the trainer's own split), the train flags that choose its split, and its run directory's suffix. */
export interface SplitRun {
  label: string | null;
  flags: string[];
  suffix: string;
}

/** The runs of one preset: each split seed (or the trainer's own), and with `folds` each fold of it. */
export function splitRuns(seeds: readonly (number | undefined)[], folds: number | undefined): SplitRun[] {
  return seeds.flatMap((seed) => {
    const seedFlags = seed === undefined ? [] : ['--split-seed', String(seed)];
    const seedSuffix = seed === undefined ? '' : `-split-${seed}`;
    if (folds === undefined) return [{ label: seed === undefined ? null : String(seed), flags: seedFlags, suffix: seedSuffix }];
    return Array.from({ length: folds }, (_, k) => ({
      label: `${seed === undefined ? '' : `${seed} `}fold ${k}/${folds}`,
      flags: [...seedFlags, '--fold', `${k}/${folds}`],
      suffix: `${seedSuffix}-fold-${k}`,
    }));
  });
}

/** One preset's figures over its splits: means, medians, and the lowest and highest last val Dice. */
export interface SplitSummary {
  preset: string;
  splits: number;
  /** Over the N folds of --folds N, the mean is the cross-validation figure (folds hold out as many cars each, give or take one). */
  meanLastValDice: number;
  meanFullSizeDice: number;
  medianLastValDice: number;
  medianFullSizeDice: number;
  lowestLastValDice: number;
  highestLastValDice: number;
}

/** Per preset, the means and medians over the runs that finished (a run with no history counts as NaN and is left out). */
export function summarizeSplits(runs: readonly { preset: string; lastValDice: number; bestFullSizeDice: number }[]): SplitSummary[] {
  const presets = [...new Set(runs.map((r) => r.preset))];
  return presets.map((preset) => {
    const mine = runs.filter((r) => r.preset === preset);
    const last = mine.map((r) => r.lastValDice).filter(Number.isFinite);
    const fullSize = mine.map((r) => r.bestFullSizeDice).filter(Number.isFinite);
    return {
      preset,
      splits: last.length,
      meanLastValDice: mean(last),
      meanFullSizeDice: mean(fullSize),
      medianLastValDice: median(last),
      medianFullSizeDice: median(fullSize),
      lowestLastValDice: last.length === 0 ? NaN : Math.min(...last),
      highestLastValDice: last.length === 0 ? NaN : Math.max(...last),
    };
  });
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Every held-out car of a preset's runs with its full-size Dice, worst first: over the N folds of
 * --folds N, each car of the set once, so the table says which of the cars the model fails on.
 */
export function carsWorstFirst(runs: readonly { preset: string; byCar: readonly GroupDice[] }[], preset: string): GroupDice[] {
  return runs.filter((r) => r.preset === preset).flatMap((r) => r.byCar).sort((a, b) => a.dice - b.dice);
}
