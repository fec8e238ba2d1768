import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUNet } from './buildUNet.js';
import { loadModel } from './loadModel.js';
import { saveModel } from './saveModel.js';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'maskflow-mobilenet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const values = (m: tf.LayersModel, name: string): Float32Array => m.weights.find((w) => w.originalName === name)!.read().dataSync() as Float32Array;

describe("buildUNet({ encoder: 'mobilenet_v2' })", () => {
  it('outputs [B, H, W, 1] probabilities at any size divisible by 16, and leaks no tensor', () => {
    const model = buildUNet({ inputSize: [32, 48], encoder: 'mobilenet_v2', baseFilters: 2, maxFilters: 8, encoderWeights: 'none', seed: 1 });
    const before = tf.memory().numTensors;
    const y = tf.tidy(() => model.predict(tf.randomUniform([2, 32, 48, 3])) as tf.Tensor);
    expect(y.shape).toEqual([2, 32, 48, 1]);
    const v = y.dataSync();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThanOrEqual(1);
    tf.dispose(y);
    expect(tf.memory().numTensors).toBe(before);
    // Stem, 13 blocks (depthwise in each), the full-resolution conv block and 4 decoder levels.
    expect(model.layers.filter((l) => l.getClassName() === 'DepthwiseConv2D')).toHaveLength(13);
    expect(model.getLayer('decoder4_concat').outputShape).toEqual([null, 4, 6, 32 + 8]);
    model.dispose();
  });

  it('with depth 5 runs blocks 0-16 to stride 32, one decoder level more, their ImageNet weights loaded', () => {
    const model = buildUNet({ inputSize: [64, 32], encoder: 'mobilenet_v2', depth: 5, baseFilters: 2, maxFilters: 8, seed: 1 });
    const shallow = buildUNet({ inputSize: [64, 32], encoder: 'mobilenet_v2', baseFilters: 2, maxFilters: 8, seed: 1 });
    try {
      const y = tf.tidy(() => (model.predict(tf.randomUniform([1, 64, 32, 3])) as tf.Tensor).shape);
      expect(y).toEqual([1, 64, 32, 1]);
      expect(model.layers.filter((l) => l.getClassName() === 'DepthwiseConv2D')).toHaveLength(17);
      // Block 16's 320 channels at stride 32 meet block 12's 96 at stride 16.
      expect(model.getLayer('block_16_project').outputShape).toEqual([null, 2, 1, 320]);
      expect(model.getLayer('decoder5_concat').outputShape).toEqual([null, 4, 2, 96 + 8]);
      const variance = values(model, 'block_16_project_BN/moving_variance');
      expect(variance).toHaveLength(320);
      expect(variance.some((v) => v !== 1)).toBe(true);
      // The blocks both depths share start from the same weights.
      expect(values(model, 'block_12_project/kernel')).toEqual(values(shallow, 'block_12_project/kernel'));
      expect(() => shallow.getLayer('block_13_expand')).toThrow();
    } finally {
      model.dispose();
      shallow.dispose();
    }
  });

  it('starts its encoder from the ImageNet weights, and the decoder from the seed', () => {
    const imagenet = buildUNet({ inputSize: [32, 32], encoder: 'mobilenet_v2', baseFilters: 2, seed: 5 });
    const again = buildUNet({ inputSize: [32, 32], encoder: 'mobilenet_v2', baseFilters: 2, seed: 5 });
    const random = buildUNet({ inputSize: [32, 32], encoder: 'mobilenet_v2', baseFilters: 2, seed: 5, encoderWeights: 'none' });
    try {
      // Keras' ImageNet MobileNetV2: the stem's 3x3x3x32 kernel and a BN's moving variance, quantized to 8 bits.
      const stem = values(imagenet, 'Conv1/kernel');
      expect(stem).toHaveLength(3 * 3 * 3 * 32);
      expect(values(again, 'Conv1/kernel')).toEqual(stem);
      expect(values(random, 'Conv1/kernel')).not.toEqual(stem);
      const variance = values(imagenet, 'block_12_project_BN/moving_variance');
      expect(Math.min(...variance)).toBeGreaterThan(0);
      expect(variance.some((v) => v !== 1)).toBe(true);
      expect(values(random, 'block_12_project_BN/moving_variance').every((v) => v === 1)).toBe(true);
      // The decoder is not pretrained: the same seed gives it the same weights either way, and a
      // random encoder repeats with its seed too.
      expect(values(imagenet, 'decoder1_b_conv/kernel')).toEqual(values(random, 'decoder1_b_conv/kernel'));
      const randomAgain = buildUNet({ inputSize: [32, 32], encoder: 'mobilenet_v2', baseFilters: 2, seed: 5, encoderWeights: 'none' });
      expect(values(randomAgain, 'block_3_depthwise/depthwise_kernel')).toEqual(values(random, 'block_3_depthwise/depthwise_kernel'));
      expect(values(randomAgain, 'block_3_expand/kernel')).toEqual(values(random, 'block_3_expand/kernel'));
      randomAgain.dispose();
    } finally {
      for (const m of [imagenet, again, random]) m.dispose();
    }
  });

  it('saves and loads as a Layers model: the same predictions', async () => {
    const model = buildUNet({ inputSize: [32, 32], encoder: 'mobilenet_v2', baseFilters: 2, maxFilters: 4 });
    const x = tf.randomUniform([1, 32, 32, 3], 0, 1, 'float32', 3);
    await saveModel(model, join(dir, 'm'));
    const loaded = await loadModel(join(dir, 'm'));
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    model.dispose();
    loaded.dispose();
    x.dispose();
  });

  it("encoderFreeze 'bn' keeps the encoder's batch-norm weights and statistics through training, 'all' the whole encoder", async () => {
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 4);
    const y = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([2, 32, 32, 1], 0, 1, 'float32', 5), 0.5), 'float32'));
    const trained = async (encoderFreeze: 'none' | 'bn' | 'all') => {
      const model = buildUNet({ inputSize: [32, 32], encoder: 'mobilenet_v2', baseFilters: 2, maxFilters: 4, seed: 2, encoderFreeze });
      const names = ['bn_Conv1/moving_mean', 'block_4_expand_BN/gamma', 'block_4_expand_BN/moving_variance', 'block_4_expand/kernel', 'decoder1_b_conv/kernel', 'encoder1_a_conv/kernel'];
      const before = names.map((n) => values(model, n).slice());
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
      await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0 });
      const changed = Object.fromEntries(names.map((n, i) => [n, values(model, n).some((v, j) => v !== before[i]![j])]));
      const trainable = model.trainableWeights.length;
      model.dispose();
      return { changed, trainable };
    };
    const none = await trained('none'), bn = await trained('bn'), all = await trained('all');
    expect(Object.values(none.changed).every(Boolean)).toBe(true);
    expect(bn.changed).toEqual({ 'bn_Conv1/moving_mean': false, 'block_4_expand_BN/gamma': false, 'block_4_expand_BN/moving_variance': false, 'block_4_expand/kernel': true, 'decoder1_b_conv/kernel': true, 'encoder1_a_conv/kernel': true });
    expect(all.changed).toEqual({ 'bn_Conv1/moving_mean': false, 'block_4_expand_BN/gamma': false, 'block_4_expand_BN/moving_variance': false, 'block_4_expand/kernel': false, 'decoder1_b_conv/kernel': true, 'encoder1_a_conv/kernel': true });
    // The encoder's 39 batch-norm layers hold a gamma and a beta each, and its 39 convolutions a kernel each.
    expect(none.trainable - bn.trainable).toBe(2 * 39);
    expect(bn.trainable - all.trainable).toBe(39);
    tf.dispose([x, y]);
  });

  it("encoderFreeze 'stride4' keeps the stem and blocks 0-2 as they started, trains the rest, and runs no backward pass through them", async () => {
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 4);
    const y = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([2, 32, 32, 1], 0, 1, 'float32', 5), 0.5), 'float32'));
    const stepKernels = async (encoderFreeze: 'none' | 'stride4') => {
      const model = buildUNet({ inputSize: [32, 32], encoder: 'mobilenet_v2', baseFilters: 2, maxFilters: 4, seed: 2, encoderFreeze });
      const names = ['Conv1/kernel', 'bn_Conv1/moving_mean', 'block_2_project/kernel', 'block_2_expand_BN/moving_variance', 'block_3_expand/kernel', 'block_3_expand_BN/moving_mean', 'decoder2_a_conv/kernel'];
      const before = names.map((n) => values(model, n).slice());
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
      const { kernels } = await tf.profile(async () => {
        await model.trainOnBatch(x, y);
      });
      const changed = Object.fromEntries(names.map((n, i) => [n, values(model, n).some((v, j) => v !== before[i]![j])]));
      const backward = kernels.filter((k) => k.name.includes('Backprop')).length;
      const trainable = model.trainableWeights.length;
      model.dispose();
      return { changed, backward, trainable };
    };
    const none = await stepKernels('none'), frozen = await stepKernels('stride4');
    expect(Object.values(none.changed).every(Boolean)).toBe(true);
    expect(frozen.changed).toEqual({ 'Conv1/kernel': false, 'bn_Conv1/moving_mean': false, 'block_2_project/kernel': false, 'block_2_expand_BN/moving_variance': false, 'block_3_expand/kernel': true, 'block_3_expand_BN/moving_mean': true, 'decoder2_a_conv/kernel': true });
    // The stem and blocks 0-2 hold 9 convolutions and 9 batch-norm layers (a kernel, a gamma and a beta each).
    expect(none.trainable - frozen.trainable).toBe(27);
    // Each of those 9 convolutions loses both gradient kernels (tfjs's fused convolution computes
    // the input gradient even of the stem, whose input is the image).
    expect(none.backward - frozen.backward).toBe(18);
    tf.dispose([x, y]);
  });

  it('refuses a size not divisible by 2^depth, a depth other than 4 or 5, and ImageNet weights on other than 3 channels', () => {
    expect(() => buildUNet({ inputSize: [40, 32], encoder: 'mobilenet_v2' })).toThrow('Expected a height divisible by 2^depth = 16 (depth 4, fixed by the mobilenet_v2 encoder) for inputSize but received 40 of type number. Use 32 or 48');
    expect(() => buildUNet({ inputSize: [48, 32], encoder: 'mobilenet_v2', depth: 5 })).toThrow('Expected a height divisible by 2^depth = 32 (depth 5) for inputSize but received 48 of type number. Use 32 or 64, or a smaller depth');
    expect(() => buildUNet({ inputSize: [64, 64], encoder: 'mobilenet_v2', depth: 6 })).toThrow(/Expected 4 or 5 with the mobilenet_v2 encoder.*for depth but received 6/);
    expect(() => buildUNet({ inputSize: [32, 32], encoder: 'mobilenet_v2', depth: 3 })).toThrow(/Expected 4 or 5 with the mobilenet_v2 encoder.*for depth but received 3/);
    expect(() => buildUNet({ inputSize: [32, 32], encoder: 'mobilenet_v2', channels: 1 })).toThrow(/Expected 3 with ImageNet weights.*for channels but received 1/);
    expect(() => buildUNet({ inputSize: [32, 32], encoder: 'resnet34' as 'unet' })).toThrow(/one of 'unet', 'mobilenet_v2' for encoder/);
    expect(() => buildUNet({ inputSize: [32, 32], encoderFreeze: 'bn' })).toThrow(/Expected 'none' with the unet encoder.*for encoderFreeze but received "bn"/);
    expect(() => buildUNet({ inputSize: [32, 32], encoder: 'mobilenet_v2', encoderFreeze: 'some' as 'bn' })).toThrow(/one of 'none', 'bn', 'stride2', 'stride4', 'stride8', 'all' for encoderFreeze/);
    const grey = buildUNet({ inputSize: [32, 32], encoder: 'mobilenet_v2', channels: 1, encoderWeights: 'none', baseFilters: 2 });
    expect(grey.inputs[0]?.shape).toEqual([null, 32, 32, 1]);
    grey.dispose();
  });
});

