import { flagName, formatErrorMessage } from '@maskflow/errors';
import { LOADER_LIMITS } from '@maskflow/pipeline';
import { describe, expect, it } from 'vitest';
import { parseSize } from './parseSize.js';
import { resolveTrainConfig } from './resolveTrainConfig.js';
import { epochLearningRate } from '../train/policies/lrSchedule.js';
import { progressiveSize } from '../train/policies/progressiveResize.js';
import { CPU_PRESET, TRAIN_DEFAULTS } from './trainConfig.js';
import { RESUMABLE_OPTIONS, TRAIN_OPTIONS } from './trainOptions.js';
import { validateTrainOptions } from './validateTrainOptions.js';

describe('parseSize', () => {
  it('reads a square size, HEIGHTxWIDTH and arrays', () => {
    expect(parseSize(256)).toEqual([256, 256]);
    expect(parseSize('256')).toEqual([256, 256]);
    expect(parseSize('320x480')).toEqual([320, 480]);
    expect(parseSize([64, 96])).toEqual([64, 96]);
  });
  it('names the option and the value it refuses', () => {
    expect(() => parseSize('abc')).toThrow('Expected a positive integer or HEIGHTxWIDTH (e.g. 256 or 320x480) for size but received "abc" of type string');
    expect(() => parseSize(-1)).toThrow(RangeError);
    expect(() => parseSize('0x32')).toThrow(/for size but/);
    expect(() => parseSize(true)).toThrow(TypeError);
  });
});

describe('validateTrainOptions', () => {
  it('names each bad option, what it expected and what it got (the CLI re-words the name as its flag)', () => {
    expect(() => validateTrainOptions({ batchSize: 0 })).toThrow('Expected an integer in [1, 65536] for batchSize but received 0 of type number');
    expect(() => validateTrainOptions({ epochs: 1.5 })).toThrow(/for epochs but/);
    expect(() => validateTrainOptions({ lr: 'fast' })).toThrow(TypeError);
    expect(() => validateTrainOptions({ lr: 0 })).toThrow('Expected a number in (0, 10] for lr but received 0 of type number');
    expect(() => validateTrainOptions({ split: 'random' })).toThrow("Expected one of 'car', 'image' for split but received \"random\" of type string");
    expect(() => validateTrainOptions({ hueDelta: 0.7 })).toThrow(/for hueDelta but/);
    expect(() => validateTrainOptions({ valFraction: 1.5 })).toThrow(/for valFraction but/);
    expect(() => validateTrainOptions({ backend: 'gpu' })).toThrow(/for backend but/);
    expect(() => validateTrainOptions({ hflip: 'yes' })).toThrow(/true or false for hflip/);
    expect(() => validateTrainOptions({ data: '' })).toThrow('Expected a path for data but received "" of type string');
    expect(() => validateTrainOptions({ lr: 1e-4, lrMin: 1e-3 })).toThrow('Expected a value <= lr (0.0001) for lrMin but received 0.001 of type number');
    const asFlags = (options: Record<string, unknown>): string => {
      try {
        validateTrainOptions(options);
      } catch (error) {
        return formatErrorMessage(error, flagName);
      }
      return 'accepted';
    };
    expect(asFlags({ lr: 1e-4, lrMin: 1e-3 })).toBe('Expected a value <= --lr (0.0001) for --lr-min but received 0.001 of type number');
    expect(asFlags({ batchSize: 0 })).toBe('Expected an integer in [1, 65536] for --batch-size but received 0 of type number');
    expect(() => resolveTrainConfig({ lr: 0.02, weightDecay: 50 }, { gpu: false })).toThrow('Expected a value < 1 / lr (50) for weightDecay but received 50 of type number');
    expect(resolveTrainConfig({ weightDecay: 0.1 }, { gpu: false }).config.weightDecay).toBe(0.1);
  });
  it('refuses unknown options (typos)', () => {
    expect(() => validateTrainOptions({ epoch: 3 })).toThrow(/Expected a known train option for epoch but received "epoch" of type string\. Did you mean epochs\?/);
    expect(() => validateTrainOptions({ batch_size: 3 })).toThrow(/Did you mean batchSize\?/);
    expect(() => validateTrainOptions({ colour: 1 })).toThrow(/for colour but received "colour" of type string\. Check the spelling; the options are data, valData, syntheticCars, size, /);
  });
  it('keeps what is valid and skips undefined', () => {
    expect(validateTrainOptions({ size: '32x64', epochs: 2, out: undefined })).toEqual({ size: [32, 64], epochs: 2 });
  });
});

