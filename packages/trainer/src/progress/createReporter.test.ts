import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../records/history.js';
import { createReporter } from './createReporter.js';
import { renderBar, renderProgressLine } from './progressBar.js';

const record: EpochRecord = {
  epoch: 1, loss: 0.5, diceLoss: 0.25, diceCoeff: 0.75, meanIoU: 0.6, valLoss: 0.4, valDiceLoss: 0.2, valDiceCoeff: 0.8,
  valMeanIoU: 0.65, valImageDice: 0.93, lr: 0.001, imagesPerSecond: 12.5, inputWaitShare: 0.004, steps: 10, seconds: 3,
};

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, streams: { out: { write: (t: string) => out.push(t) }, err: { write: (t: string) => err.push(t) } } };
}

describe('progress bar', () => {
  it('draws Keras bars', () => {
    expect(renderBar(0, 10)).toBe(`[${'.'.repeat(30)}]`);
    expect(renderBar(5, 10)).toBe(`[${'='.repeat(14)}>${'.'.repeat(15)}]`);
    expect(renderBar(10, 10)).toBe(`[${'='.repeat(30)}]`);
    expect(renderProgressLine(3, 34, 3000, { loss: Math.LN2 })).toBe(` 3/34 [=>${'.'.repeat(28)}] - ETA: 31s - loss: 0.6931`);
  });
});

describe('createReporter', () => {
  it('prints one line per epoch when not on a TTY', () => {
    const c = capture();
    const report = createReporter('lines', c.streams);
    report({ type: 'epochStart', epoch: 1, epochs: 2, steps: 10 });
    report({ type: 'batch', epoch: 1, step: 1, steps: 10, logs: { loss: 1, diceLoss: 1, diceCoeff: 0, meanIoU: 0 }, elapsedMs: 5 });
    report({ type: 'epochEnd', epoch: 1, epochs: 2, record, improved: true });
    expect(c.out).toEqual([
      'Epoch 1/2 - 10 steps - 3s 300ms/step - loss: 0.5000 - dice_loss: 0.2500 - dice_coeff: 0.7500 - mean_iou: 0.6000' +
        ' - val_loss: 0.4000 - val_dice_loss: 0.2000 - val_dice_coeff: 0.8000 - val_mean_iou: 0.6500 - val_image_dice: 0.9300' +
        ' - lr: 0.001 - 12.5 img/s - input wait 0.4% - saved best/\n',
    ]);
  });
  it('redraws a bar in place on a TTY and ends the epoch with a newline', () => {
    const c = capture();
    const report = createReporter('tty', c.streams);
    report({ type: 'epochStart', epoch: 1, epochs: 2, steps: 10 });
    report({ type: 'batch', epoch: 1, step: 1, steps: 10, logs: { loss: 1, diceLoss: 1, diceCoeff: 0, meanIoU: 0 }, elapsedMs: 5 });
    report({ type: 'epochEnd', epoch: 1, epochs: 2, record, improved: false });
    expect(c.out[0]).toBe('Epoch 1/2\n');
    expect(c.out[1]).toMatch(/^\r 1\/10 \[==>\.+\] - ETA: 0s - loss: 1\.0000/);
    expect(c.out[2]).toMatch(/^\r10\/10 \[=+\] - 3s 300ms\/step - loss: 0\.5000.*\n$/);
  });
  it('prints JSON objects on stdout and announcements on stderr with --json', () => {
    const c = capture();
    const report = createReporter('json', c.streams);
    report({ type: 'info', message: 'hello' });
    report({ type: 'epochEnd', epoch: 1, epochs: 2, record, improved: false });
    const summary = {
      out: 'runs/x', epochs: 1, steps: 10, seconds: 3, valDice: 0.8, bestValDice: 0.8, valLoss: 0.4, imagesPerSecond: 12.5,
      inputWaitShare: 0.004, backend: 'cpu', stoppedBy: 'epochs' as const,
    };
    report({ type: 'end', summary });
    expect(c.err).toEqual(['hello\n']);
    expect(c.out.map((l) => JSON.parse(l))).toEqual([record, summary]);
  });
});
