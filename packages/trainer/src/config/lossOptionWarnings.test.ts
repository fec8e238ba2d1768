import { describe, expect, it } from 'vitest';
import { lossOptionWarnings } from './lossOptionWarnings.js';
import { mergeTrainConfig } from './resolveTrainConfig.js';
import { validateTrainOptions } from './validateTrainOptions.js';

const warningsFor = (options: Record<string, unknown>): string[] => {
  const given = validateTrainOptions(options);
  return lossOptionWarnings(given, mergeTrainConfig(given, { gpu: false }).config);
};

describe('lossOptionWarnings', () => {
  it('names a Dice weight or per-image Dice the chosen loss does not read', () => {
    expect(warningsFor({ loss: 'bce', diceWeight: 2 })).toEqual(['--dice-weight 2 has no effect with --loss bce: it weighs the Dice term of --loss bce-dice']);
    expect(warningsFor({ loss: 'dice', diceWeight: 5 })).toEqual(['--dice-weight 5 has no effect with --loss dice: it weighs the Dice term of --loss bce-dice']);
    expect(warningsFor({ loss: 'bce', dicePerImage: true })).toEqual(['--dice-per-image has no effect with --loss bce, which has no Dice term: use --loss bce-dice or dice']);
  });
  it('stays quiet where the options are read, left at their defaults, or set by the CPU preset', () => {
    expect(warningsFor({ diceWeight: 2, dicePerImage: true })).toEqual([]);
    expect(warningsFor({ loss: 'dice', dicePerImage: true })).toEqual([]);
    // A run's config.json passed back as --config holds the default weight and per-image off.
    expect(warningsFor({ loss: 'bce', diceWeight: 1, dicePerImage: false })).toEqual([]);
    // The CPU preset sets --dice-weight 3; a caller who picks --loss bce did not set it.
    expect(warningsFor({ loss: 'bce' })).toEqual([]);
  });
});
