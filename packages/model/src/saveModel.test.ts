import { readdir, readFile, writeFile, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadModel, readModelMetadata } from './loadModel.js';
import { weightedBceDiceLoss } from './bceDiceLoss.js';
import { diceLoss } from './diceCoeff.js';
import { saveModel } from './saveModel.js';
import { scratchDirs, tinyBatch, tinyUNet } from './__tests__/fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const scratch = scratchDirs();

function predict(model: tf.LayersModel, x: tf.Tensor): Float32Array {
  return tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
}

describe('saveModel / loadModel', () => {
  it('save → load → predict gives identical outputs, and the model compiles again with the custom losses', async () => {
    const dir = join(await scratch(), 'unet');
    const model = tinyUNet();
    const { x, y } = tinyBatch();
    await model.trainOnBatch(x, y); // moves the BatchNorm statistics away from their initial values
    await saveModel(model, dir, { metadata: { epoch: 3, valDiceLoss: 0.25 } });
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);

    const loaded = await loadModel(dir);
    expect(predict(loaded, x)).toEqual(predict(model, x));
    expect(loaded.loss).toBe(model.loss);
    expect(loaded.metricsNames).toEqual(model.metricsNames);
    expect(loaded.optimizer.getClassName()).toBe('Adam');
    expect(loaded.optimizer.getConfig()).toEqual(model.optimizer.getConfig());
    expect(await readModelMetadata(dir)).toEqual({ epoch: 3, valDiceLoss: 0.25 });
    expect(loaded.getUserDefinedMetadata()).toEqual({ epoch: 3, valDiceLoss: 0.25 });

    const uncompiled = await loadModel(dir, { compile: false });
    expect(uncompiled.optimizer).toBeUndefined();
    tf.dispose([x, y]);
    [model, loaded, uncompiled].forEach((m) => {
      m.dispose();
    });
  });

  it('train 2 steps, save, load, train 1 more ≡ train 3 steps uninterrupted (optimizer state round trip)', async () => {
    const dir = join(await scratch(), 'resume');
    const { x, y } = tinyBatch();
    const straight = tinyUNet(11);
    const resumed = tinyUNet(11);
    for (let i = 0; i < 2; i++) {
      await straight.trainOnBatch(x, y);
      await resumed.trainOnBatch(x, y);
    }
    await saveModel(resumed, dir);
    const reloaded = await loadModel(dir);
    expect(reloaded.optimizer.iterations).toBe(2);
    const lossStraight = (await straight.trainOnBatch(x, y)) as number[];
    const lossResumed = (await reloaded.trainOnBatch(x, y)) as number[];
    expect(lossResumed).toEqual(lossStraight);
    const a = straight.getWeights().map((w) => w.dataSync());
    const b = reloaded.getWeights().map((w) => w.dataSync());
    expect(b).toEqual(a);

    // Without the optimizer state, the third step differs: the test can tell the two apart.
    const weightsOnly = join(await scratch(), 'weights-only');
    await saveModel(resumed, weightsOnly, { includeOptimizer: false });
    const fresh = await loadModel(weightsOnly);
    fresh.compile({ optimizer: tf.train.adam(1e-2), loss: straight.loss });
    await fresh.trainOnBatch(x, y);
    expect(fresh.getWeights().map((w) => w.dataSync())).not.toEqual(a);
    tf.dispose([x, y]);
    [straight, resumed, reloaded, fresh].forEach((m) => {
      m.dispose();
    });
  });

  it('a save, load and predict cycle leaks no tensors', async () => {
    const dir = join(await scratch(), 'leak');
    const model = tinyUNet();
    const { x, y } = tinyBatch();
    await model.trainOnBatch(x, y);
    await saveModel(model, dir);
    const before = tf.memory().numTensors;
    await saveModel(model, dir);
    const loaded = await loadModel(dir);
    predict(loaded, x);
    loaded.dispose();
    loaded.optimizer.dispose(); // compiled from the file: loadModel created this optimizer
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('writes the stock tfjs Layers format that tf.loadLayersModel reads over HTTP (as in a browser)', async () => {
    const dir = join(await scratch(), 'web');
    const model = tinyUNet();
    await saveModel(model, dir);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.trainingConfig).toBeUndefined(); // stock tfjs cannot compile bce_dice_loss...
    expect(json.maskflowTrainingConfig.loss).toBe('bce_dice_loss'); // ...so it is kept where tfjs ignores it
    expect(json.maskflowTrainingConfig.metrics).toEqual(['dice_loss', 'dice_coeff']);

    const fetchFunc = async (input: string | URL | Request): Promise<Response> => {
      const url = new URL(input instanceof Request ? input.url : input);
      return new Response(await readFile(join(dir, url.pathname.split('/').pop() as string)));
    };
    const web = await tf.loadLayersModel('https://example.test/models/web/model.json', { fetchFunc });
    const x = tf.ones([1, 16, 16, 3]);
    expect(predict(web, x)).toEqual(predict(model, x));
    tf.dispose(x);
    model.dispose();
    web.dispose();
  });

  it('a model compiled with stock tfjs names keeps the stock trainingConfig key', async () => {
    const dir = join(await scratch(), 'stock');
    const model = tinyUNet();
    model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    await saveModel(model, dir);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.trainingConfig.loss).toBe('binary_crossentropy');
    expect(json.maskflowTrainingConfig).toBeUndefined();
    const loaded = await loadModel(dir);
    expect(loaded.optimizer.getClassName()).toBe('SGD');
    model.dispose();
    loaded.dispose();
  });

  it('a weighted BCE + Dice loss is saved with its weight and compiles again to the same function', async () => {
    const dir = join(await scratch(), 'weighted');
    const model = tinyUNet();
    model.compile({ optimizer: tf.train.adam(1e-2), loss: weightedBceDiceLoss(3), metrics: [diceLoss] });
    await saveModel(model, dir);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.maskflowTrainingConfig.loss).toEqual({ class_name: 'bce_dice_loss', config: { dice_weight: 3 } });
    const loaded = await loadModel(dir);
    expect(loaded.loss).toBe(weightedBceDiceLoss(3));
    model.dispose();
    loaded.dispose();
  });

  it('refuses an unregistered loss function before touching the existing model', async () => {
    const dir = join(await scratch(), 'custom');
    const model = tinyUNet();
    await saveModel(model, dir);
    const good = await readFile(join(dir, 'weights.bin'));
    const myLoss = (a: tf.Tensor, b: tf.Tensor): tf.Scalar => tf.losses.meanSquaredError(a, b) as tf.Scalar;
    model.compile({ optimizer: 'adam', loss: myLoss });
    await expect(saveModel(model, dir)).rejects.toThrow(/loss is "myLoss".*includeOptimizer: false/);
    expect(await readFile(join(dir, 'weights.bin'))).toEqual(good);
    await saveModel(model, dir, { includeOptimizer: false });
    model.dispose();
  });
});

