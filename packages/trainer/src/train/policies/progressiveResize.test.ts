import { buildUNet, type tf } from '@maskflow/model';
import { describe, expect, it } from 'vitest';
import { compileForTraining } from '../prepareRun.js';
import { epochTrainSize, progressiveSize, ProgressiveResize, sizeLadder } from './progressiveResize.js';

describe('progressiveSize', () => {
  it("scales each side to the nearest multiple of 2^depth: the CPU preset's 160x160 at 0.8 is 128x128", () => {
    expect(progressiveSize([160, 160], 0.8, 4)).toEqual([128, 128]);
    expect(progressiveSize([256, 256], 0.8, 4)).toEqual([208, 208]);
    expect(progressiveSize([320, 480], 0.5, 5)).toEqual([160, 256]);
  });

  it('never goes under one multiple of 2^depth nor over the full size', () => {
    expect(progressiveSize([64, 96], 0.1, 5)).toEqual([32, 32]);
    expect(progressiveSize([32, 48], 0.99, 4)).toEqual([32, 48]);
  });
});

describe('sizeLadder', () => {
  it("takes `steps` scales evenly from --progressive-scale towards 1: the CPU preset's one step of 0.8 is 128x128", () => {
    expect(sizeLadder({ size: [160, 160], scale: 0.8, steps: 1, depth: 4 })).toEqual([[128, 128]]);
    expect(sizeLadder({ size: [160, 160], scale: 0.6, steps: 2, depth: 4 })).toEqual([[96, 96], [128, 128]]);
    expect(sizeLadder({ size: [128, 256], scale: 0.5, steps: 2, depth: 5 })).toEqual([[64, 128], [96, 192]]);
  });

  it('keeps neighbours that round to the same size, and at scale 1 every rung is the full size', () => {
    expect(sizeLadder({ size: [64, 64], scale: 0.5, steps: 3, depth: 4 })).toEqual([[32, 32], [48, 48], [48, 48]]);
    expect(sizeLadder({ size: [64, 64], scale: 1, steps: 2, depth: 4 })).toEqual([[64, 64], [64, 64]]);
  });
});

describe('epochTrainSize', () => {
  const at = (progress: number, share = 0.5, ladder: [number, number][] = [[128, 128]]) => epochTrainSize({ size: [160, 160], ladder, share, progress });

  it('trains at the early size while the schedule is under the share, then at full size', () => {
    expect([0, 0.2, 0.49].map((p) => at(p))).toEqual([[128, 128], [128, 128], [128, 128]]);
    expect([0.5, 0.8, 1].map((p) => at(p))).toEqual([[160, 160], [160, 160], [160, 160]]);
  });

  it('gives each size of the ladder an equal part of the share', () => {
    const ladder: [number, number][] = [[96, 96], [128, 128]];
    expect([0, 0.24, 0.25, 0.49, 0.5].map((p) => at(p, 0.5, ladder))).toEqual([[96, 96], [96, 96], [128, 128], [128, 128], [160, 160]]);
  });

  it('share 0 trains at full size throughout', () => {
    expect(at(0, 0)).toEqual([160, 160]);
  });
});

describe('ProgressiveResize', () => {
  /** Run `body` with a compiled 32x32 U-Net of depth 3, its ProgressiveResize at `scale`, `steps` and `share`, and what it says. */
  const withResize = (scale: number, steps: number, share: number, body: (resize: ProgressiveResize, model: tf.LayersModel, said: string[]) => void): void => {
    const model = buildUNet({ inputSize: [32, 32], baseFilters: 2, depth: 3, seed: 1 });
    try {
      compileForTraining(model, 1e-3);
      body(new ProgressiveResize(model, { size: [32, 32], depth: 3, progressiveScale: scale, progressiveSteps: steps, progressiveShare: share }), model, []);
    } finally {
      model.dispose();
    }
  };

  it('sets the training size of the model when it changes, climbing through its steps, and says where each size starts', () => {
    withResize(0.5, 2, 0.4, (resize, model, said) => {
      const sizes = [0.05, 0.15, 0.35].map((p, i) => resize.enter(i + 1, p, (m) => said.push(m)));
      // While it trains small, the model takes batches of any size (validation's are 32x32).
      expect(model.feedInputShapes).toEqual([[null, null, null, 3]]);
      sizes.push(...[0.45, 0.9].map((p, i) => resize.enter(i + 4, p, (m) => said.push(m))));
      expect(sizes).toEqual([[16, 16], [16, 16], [24, 24], [32, 32], [32, 32]]);
      // Back at the model's own size, trainOnBatch checks batches for exactly 32x32 again.
      expect(model.feedInputShapes).toEqual([[null, 32, 32, 3]]);
      expect(said).toEqual([
        'progressive resizing: training at 16x16, then 24x24 (--progressive-scale 0.5) for the first 40% of the run, then at 32x32',
        'progressive resizing: training at 24x24 from epoch 3',
        'progressive resizing: training at 32x32 from epoch 4',
      ]);
    });
  });

  it('names only the sizes under the full size when a rung rounds up to it', () => {
    // 32x32 at 0.75 in 2 steps, sides to multiples of 8: 24x24, then 28 rounds to 32.
    withResize(0.75, 2, 0.5, (resize, _model, said) => {
      const sizes = [0.1, 0.3, 0.6].map((p, i) => resize.enter(i + 1, p, (m) => said.push(m)));
      expect(sizes).toEqual([[24, 24], [32, 32], [32, 32]]);
      expect(said).toEqual([
        'progressive resizing: training at 24x24 (--progressive-scale 0.75) for the first 50% of the run, then at 32x32',
        'progressive resizing: training at 32x32 from epoch 2',
      ]);
    });
  });

  it('is silent when it is off, and leaves the model at its size', () => {
    withResize(1, 1, 0.5, (resize, model, said) => {
      expect(resize.enter(1, 0, (m) => said.push(m))).toEqual([32, 32]);
      expect(model.feedInputShapes).toEqual([[null, 32, 32, 3]]);
      expect(said).toEqual([]);
    });
  });
});