describe('resolveTrainConfig', () => {
  it('uses the tutorial defaults where a GPU backend runs', () => {
    const { config, presetApplied } = resolveTrainConfig({}, { gpu: true });
    expect(presetApplied).toBe(false);
    expect(config).toEqual({ ...TRAIN_DEFAULTS, size: [256, 256] });
  });
  it('applies the CPU preset without a GPU, explicit flags overriding it', () => {
    const { config, presetApplied, presetValues } = resolveTrainConfig({ epochs: 2 }, { gpu: false });
    expect(presetApplied).toBe(true);
    expect(config.size).toEqual(CPU_PRESET.size);
    expect(config.baseFilters).toBe(CPU_PRESET.baseFilters);
    expect(config.epochs).toBe(2);
    expect(presetValues.epochs).toBeUndefined();
  });
  it('the CPU preset: 2e-3 after a 2-epoch warmup, then a cosine decay to lrMin by epoch 120 or 9 minutes of epochs', () => {
    const { config } = resolveTrainConfig({}, { gpu: false });
    expect(config).toMatchObject({ lr: 2e-3, lrSchedule: 'cosine', lrWarmupEpochs: 2, epochs: 120, maxMinutes: 9, lrPlateau: false, earlyStop: 0, hueDelta: 0.5, scale: 0.15, brightness: 0.2, contrast: 0.3, saturation: 0.5 });
    // Progressive resizing: the first half of the schedule at 128x128.
    expect(config).toMatchObject({ size: [160, 160], progressiveScale: 0.8, progressiveShare: 0.5 });
    expect(progressiveSize(config.size, config.progressiveScale, config.depth)).toEqual([128, 128]);
    const at = (epoch: number, spentSeconds = 0, lastEpochSeconds = 0) => epochLearningRate({
      schedule: config.lrSchedule, baseLr: config.lr, minLr: config.lrMin, warmupEpochs: config.lrWarmupEpochs, epoch, epochs: config.epochs,
      budgetSeconds: config.maxMinutes * 60, spentSeconds, lastEpochSeconds,
    });
    // A quiet machine (4 s epochs): the epochs set the pace.
    const quiet = Array.from({ length: 120 }, (_, i) => at(i + 1, 4 * i, i === 0 ? 0 : 4));
    expect(quiet[0]).toBeCloseTo(1e-3, 5);
    expect(quiet[1]).toBeCloseTo(2e-3, 5);
    expect(quiet[59]! + quiet[60]!).toBeCloseTo(2e-3 + config.lrMin, 9);
    expect(quiet[119]).toBeLessThan(2e-6);
    // A busy machine (20 s epochs): the 9 minutes end first, at epoch 27, and the rate is low by then.
    expect(at(27, 20 * 26, 20)).toBeLessThan(2e-5);
    expect(at(27, 20 * 26, 20)).toBeLessThan(quiet[26]! / 50);
  });
  it('turns the preset off with --preset tutorial and on with --preset cpu', () => {
    expect(resolveTrainConfig({ preset: 'tutorial' }, { gpu: false }).presetApplied).toBe(false);
    expect(resolveTrainConfig({ preset: 'cpu' }, { gpu: true }).presetApplied).toBe(true);
  });
  it('names the nearest valid sizes when the size does not fit the depth', () => {
    expect(() => resolveTrainConfig({ size: 250, depth: 5 }, { gpu: true })).toThrow('Expected a height divisible by 2^depth = 32 (depth 5) for size but received 250 of type number. Use 224 or 256, or a smaller depth');
    expect(() => resolveTrainConfig({ size: '256x100', depth: 3 }, { gpu: true })).toThrow(/width divisible by 2\^depth = 8 \(depth 3\).*Use 96 or 104/);
  });
  it('gives --encoder mobilenet_v2 its depth of 4 unless --depth 5 is given, whatever the preset says, and sizes divisible by 2^depth', () => {
    expect(resolveTrainConfig({ encoder: 'mobilenet_v2' }, { gpu: false }).config.depth).toBe(4);
    expect(resolveTrainConfig({}, { gpu: false }).config.depth).toBe(4);
    expect(resolveTrainConfig({ encoder: 'mobilenet_v2', depth: 6, size: 80 }, { gpu: true }).config.depth).toBe(4);
    expect(resolveTrainConfig({ depth: 5 }, { gpu: false }).config.depth).toBe(5);
    expect(() => resolveTrainConfig({ depth: 5, size: 80 }, { gpu: false })).toThrow('Expected a height divisible by 2^depth = 32 (depth 5) for size but received 80 of type number. Use 64 or 96, or a smaller depth');
    expect(() => resolveTrainConfig({ encoder: 'mobilenet_v2', size: 100 }, { gpu: true })).toThrow(
      'Expected a height divisible by 2^depth = 16 (depth 4, fixed by --encoder mobilenet_v2) for size but received 100 of type number. Use 96 or 112',
    );
    expect(() => resolveTrainConfig({ encoder: 'vgg16' as 'unet' }, { gpu: true })).toThrow('Expected one of \'unet\', \'mobilenet_v2\' for encoder but received "vgg16" of type string');
  });
});

