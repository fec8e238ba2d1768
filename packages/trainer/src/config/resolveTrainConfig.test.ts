import { describe, expect, it } from 'vitest';
import { parseSize } from './parseSize.js';
import { resolveTrainConfig } from './resolveTrainConfig.js';
import { CPU_PRESET, TRAIN_DEFAULTS } from './trainConfig.js';
import { validateTrainOptions } from './validateTrainOptions.js';

describe('parseSize', () => {
  it('reads a square size, HEIGHTxWIDTH and arrays', () => {
    expect(parseSize(256)).toEqual([256, 256]);
    expect(parseSize('256')).toEqual([256, 256]);
    expect(parseSize('320x480')).toEqual([320, 480]);
    expect(parseSize([64, 96])).toEqual([64, 96]);
  });
  it('names the option and the value it refuses', () => {
    expect(() => parseSize('abc')).toThrow(/--size.*"abc"/);
    expect(() => parseSize(-1)).toThrow(RangeError);
    expect(() => parseSize('0x32')).toThrow(/--size/);
    expect(() => parseSize(true)).toThrow(TypeError);
  });
});

describe('validateTrainOptions', () => {
  it('names each bad flag, what it expected and what it got', () => {
    expect(() => validateTrainOptions({ batchSize: 0 })).toThrow('Expected an integer in [1, 4096] for --batch-size but received 0 of type number');
    expect(() => validateTrainOptions({ epochs: 1.5 })).toThrow(/--epochs/);
    expect(() => validateTrainOptions({ lr: 'fast' })).toThrow(TypeError);
    expect(() => validateTrainOptions({ lr: 0 })).toThrow(/--lr/);
    expect(() => validateTrainOptions({ split: 'random' })).toThrow(/one of car, image for --split/);
    expect(() => validateTrainOptions({ hueDelta: 0.7 })).toThrow(/--hue-delta/);
    expect(() => validateTrainOptions({ valFraction: 1.5 })).toThrow(/--val-fraction/);
    expect(() => validateTrainOptions({ backend: 'gpu' })).toThrow(/--backend/);
    expect(() => validateTrainOptions({ hflip: 'yes' })).toThrow(/--hflip/);
    expect(() => validateTrainOptions({ data: '' })).toThrow(/--data/);
    expect(() => validateTrainOptions({ lr: 1e-4, lrMin: 1e-3 })).toThrow(/--lr-min/);
  });
  it('refuses unknown options (typos)', () => {
    expect(() => validateTrainOptions({ epoch: 3 })).toThrow(/--epoch.*check the spelling/);
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
  it('turns the preset off with --preset tutorial and on with --preset cpu', () => {
    expect(resolveTrainConfig({ preset: 'tutorial' }, { gpu: false }).presetApplied).toBe(false);
    expect(resolveTrainConfig({ preset: 'cpu' }, { gpu: true }).presetApplied).toBe(true);
  });
  it('names the nearest valid sizes when the size does not fit the depth', () => {
    expect(() => resolveTrainConfig({ size: 250, depth: 5 }, { gpu: true })).toThrow(/divisible by 2\^depth = 32.*use 224 or 256/);
    expect(() => resolveTrainConfig({ size: '256x100', depth: 3 }, { gpu: true })).toThrow(/width.*use 96 or 104/);
  });
});