describe('atomic saves', () => {
  it('replaces an existing model and leaves no temporary or backup directory behind', async () => {
    const root = await scratch();
    const dir = join(root, 'best');
    const model = tinyUNet(1);
    await saveModel(model, dir, { metadata: { epoch: 1 } });
    await saveModel(model, dir, { metadata: { epoch: 2 } });
    expect(await readdir(root)).toEqual(['best']);
    expect(await readModelMetadata(dir)).toEqual({ epoch: 2 });
    model.dispose();
  });

  it('publishes extra .bin files with the model; the next save without them removes them; loaders ignore them', async () => {
    const dir = join(await scratch(), 'last');
    const model = tinyUNet(1);
    await saveModel(model, dir, { files: { 'average.bin': new Uint8Array([1, 2, 3]) } });
    expect((await readdir(dir)).sort()).toEqual(['average.bin', 'model.json', 'weights.bin']);
    expect([...(await readFile(join(dir, 'average.bin')))]).toEqual([1, 2, 3]);
    const loaded = await loadModel(dir);
    loaded.dispose();
    await saveModel(model, dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    await expect(saveModel(model, dir, { files: { 'weights.bin': new Uint8Array(1) } })).rejects.toThrow(/other than weights\.bin.* for files but received "weights\.bin"/);
    await expect(saveModel(model, dir, { files: { '../x.bin': new Uint8Array(1) } })).rejects.toThrow(/files/);
    model.dispose();
  });

  it('refuses to replace a directory holding other files', async () => {
    const dir = await scratch();
    await writeFile(join(dir, 'notes.txt'), 'keep me');
    const model = tinyUNet();
    await expect(saveModel(model, dir)).rejects.toThrow(/notes\.txt.*saving would delete/);
    expect(await readdir(dir)).toEqual(['notes.txt']);
    model.dispose();
  });

  it('after a crash between the two renames, loadModel points at the intact previous model', async () => {
    const dir = join(await scratch(), 'best');
    const model = tinyUNet();
    await saveModel(model, dir);
    await rename(dir, `${dir}.previous`); // the state a crash mid-swap leaves
    await expect(loadModel(dir)).rejects.toThrow(/save was interrupted.*best\.previous.*rename it/);
    model.dispose();
  });
});

describe('damaged model directories', () => {
  async function saved(): Promise<string> {
    const dir = join(await scratch(), 'm');
    const model = tinyUNet();
    await saveModel(model, dir);
    model.dispose();
    return dir;
  }
  /** The parts of model.json these tests damage. */
  type EditableJson = {
    modelTopology: { config: { layers: { class_name: string }[] } };
    weightsManifest: { weights: { name: string; shape: number[] }[] }[];
  };
  async function editJson(dir: string, edit: (json: EditableJson) => void): Promise<void> {
    const file = join(dir, 'model.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    edit(json);
    await writeFile(file, JSON.stringify(json));
  }

  it('a missing directory or model.json', async () => {
    const root = await scratch();
    await expect(loadModel(join(root, 'nope'))).rejects.toThrow(/nope: no such model directory/);
    await mkdir(join(root, 'empty'));
    await expect(loadModel(join(root, 'empty'))).rejects.toThrow(/empty[/\\]model\.json: cannot read/);
  });

  it('model.json that is not JSON', async () => {
    const dir = await saved();
    await writeFile(join(dir, 'model.json'), '{"modelTopology": {');
    await expect(loadModel(dir)).rejects.toThrow(/model\.json: is not valid JSON/);
  });

  it('a missing weights file', async () => {
    const dir = await saved();
    await rename(join(dir, 'weights.bin'), join(dir, 'other.bin'));
    await expect(loadModel(dir)).rejects.toThrow(/weights\.bin: weights file is missing but model\.json lists it/);
  });

  it('a short (truncated) weights file', async () => {
    const dir = await saved();
    const bytes = await readFile(join(dir, 'weights.bin'));
    await writeFile(join(dir, 'weights.bin'), bytes.subarray(0, bytes.length - 100));
    await expect(loadModel(dir)).rejects.toThrow(new RegExp(`weights\\.bin: has ${bytes.length - 100} bytes but model\\.json describes ${bytes.length} \\(\\d+ weights\\): they are truncated`));
  });

  it('an unknown layer class', async () => {
    const dir = await saved();
    await editJson(dir, (json) => {
      const layer = json.modelTopology.config.layers[1];
      if (layer) layer.class_name = 'FancyConv2D';
    });
    await expect(loadModel(dir)).rejects.toThrow(/model\.json: unknown layer class "FancyConv2D"/);
  });

  it('a weight whose shape does not fit the topology', async () => {
    const dir = await saved();
    await editJson(dir, (json) => {
      const spec = json.weightsManifest[0]?.weights.find((w) => w.name === 'mask/kernel');
      expect(spec?.shape).toEqual([1, 1, 2, 1]);
      if (spec) spec.shape = [1, 1, 1, 2]; // same byte count, wrong shape
    });
    await expect(loadModel(dir)).rejects.toThrow(/shape mismatch for weight "mask\/kernel": modelTopology needs \[1, 1, 2, 1\] but weightsManifest holds \[1, 1, 1, 2\]/);
  });
});
