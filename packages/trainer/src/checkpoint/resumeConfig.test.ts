import { describe, expect, it } from 'vitest';
import { TRAIN_DEFAULTS, type TrainConfig } from '../config/trainConfig.js';
import { resumeConfig } from './resumeConfig.js';

describe('resumeConfig', () => {
  it('gives a checkpoint written before an option existed that option\'s default, which keeps its behaviour', () => {
    const { lrSchedule: _s, lrWarmupEpochs: _w, scale: _z, brightness: _b, ...older } = { ...TRAIN_DEFAULTS, size: [96, 96] as [number, number], lr: 2e-3 };
    const config = resumeConfig(older as TrainConfig, { epochs: 9 });
    expect(config).toMatchObject({ lrSchedule: 'constant', lrWarmupEpochs: 0, scale: 0, brightness: 0, lr: 2e-3, epochs: 9, size: [96, 96] });
  });
  it('refuses a different schedule or augmentation than the checkpoint\'s', () => {
    const saved = { ...TRAIN_DEFAULTS, lrSchedule: 'cosine' } as TrainConfig;
    expect(() => resumeConfig(saved, { lrSchedule: 'constant' })).toThrow(/the checkpoint's value "cosine" when resuming for lrSchedule/);
    expect(() => resumeConfig(saved, { scale: 0.3 })).toThrow(/for scale/);
    expect(resumeConfig(saved, { lrSchedule: 'cosine', maxMinutes: 3 })).toMatchObject({ lrSchedule: 'cosine', maxMinutes: 3 });
  });
});
