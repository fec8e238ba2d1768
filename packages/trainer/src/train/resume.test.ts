import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTrainState } from '../checkpoint/checkpoint.js';
import { tempDir, tinyCarvana, tinyTrainFlags, tinyTrainOptions } from '../__tests__/fixtures.js';
import { train } from './train.js';

const BIN = fileURLToPath(new URL('../../bin/maskflow.js', import.meta.url));
const EPOCHS = 2;

/** Run `maskflow train --json` in a child and send `signal` as soon as epoch 1's line is printed. */
function trainAndStopAfterEpoch1(args: string[], signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'train', ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (line.startsWith('{"epoch":1,')) child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, sig) => {
      if (lines.length === 0) reject(new Error(`child printed no epoch line (exit ${code}): ${stderr}`));
      else resolve({ code, signal: sig, lines });
    });
  });
}

const weights = (run: string): Buffer => readFileSync(join(run, 'last', 'weights.bin'));

describe('resume', () => {
  let data: string;
  let uninterrupted: string;

  beforeAll(async () => {
    data = await tinyCarvana();
    uninterrupted = join(tempDir(), 'a');
    await train(tinyTrainOptions(data, uninterrupted, { epochs: EPOCHS }));
  });

  it('after SIGKILL mid-run, --resume ends with the same weights and optimizer state as an uninterrupted run', async () => {
    const run = join(tempDir(), 'killed');
    const killed = await trainAndStopAfterEpoch1(tinyTrainFlags(data, run, EPOCHS), 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    // The kill landed before epoch 2 was saved: last/ still holds epoch 1.
    expect((await readTrainState(join(run, 'last'))).epoch).toBe(1);
    const summary = await train({ resume: run });
    expect(summary.epochs).toBe(EPOCHS);
    expect(weights(run).equals(weights(uninterrupted))).toBe(true);
    const history = JSON.parse(readFileSync(join(run, 'history.json'), 'utf8')) as { epoch: number }[];
    expect(history.map((r) => r.epoch)).toEqual([1, 2]);
  });

  it('with --dropout, a killed and resumed run draws the masks an uninterrupted one does and ends with its weights', async () => {
    const dropout = ['--dropout', '0.5'];
    const whole = join(tempDir(), 'dropout-whole');
    await train({ ...tinyTrainOptions(data, whole, { epochs: EPOCHS }), dropout: 0.5 });
    // The dropout reached the model: the same seed without it trains to other weights.
    expect(weights(whole).equals(weights(uninterrupted))).toBe(false);
    const run = join(tempDir(), 'dropout-killed');
    const killed = await trainAndStopAfterEpoch1([...tinyTrainFlags(data, run, EPOCHS), ...dropout], 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    await train({ resume: run });
    expect(weights(run).equals(weights(whole))).toBe(true);
  });

  it('with --weight-decay, training ends with other weights, and a killed and resumed run ends with the weights of an uninterrupted one', async () => {
    const whole = join(tempDir(), 'decay-whole');
    await train({ ...tinyTrainOptions(data, whole, { epochs: EPOCHS }), weightDecay: 5 });
    // The decay reached training: the same seed without it ends with other weights.
    expect(weights(whole).equals(weights(uninterrupted))).toBe(false);
    const run = join(tempDir(), 'decay-killed');
    const killed = await trainAndStopAfterEpoch1([...tinyTrainFlags(data, run, EPOCHS), '--weight-decay', '5'], 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    await train({ resume: run });
    expect(weights(run).equals(weights(whole))).toBe(true);
  });

  it('SIGINT finishes the step, saves last/ mid-epoch, exits 0; --resume continues to the same weights', async () => {
    const run = join(tempDir(), 'interrupted');
    const stopped = await trainAndStopAfterEpoch1(tinyTrainFlags(data, run, EPOCHS), 'SIGINT');
    expect(stopped.code).toBe(0);
    const summaryLine = JSON.parse(stopped.lines[stopped.lines.length - 1] ?? '{}') as { stoppedBy?: string };
    expect(summaryLine.stoppedBy).toBe('interrupt');
    const state = await readTrainState(join(run, 'last'));
    expect(state.epoch).toBe(1);
    await train({ resume: join(run, 'last') });
    expect(weights(run).equals(weights(uninterrupted))).toBe(true);
  });

  it('an abort mid-epoch saves the partial epoch; resuming skips the batches already trained on', async () => {
    const run = join(tempDir(), 'aborted');
    const controller = new AbortController();
    const summary = await train(tinyTrainOptions(data, run, { epochs: EPOCHS }), {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'batch' && e.epoch === 2 && e.step === 2) controller.abort();
      },
    });
    expect(summary.stoppedBy).toBe('interrupt');
    const state = await readTrainState(join(run, 'last'));
    expect(state).toMatchObject({ epoch: 1, stepInEpoch: 2 });
    expect(state.partial?.steps).toBe(2);
    const resumed = await train({ resume: run });
    expect(resumed.steps).toBe((await readTrainState(join(uninterrupted, 'last'))).globalStep);
    expect(weights(run).equals(weights(uninterrupted))).toBe(true);
    const history = JSON.parse(readFileSync(join(run, 'history.json'), 'utf8')) as { loss: number }[];
    const reference = JSON.parse(readFileSync(join(uninterrupted, 'history.json'), 'utf8')) as { loss: number }[];
    // Epoch 2's running means were carried across the interrupt.
    expect(history.map((r) => r.loss)).toEqual(reference.map((r) => r.loss));
  });

  it('refuses to resume with a different model or data option', async () => {
    await expect(train({ resume: uninterrupted, baseFilters: 8 })).rejects.toThrow("Expected the checkpoint's value 4 when resuming for baseFilters but received 8 of type number. Leave baseFilters out to resume, or start a new run in another out directory");
    await expect(train({ resume: join(tempDir(), 'nothing') })).rejects.toThrow(/no model\.json/);
  });
});
