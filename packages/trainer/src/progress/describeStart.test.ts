import { describe, expect, it } from 'vitest';
import { TRAIN_DEFAULTS, type TrainConfig } from '../config/trainConfig.js';
import type { TrainStartInfo } from '../train/trainEvents.js';
import { describeStart } from './describeStart.js';

function info(config: Partial<TrainConfig>, gpu: boolean, stepsPerEpoch: number): TrainStartInfo {
  return {
    config: { ...TRAIN_DEFAULTS, ...config } as TrainConfig,
    backend: gpu ? 'maskflow-webgpu' : 'maskflow-cpu',
    gpu,
    backendSkipped: [],
    presetApplied: false,
    presetValues: {},
    dataDir: '/data/carvana',
    synthetic: undefined,
    layout: 'carvana',
    trainSamples: stepsPerEpoch * 3,
    valSamples: 10,
    stepsPerEpoch,
    params: 31_126_497,
    out: '/runs/x',
    resumedFrom: undefined,
  };
}
const note = (lines: string[]) => lines.find((l) => l.startsWith('note:'));

describe('describeStart', () => {
  it("warns before the tutorial's workload trains on CPU cores, with the minutes an epoch of this data takes", () => {
    // Kaggle's 5088 images split 4070 / 1018 at batch 3: 1357 steps of about 3 s.
    expect(note(describeStart(info({ size: [256, 256], baseFilters: 32, batchSize: 3 }, false, 1357)))).toBe(
      'note:    this model on CPU cores (maskflow-cpu) takes about 3 s a step on 2 cores, 68 minutes an epoch there; the CPU preset (--preset cpu) trains in minutes',
    );
  });

  it('says nothing on a GPU, or for models a CPU trains in milliseconds a step', () => {
    expect(note(describeStart(info({ size: [256, 256], baseFilters: 32, batchSize: 3 }, true, 1357)))).toBeUndefined();
    expect(note(describeStart(info({ size: [96, 96], baseFilters: 8, batchSize: 4 }, false, 40)))).toBeUndefined();
  });

  it("names the model: the tutorial's encoder with its depth, or MobileNetV2's with its stride, its weights and what is frozen", () => {
    const model = (c: Partial<TrainConfig>) => describeStart(info(c, false, 40)).find((l) => l.startsWith('model:'));
    expect(model({ size: [96, 96], baseFilters: 8, maxFilters: 64, depth: 5 })).toBe('model:   U-Net 96x96, base filters 8 (at most 64), depth 5, 31,126,497 params');
    expect(model({ size: [96, 96], baseFilters: 8, maxFilters: 64, encoder: 'mobilenet_v2', depth: 4 })).toBe(
      'model:   U-Net 96x96, MobileNetV2 encoder to stride 16 (ImageNet weights), decoder base filters 8 (at most 64), 31,126,497 params',
    );
    expect(model({ size: [64, 64], baseFilters: 4, encoder: 'mobilenet_v2', depth: 4, encoderWeights: 'none' })).toBe(
      'model:   U-Net 64x64, MobileNetV2 encoder to stride 16 (random weights), decoder base filters 4, 31,126,497 params',
    );
    expect(model({ size: [64, 64], baseFilters: 4, encoder: 'mobilenet_v2', depth: 5 })).toContain('MobileNetV2 encoder to stride 32 (ImageNet weights)');
    expect(model({ size: [64, 64], baseFilters: 4, encoder: 'mobilenet_v2', depth: 4, encoderFreeze: 'bn' })).toContain('MobileNetV2 encoder to stride 16 (ImageNet weights, batch norm frozen)');
    expect(model({ size: [64, 64], baseFilters: 4, encoder: 'mobilenet_v2', depth: 4, encoderFreeze: 'all' })).toContain('MobileNetV2 encoder to stride 16 (ImageNet weights, frozen)');
    expect(model({ size: [64, 64], baseFilters: 4, encoder: 'mobilenet_v2', depth: 4, encoderFreeze: 'stride4' })).toContain('MobileNetV2 encoder to stride 16 (ImageNet weights, frozen to stride 4)');
  });
});
