import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildUNet, loadModel, readModelMetadata } from '@maskflow/model';
import { afterAll, describe, expect, it } from 'vitest';
import { main, parsePretrainArgs } from './modelPretrain.js';
import { capture } from './__tests__/capture.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('model:pretrain', () => {
  it('parses flags with their defaults, naming a bad flag', () => {
    expect(parsePretrainArgs([])).toMatchObject({ cars: 120, views: 16, seed: 2000, width: 480, height: 320, epochs: 40, minutes: 24, work: undefined });
    expect(() => parsePretrainArgs(['--cars', '1'])).toThrow(/--cars/);
    expect(() => parsePretrainArgs(['--minutes', '0'])).toThrow(/--minutes/);
    expect(() => parsePretrainArgs(['--colour', 'red'])).toThrow(/colour/);
  });

  it("trains the CPU preset's U-Net on a randomized set and saves its weights alone, with how they were made", async () => {
    const root = await mkdtemp(join(tmpdir(), 'maskflow-pretrain-test-'));
    dirs.push(root);
    const out = join(root, 'weights');
    const work = join(root, 'work');
    const run = capture();
    // A tiny set and one epoch at 32x32 (the preset's encoder, filters and cap: the weights' shapes).
    const code = await main(['--out', out, '--cars', '3', '--views', '2', '--width', '64', '--height', '48', '--epochs', '1', '--work', work], run.io, { size: 32, threads: 1, batchSize: 2 });
    expect(run.err).toEqual([]);
    expect(code).toBe(0);
    expect(run.out.join('\n')).toMatch(/Wrote 6 randomized images[\s\S]*epoch 1: val Dice[\s\S]*Saved /);
    expect((await readdir(out)).sort()).toEqual(['model.json', 'weights.bin']);
    const meta = (await readModelMetadata(out)) as { pretrained: { set: { cars: number; seed: number }; training: { preset: string; epochs: number } } };
    expect(meta.pretrained).toMatchObject({ set: { cars: 3, seed: 2000 }, training: { preset: 'cpu', epochs: 1 } });
    const model = await loadModel(out, { compile: false });
    const preset = buildUNet({ inputSize: [32, 32], encoder: 'mobilenet_v2', encoderWeights: 'none', baseFilters: 8, maxFilters: 64 });
    expect(model.weights.map((w) => `${w.originalName} ${w.shape.join('x')}`)).toEqual(preset.weights.map((w) => `${w.originalName} ${w.shape.join('x')}`));
    expect(model.optimizer).toBeUndefined();
    model.dispose();
    preset.dispose();
  });
});
