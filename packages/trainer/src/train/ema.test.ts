import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildUNet, loadModel, tf } from '@maskflow/model';
import { AVERAGE_BIN, readWeightAverage } from '../checkpoint/averageFile.js';
import { readTrainState } from '../checkpoint/checkpoint.js';
import { tempDir, tinyCarvana, tinyTrainOptions } from '../__tests__/fixtures.js';
import { evaluate } from '../inference/evaluate.js';
import { train } from './train.js';

const EMA = 0.8;
const history = (run: string) => JSON.parse(readFileSync(join(run, 'history.json'), 'utf8')) as { epoch: number; loss: number; valDiceCoeff: number }[];
const bytes = (run: string, file: string): Buffer => readFileSync(join(run, 'last', file));

async function weightsOf(dir: string): Promise<Float32Array[]> {
  const model = await loadModel(dir, { compile: false });
  try {
    return model.weights.map((w) => w.read().dataSync() as Float32Array);
  } finally {
    model.dispose();
  }
}

describe('train --ema (a moving average of the weights)', () => {
  let data: string;
  let oneEpoch: string;
  let twoEpochs: string;

  beforeAll(async () => {
    data = await tinyCarvana();
    oneEpoch = join(tempDir(), 'one');
    await train(tinyTrainOptions(data, oneEpoch, { epochs: 1, ema: EMA }));
    twoEpochs = join(tempDir(), 'two');
    await train(tinyTrainOptions(data, twoEpochs, { epochs: 2, ema: EMA }));
  });

  it('validates the averaged weights, saves them as best/, and keeps the raw weights and the average in last/', async () => {
    const average = (await readWeightAverage(join(oneEpoch, 'last'))) as tf.Tensor[];
    const best = await weightsOf(join(oneEpoch, 'best'));
    const raw = await weightsOf(join(oneEpoch, 'last'));
    expect(average.map((t) => t.dataSync())).toEqual(best);
    const differs = (a: Float32Array[], b: Float32Array[]) => a.some((w, i) => w.some((v, k) => v !== b[i]![k]));
    expect(differs(raw, best)).toBe(true);
    // The average moved off the initial weights (the run's seeded U-Net): it was updated per step.
    const initial = buildUNet({ inputSize: [32, 32], baseFilters: 4, depth: 2, seed: 42 });
    expect(differs(best, initial.weights.map((w) => w.read().dataSync() as Float32Array))).toBe(true);
    initial.dispose();
    tf.dispose(average);
    expect(existsSync(join(oneEpoch, 'best', AVERAGE_BIN))).toBe(false);
    // best/ scores what validation reported for its epoch.
    const scored = await evaluate({ model: oneEpoch });
    expect(scored.dice).toBeCloseTo(history(oneEpoch)[0]!.valDiceCoeff, 5);
  });

  it('an abort mid-epoch, then --resume, ends with the same raw weights, average and val scores as an uninterrupted run', async () => {
    const run = join(tempDir(), 'aborted');
    const controller = new AbortController();
    const stopped = await train(tinyTrainOptions(data, run, { epochs: 2, ema: EMA }), {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'batch' && e.epoch === 2 && e.step === 1) controller.abort();
      },
    });
    expect(stopped.stoppedBy).toBe('interrupt');
    expect(existsSync(join(run, 'last', AVERAGE_BIN))).toBe(true);
    await train({ resume: run });
    expect(bytes(run, 'weights.bin').equals(bytes(twoEpochs, 'weights.bin'))).toBe(true);
    expect(bytes(run, AVERAGE_BIN).equals(bytes(twoEpochs, AVERAGE_BIN))).toBe(true);
    expect(history(run).map((r) => r.valDiceCoeff)).toEqual(history(twoEpochs).map((r) => r.valDiceCoeff));
  });

  it('resuming from best/ (no average file) starts the average from its weights and says so', async () => {
    const run = join(tempDir(), 'from-best');
    await train(tinyTrainOptions(data, run, { epochs: 1, ema: EMA }));
    const said: string[] = [];
    await train({ resume: join(run, 'best'), epochs: 2, out: run }, { onEvent: (e) => e.type === 'info' && said.push(e.message) });
    expect(said.join('\n')).toMatch(/best has no average\.bin: the weight average starts again from its weights/);
    expect((await readTrainState(join(run, 'last'))).epoch).toBe(2);
  });

  it('a damaged average file stops the resume, naming it and what to do', async () => {
    const run = join(tempDir(), 'damaged');
    await train(tinyTrainOptions(data, run, { epochs: 1, ema: EMA }));
    writeFileSync(join(run, 'last', AVERAGE_BIN), Buffer.alloc(10));
    await expect(train({ resume: run, epochs: 2 })).rejects.toThrow(/average\.bin: the weight average file is damaged \(10 bytes where its \d+ tensors take \d+\).*delete it/);
  });
});