describe('loadImagenetWeights', () => {
  it('refuses a weights.bin that is not the one its manifest names, or a manifest without a layer', async () => {
    const { cp, writeFile, readFile } = await import('node:fs/promises');
    const { pathToFileURL } = await import('node:url');
    const { IMAGENET_WEIGHTS_DIR, loadImagenetWeights } = await import('./imagenetWeights.js');
    const copy = join(dir, 'weights');
    await cp(IMAGENET_WEIGHTS_DIR, copy, { recursive: true });
    const model = buildUNet({ inputSize: [32, 32], encoder: 'mobilenet_v2', baseFilters: 2, encoderWeights: 'none' });
    const url = pathToFileURL(`${copy}/`);
    try {
      expect(loadImagenetWeights(model, url)).toBe(195);
      const bin = await readFile(join(copy, 'weights.bin'));
      bin[100] = (bin[100]! + 1) % 256;
      await writeFile(join(copy, 'weights.bin'), bin);
      expect(() => loadImagenetWeights(model, url)).toThrow(`${join(copy, 'weights.bin')}: does not match the sha256 in its manifest.json (a damaged install)`);
      bin[100] = (bin[100]! + 255) % 256;
      await writeFile(join(copy, 'weights.bin'), bin);
      const manifest = JSON.parse(await readFile(join(copy, 'manifest.json'), 'utf8')) as { weights: { name: string }[] };
      manifest.weights = manifest.weights.filter((w) => !w.name.startsWith('block_7_expand/'));
      await writeFile(join(copy, 'manifest.json'), JSON.stringify(manifest));
      expect(() => loadImagenetWeights(model, url)).toThrow(/manifest\.json: has no weight block_7_expand\/kernel of shape \[1,1,64,384\]/);
    } finally {
      model.dispose();
    }
  });
});
