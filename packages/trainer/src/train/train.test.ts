import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateSyntheticCarvana } from '@maskflow/datasets';
import { loadModel, tf, unetParamCount } from '@maskflow/model';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTrainState } from '../checkpoint/checkpoint.js';
import type { EpochRecord } from '../records/history.js';
import { describeStart } from '../progress/describeStart.js';
import { readEventFiles } from '../tensorboard/summaryWriter.js';
import { tempDir, tinyCarvana, tinyTrainOptions } from '../__tests__/fixtures.js';
import { evaluate } from '../inference/evaluate.js';
import { train } from './train.js';
import type { TrainEvent, TrainSummary } from './trainEvents.js';

describe('train', () => {
  let data: string;
  let out: string;
  let summary: TrainSummary;
  const events: TrainEvent[] = [];
  const tensorsAtEpochEnd: number[] = [];

  beforeAll(async () => {
    data = await tinyCarvana();
    out = join(tempDir(), 'run');
    summary = await train(tinyTrainOptions(data, out, { epochs: 3 }), {
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'epochEnd') tensorsAtEpochEnd.push(tf.memory().numTensors);
      },
    });
  });

  it('keeps tf.memory().numTensors flat across epochs', () => {
    expect(tensorsAtEpochEnd).toHaveLength(3);
    expect(new Set(tensorsAtEpochEnd).size).toBe(1);
  });

  it('writes best/, last/ with the trainer state, history, plots and event files', async () => {
    for (const f of ['best/model.json', 'best/weights.bin', 'last/model.json', 'last/weights.bin', 'history.json', 'history.csv', 'config.json']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const state = await readTrainState(join(out, 'last'));
    expect(state).toMatchObject({ epoch: 3, stepInEpoch: 0, seed: 42, lr: 1e-3 });
    expect(state.globalStep).toBe(summary.steps);
    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as EpochRecord[];
    expect(history.map((r) => r.epoch)).toEqual([1, 2, 3]);
    for (const { trainSize, ...r } of history) {
      expect(trainSize).toBe('32x32');
      for (const v of Object.values(r)) expect(Number.isFinite(v)).toBe(true);
      expect(r.inputWaitShare).toBeGreaterThanOrEqual(0);
      expect(r.inputWaitShare).toBeLessThan(1);
    }
    const csv = readFileSync(join(out, 'history.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('epoch,loss,diceLoss,diceCoeff,meanIoU,valLoss,valDiceLoss,valDiceCoeff,valMeanIoU,valImageDice,lr,trainSize,imagesPerSecond,inputWaitShare,steps,seconds');
    expect(csv).toHaveLength(4);
    for (const png of ['curves.png', 'predictions.png']) {
      const meta = await sharp(join(out, png)).metadata();
      expect(meta.format).toBe('png');
    }
    // predictions.png: a header row and one row per validation image (at most 5), three columns.
    const grid = await sharp(join(out, 'predictions.png')).metadata();
    expect(grid.width).toBe(6 + 3 * (192 + 6));
    const train = readEventFiles(join(out, 'tb', 'train'));
    const val = readEventFiles(join(out, 'tb', 'val'));
    expect(train.filter((e) => e.scalars).map((e) => e.step)).toEqual([1, 2, 3]);
    const valLoss = val.filter((e) => e.scalars).map((e) => e.scalars?.find((s) => s.tag === 'epoch_loss')?.value);
    expect(valLoss).toEqual(history.map((r) => Math.fround(r.valLoss)));
    expect(readdirSync(join(out, 'tb', 'val'))[0]).toMatch(/^events\.out\.tfevents\./);
  });

  it('saves best/ when val dice loss improves (lower is better) and reports the summary', async () => {
    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as EpochRecord[];
    const bestEpoch = history.reduce((b, r) => (r.valDiceLoss < b.valDiceLoss ? r : b));
    const best = await readTrainState(join(out, 'best'));
    expect(best.epoch).toBe(bestEpoch.epoch);
    expect(summary).toMatchObject({ epochs: 3, stoppedBy: 'epochs', out });
    expect(summary.valDice).toBe(history[2]?.valDiceCoeff);
    expect(summary.bestValDice).toBe(bestEpoch.valDiceCoeff);
    const order = events.filter((e) => e.type !== 'info' && e.type !== 'batch').map((e) => e.type);
    expect(order).toEqual(['start', 'epochStart', 'epochEnd', 'epochStart', 'epochEnd', 'epochStart', 'epochEnd', 'end']);
    expect(events.filter((e) => e.type === 'batch')).toHaveLength(summary.steps);
  });

  it('trains each epoch at the cosine schedule\'s rate (warmup, then decay to lrMin), recorded in the history', async () => {
    const run = join(tempDir(), 'run');
    await train(tinyTrainOptions(data, run, { epochs: 4, lr: 2e-3, lrMin: 1e-5, lrSchedule: 'cosine', lrWarmupEpochs: 2, scale: 0.2, brightness: 0.2 }));
    const history = JSON.parse(readFileSync(join(run, 'history.json'), 'utf8')) as EpochRecord[];
    const cosine = (epoch: number) => 1e-5 + (2e-3 - 1e-5) * 0.5 * (1 + Math.cos((Math.PI * (epoch - 0.5)) / 4));
    const expected = [1, 2, 3, 4].map((epoch) => cosine(epoch) * Math.min(1, epoch / 2));
    for (const [i, r] of history.entries()) expect(r.lr).toBeCloseTo(expected[i]!, 12);
    expect(history.map((r) => Number.isFinite(r.valDiceCoeff))).toEqual([true, true, true, true]);
  });

  it('with --progressive-scale, trains the first epochs smaller, climbing to --size, validating and saving at --size throughout', async () => {
    const run = join(tempDir(), 'run');
    const said: string[] = [];
    const tensors: number[] = [];
    await train(tinyTrainOptions(data, run, { epochs: 4, depth: 3, progressiveScale: 0.5, progressiveSteps: 2, progressiveShare: 0.5 }), {
      onEvent: (e) => {
        if (e.type === 'info') said.push(e.message);
        if (e.type === 'epochEnd') tensors.push(tf.memory().numTensors);
      },
    });
    const history = JSON.parse(readFileSync(join(run, 'history.json'), 'utf8')) as EpochRecord[];
    // Four epochs: the first two (schedule midpoints 0.125 and 0.375) under the share of 0.5, on
    // its two steps (scales 0.5 and 0.75: 16 then 24, multiples of 2^depth).
    expect(history.map((r) => r.trainSize)).toEqual(['16x16', '24x24', '32x32', '32x32']);
    expect(history.map((r) => Number.isFinite(r.valDiceCoeff))).toEqual([true, true, true, true]);
    expect(said).toContain('progressive resizing: training at 16x16, then 24x24 (--progressive-scale 0.5) for the first 50% of the run, then at 32x32');
    expect(said).toContain('progressive resizing: training at 24x24 from epoch 2');
    expect(said).toContain('progressive resizing: training at 32x32 from epoch 3');
    // The loader's full-size tensors and their resized copies are all disposed.
    expect(new Set(tensors).size).toBe(1);
    const best = await loadModel(join(run, 'best'), { compile: false });
    expect(best.inputs[0]!.shape).toEqual([null, 32, 32, 3]);
    best.dispose();
  });

  it('stops at --max-steps', async () => {
    const capped = await train(tinyTrainOptions(data, join(tempDir(), 'run'), { epochs: 5, maxSteps: 3 }));
    expect(capped).toMatchObject({ steps: 3, epochs: 1, stoppedBy: 'maxSteps' });
  });

  it('with --init-weights, starts from a saved model (fine-tuning): its first epoch ends at a lower loss than a run from scratch', async () => {
    const firstEpochLoss = async (extra: Parameters<typeof tinyTrainOptions>[2]): Promise<{ loss: number; lines: string[]; run: string }> => {
      const run = join(tempDir(), 'run');
      const records: EpochRecord[] = [];
      const lines: string[] = [];
      await train(tinyTrainOptions(data, run, { epochs: 1, ...extra }), {
        onEvent: (e) => {
          if (e.type === 'epochEnd') records.push(e.record);
          if (e.type === 'start') lines.push(...describeStart(e.info));
        },
      });
      return { loss: records[0]!.loss, lines, run };
    };
    const scratch = await firstEpochLoss({});
    const tuned = await firstEpochLoss({ initWeights: join(out, 'best') });
    expect(tuned.loss).toBeLessThan(scratch.loss);
    expect(tuned.lines).toContain(`weights: from ${join(out, 'best')} (fine-tuning)`);
    expect(JSON.parse(readFileSync(join(tuned.run, 'config.json'), 'utf8'))).toMatchObject({ initWeights: join(out, 'best') });
  });

  it('says a warning for each option the rest of the config does not read, before --init-weights is read', async () => {
    const infos: string[] = [];
    const missing = join(tempDir(), 'nothing');
    const options = tinyTrainOptions(data, join(tempDir(), 'run'), { initWeights: missing, loss: 'bce', diceWeight: 2, progressiveSteps: 3 });
    await expect(train(options, { onEvent: (e) => { if (e.type === 'info') infos.push(e.message); } })).rejects.toThrow(`${missing}: no such model directory`);
    expect(infos).toContain('warning: --dice-weight 2 has no effect with --loss bce: it weighs the Dice term of --loss bce-dice');
    expect(infos.filter((m) => m.startsWith('warning: --progressive-steps 3 has no effect with --progressive-scale 1'))).toHaveLength(1);
  });

  it('refuses --init-weights that is missing or of another architecture before training, naming the path', async () => {
    const missing = join(tempDir(), 'nothing');
    const run = join(tempDir(), 'run');
    await expect(train(tinyTrainOptions(data, run, { initWeights: missing }))).rejects.toThrow(`${missing}: no such model directory`);
    expect(existsSync(run)).toBe(false);
    await expect(train(tinyTrainOptions(data, join(tempDir(), 'run'), { initWeights: join(out, 'best'), baseFilters: 8 }))).rejects.toThrow(
      /best\/model\.json: holds "encoder1_a_conv\/kernel" as \[3, 3, 3, 4\] but this model needs \[3, 3, 3, 8\]/,
    );
  });

  it('builds the model with --max-filters and records it in config.json', async () => {
    const run = join(tempDir(), 'run');
    let params = 0;
    await train(tinyTrainOptions(data, run, { epochs: 1, maxSteps: 1, maxFilters: 6 }), {
      onEvent: (e) => {
        if (e.type === 'start') params = e.info.params;
      },
    });
    // tinyTrainOptions: 32x32, base 4, depth 2, so levels 4, 8 and a centre of 16, capped at 6.
    expect(params).toBe(unetParamCount({ inputSize: [32, 32], baseFilters: 4, depth: 2, maxFilters: 6 }).total);
    expect(params).toBeLessThan(unetParamCount({ inputSize: [32, 32], baseFilters: 4, depth: 2 }).total);
    expect(JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'))).toMatchObject({ maxFilters: 6 });
  });

  it('with --encoder mobilenet_v2, trains from the ImageNet weights, records the encoder and depth 4, and resumes', async () => {
    const run = join(tempDir(), 'run');
    const lines: string[] = [];
    const summary = await train(tinyTrainOptions(data, run, { epochs: 1, encoder: 'mobilenet_v2', depth: undefined }), {
      onEvent: (e) => {
        if (e.type === 'start') lines.push(...describeStart(e.info));
      },
    });
    expect(summary.epochs).toBe(1);
    expect(lines.find((l) => l.startsWith('model:'))).toMatch(/^model: {3}U-Net 32x32, MobileNetV2 encoder to stride 16 \(ImageNet weights\), decoder base filters 4, [\d,]+ params$/);
    expect(JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'))).toMatchObject({ encoder: 'mobilenet_v2', encoderWeights: 'imagenet', depth: 4 });
    // The checkpoint holds the MobileNetV2 layers under Keras' names, and a resume continues it.
    const saved = JSON.parse(readFileSync(join(run, 'last', 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string }[] }[] };
    expect(saved.weightsManifest[0]!.weights.map((w) => w.name)).toContain('block_12_project_BN/moving_variance');
    const resumed = await train({ resume: run, epochs: 2 });
    expect(resumed.epochs).toBe(2);
  });

  it('with --fold K/N holds out fold K, records it, and evaluate scores the same held-out cars', async () => {
    const run = join(tempDir(), 'run');
    const lines: string[] = [];
    await train(tinyTrainOptions(data, run, { epochs: 1, maxSteps: 1, fold: '2/3' }), {
      onEvent: (e) => {
        if (e.type === 'start') lines.push(...describeStart(e.info));
      },
    });
    // tinyCarvana: 6 cars x 4 views; 3 folds of 2 cars each.
    expect(lines.find((l) => l.startsWith('split:'))).toMatch(/^split: +by car, fold 2\/3, 16 train \/ 8 val,/);
    expect(JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'))).toMatchObject({ fold: { index: 2, count: 3 } });
    expect(await evaluate({ model: join(run, 'best') })).toMatchObject({ split: 'val', samples: 8 });
    const refused = join(tempDir(), 'run');
    await expect(train(tinyTrainOptions(data, refused, { fold: '0/7' }))).rejects.toThrow(`Expected K/N with N at most the 6 cars of ${data}`);
    expect(existsSync(refused)).toBe(false);
  });

  it('with --val-data trains on all of --data and validates on all of that folder, and evaluate scores the same images', async () => {
    const valDir = join(tempDir('maskflow-val-'), 'carvana');
    await generateSyntheticCarvana({ outDir: valDir, cars: 2, views: 4, width: 96, height: 64, seed: 8 });
    const run = join(tempDir(), 'run');
    const lines: string[] = [];
    const records: EpochRecord[] = [];
    await train(tinyTrainOptions(data, run, { epochs: 1, valData: valDir }), {
      onEvent: (e) => {
        if (e.type === 'start') lines.push(...describeStart(e.info));
        if (e.type === 'epochEnd') records.push(e.record);
      },
    });
    // tinyCarvana: 6 cars x 4 views, all trained on; the other set's 8 images validated on.
    expect(lines.find((l) => l.startsWith('split:'))).toMatch(new RegExp(`^split: +all of the data, validating on ${valDir}, 24 train / 8 val,`));
    expect(JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'))).toMatchObject({ data, valData: valDir });
    const scored = await evaluate({ model: run });
    expect(scored).toMatchObject({ split: 'val', samples: 8, data: valDir });
    expect(scored.dice).toBeCloseTo(records[0]!.valDiceCoeff, 5);
    await expect(train(tinyTrainOptions(data, join(tempDir(), 'run'), { valData: data }))).rejects.toThrow(/^Expected a folder other than --data .* for valData/);
    await expect(train(tinyTrainOptions(data, join(tempDir(), 'run'), { valData: valDir, fold: '0/3' }))).rejects.toThrow(/no --fold with --val-data/);
    const missing = join(tempDir(), 'nothing');
    await expect(train(tinyTrainOptions(data, join(tempDir(), 'run'), { valData: missing }))).rejects.toThrow(`Data set ${missing} has 1 problem(s)`);
  });
});
