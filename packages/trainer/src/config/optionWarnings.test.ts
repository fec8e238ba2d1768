import { describe, expect, it } from 'vitest';
import { encoderOptionWarnings, lossOptionWarnings, progressiveOptionWarnings } from './optionWarnings.js';
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

describe('encoderOptionWarnings', () => {
  const encoderWarnings = (options: Record<string, unknown>): string[] => {
    const given = validateTrainOptions(options);
    return encoderOptionWarnings(given, mergeTrainConfig(given, { gpu: false }).config);
  };
  it('names a --depth that --encoder mobilenet_v2, the CPU preset\'s, does not read', () => {
    expect(encoderWarnings({ encoder: 'mobilenet_v2', depth: 6 })).toEqual(['--depth 6 has no effect with --encoder mobilenet_v2, whose encoder has 4 levels (strides 2 to 16) or, with --depth 5, 5 (to 32): it trains with 4']);
    expect(encoderWarnings({ depth: 3 })).toEqual(['--depth 3 has no effect with --encoder mobilenet_v2, whose encoder has 4 levels (strides 2 to 16) or, with --depth 5, 5 (to 32): it trains with 4']);
  });
  it("stays quiet for the tutorial's encoder, a depth of 4 or 5, or no depth given", () => {
    expect(encoderWarnings({ encoder: 'mobilenet_v2', depth: 5 })).toEqual([]);
    expect(encoderWarnings({ encoder: 'unet', depth: 3 })).toEqual([]);
    expect(encoderWarnings({ preset: 'tutorial', depth: 3 })).toEqual([]);
    expect(encoderWarnings({ encoder: 'mobilenet_v2', depth: 4 })).toEqual([]);
    expect(encoderWarnings({ encoder: 'mobilenet_v2' })).toEqual([]);
  });
  it('names an --encoder-freeze the tutorial\'s encoder has nothing for, and the config holds none', () => {
    expect(encoderWarnings({ encoder: 'unet', encoderFreeze: 'bn' })).toEqual(['--encoder-freeze bn has no effect with --encoder unet, which has no pretrained weights to keep: use --encoder mobilenet_v2']);
    expect(encoderWarnings({ preset: 'tutorial', encoderFreeze: 'all' })).toHaveLength(1);
    expect(mergeTrainConfig(validateTrainOptions({ encoder: 'unet', encoderFreeze: 'all' }), { gpu: false }).config.encoderFreeze).toBe('none');
    expect(encoderWarnings({ encoderFreeze: 'bn' })).toEqual([]);
    expect(encoderWarnings({ encoder: 'unet', encoderFreeze: 'none' })).toEqual([]);
  });
  it('names an --encoder-freeze that would keep random starting weights fixed', () => {
    expect(encoderWarnings({ encoderWeights: 'none', encoderFreeze: 'bn' })).toEqual(['--encoder-freeze bn with --encoder-weights none keeps random starting weights fixed: use --encoder-weights imagenet, or --encoder-freeze none']);
    expect(encoderWarnings({ encoderWeights: 'none' })).toEqual([]);
  });
});

describe('progressiveOptionWarnings', () => {
  const progressiveWarnings = (options: Record<string, unknown>, gpu = false): string[] => {
    const given = validateTrainOptions(options);
    return progressiveOptionWarnings(given, mergeTrainConfig(given, { gpu }).config);
  };
  it('names steps or a share given while progressive resizing is off', () => {
    expect(progressiveWarnings({ preset: 'tutorial', progressiveSteps: 3 })).toEqual([
      "--progressive-steps 3 has no effect with --progressive-scale 1, which trains at --size throughout: pass --progressive-scale under 1 (the CPU preset's is 0.8)",
    ]);
    expect(progressiveWarnings({ progressiveScale: 1, progressiveShare: 0.8, progressiveSteps: 2 })).toHaveLength(2);
    // On a GPU backend the preset is not applied, so the scale is the default 1.
    expect(progressiveWarnings({ progressiveShare: 0.7 }, true)).toEqual([
      "--progressive-share 0.7 has no effect with --progressive-scale 1, which trains at --size throughout: pass --progressive-scale under 1 (the CPU preset's is 0.8)",
    ]);
  });
  it('names a scale given with a share of 0', () => {
    expect(progressiveWarnings({ progressiveScale: 0.6, progressiveShare: 0 })).toEqual([
      '--progressive-scale 0.6 has no effect with --progressive-share 0, which leaves no part of the run under --size: pass a share above 0 (the default is 0.5)',
    ]);
  });
  it("stays quiet under the CPU preset's scale, at the defaults, or when the share switches the preset's resizing off", () => {
    expect(progressiveWarnings({ progressiveSteps: 3, progressiveShare: 0.8 })).toEqual([]);
    expect(progressiveWarnings({ preset: 'tutorial', progressiveSteps: 1, progressiveShare: 0.5 })).toEqual([]);
    expect(progressiveWarnings({ progressiveShare: 0 })).toEqual([]);
    expect(progressiveWarnings({ preset: 'tutorial', progressiveScale: 0.5, progressiveSteps: 2 })).toEqual([]);
  });
});