describe('the train option schema', () => {
  it('checks the loader options against the pipeline\'s own bounds', () => {
    expect(validateTrainOptions({ batchSize: LOADER_LIMITS.batchSize[1], prefetch: LOADER_LIMITS.prefetch[1], shift: LOADER_LIMITS.shift[1] })).toEqual({
      batchSize: LOADER_LIMITS.batchSize[1],
      prefetch: LOADER_LIMITS.prefetch[1],
      shift: LOADER_LIMITS.shift[1],
    });
    expect(() => validateTrainOptions({ prefetch: LOADER_LIMITS.prefetch[1] + 1 })).toThrow(RangeError);
    expect(() => validateTrainOptions({ hueDelta: LOADER_LIMITS.hueDelta[1] + 0.01 })).toThrow(RangeError);
  });
  it('gives every option a default, a help line and a resume rule', () => {
    expect(Object.keys(TRAIN_DEFAULTS)).toEqual(Object.keys(TRAIN_OPTIONS));
    expect(TRAIN_DEFAULTS).toMatchObject({ size: [256, 256], batchSize: 3, epochs: 5, lr: 1e-3, hueDelta: 0.1, shift: 0.1, split: 'car' });
    for (const spec of Object.values(TRAIN_OPTIONS)) expect(spec.help).not.toBe('');
    expect(RESUMABLE_OPTIONS).toEqual(expect.arrayContaining(['epochs', 'maxSteps', 'earlyStop', 'threads', 'prefetch', 'backend', 'out', 'lrPlateau', 'lrMin']));
    for (const fixed of ['size', 'batchSize', 'lr', 'depth', 'baseFilters', 'maxFilters', 'seed', 'split', 'hueDelta', 'scale', 'brightness', 'contrast', 'saturation', 'decoy', 'lrSchedule', 'lrWarmupEpochs']) expect(RESUMABLE_OPTIONS).not.toContain(fixed);
  });
  it('checks the schedule and the zoom, brightness, contrast, saturation and decoy augmentations; their defaults leave them off', () => {
    expect(TRAIN_DEFAULTS).toMatchObject({ lrSchedule: 'constant', lrWarmupEpochs: 0, scale: 0, brightness: 0, contrast: 0, saturation: 0, decoy: 0 });
    expect(validateTrainOptions({ decoy: 0.5 })).toEqual({ decoy: 0.5 });
    expect(() => validateTrainOptions({ decoy: 1.5 })).toThrow(/for decoy but/);
    expect(validateTrainOptions({ contrast: 0.3, saturation: 1 })).toEqual({ contrast: 0.3, saturation: 1 });
    expect(() => validateTrainOptions({ contrast: -0.1 })).toThrow(/for contrast but/);
    expect(() => validateTrainOptions({ saturation: 2 })).toThrow(/for saturation but/);
    expect(validateTrainOptions({ lrSchedule: 'cosine', lrWarmupEpochs: 3, scale: LOADER_LIMITS.scale[1], brightness: 0.25 })).toEqual({ lrSchedule: 'cosine', lrWarmupEpochs: 3, scale: LOADER_LIMITS.scale[1], brightness: 0.25 });
    expect(() => validateTrainOptions({ lrSchedule: 'onecycle' })).toThrow(/lrSchedule/);
    expect(() => validateTrainOptions({ lrWarmupEpochs: -1 })).toThrow(RangeError);
    expect(() => validateTrainOptions({ scale: LOADER_LIMITS.scale[1] + 0.01 })).toThrow(/for scale but/);
    expect(() => validateTrainOptions({ brightness: 1.5 })).toThrow(/for brightness but/);
  });

  it('checks progressive resizing: a scale in (0, 1] (1, the default, is off), whole steps from 1 and a share that leaves part of the run at --size', () => {
    expect(TRAIN_DEFAULTS).toMatchObject({ progressiveScale: 1, progressiveSteps: 1, progressiveShare: 0.5 });
    expect(validateTrainOptions({ progressiveScale: 0.8, progressiveSteps: 2, progressiveShare: 0 })).toEqual({ progressiveScale: 0.8, progressiveSteps: 2, progressiveShare: 0 });
    expect(() => validateTrainOptions({ progressiveSteps: 0 })).toThrow(/for progressiveSteps but received 0/);
    expect(() => validateTrainOptions({ progressiveSteps: 1.5 })).toThrow(/for progressiveSteps but received 1.5/);
    expect(() => validateTrainOptions({ progressiveScale: 0 })).toThrow('Expected a number in (0, 1] for progressiveScale but received 0 of type number');
    expect(() => validateTrainOptions({ progressiveScale: 1.25 })).toThrow(/for progressiveScale but/);
    expect(() => validateTrainOptions({ progressiveShare: 1 })).toThrow(
      'Expected a number in [0, 1) for progressiveShare but received 1 of type number. Leave part of the run at full size, or set progressiveScale to 1 to train at size throughout',
    );
  });
});
