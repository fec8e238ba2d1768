/** `maskflow evaluate`: flags → EvaluateOptions → `evaluate()`. */
import { PREDICT_UPSAMPLES, type PredictUpsample } from '@maskflow/pipeline';
import type { Argv } from 'yargs';
import { parseForeground } from '../config/parseForeground.js';
import { evaluate } from '../inference/evaluate.js';
import type { FullSizeScore } from '../inference/fullSizeDice.js';

/** Groups listed on the full-size line; --json has them all. */
const SHOWN_GROUPS = 8;

/** The full-size lines: the mean, and the worst groups (cars) when a group holds more than one image. */
export function formatFullSize(score: FullSizeScore): string {
  let text = `  at each image's own size (${score.upsample} upsampling): Kaggle image dice ${score.imageDice.toFixed(4)}\n`;
  if (score.byGroup.some((g) => g.images > 1)) {
    const shown = score.byGroup.slice(0, SHOWN_GROUPS).map((g) => `${g.group} ${g.dice.toFixed(4)} (${g.images})`);
    const more = score.byGroup.length > SHOWN_GROUPS ? `, and ${score.byGroup.length - SHOWN_GROUPS} more` : '';
    text += `  by group (images), worst first: ${shown.join(', ')}${more}\n`;
  }
  return text;
}

/** Register `evaluate` on a yargs instance. */
export function evaluateCommand(cli: Argv): Argv {
  return cli.command(
    'evaluate',
    'Dice, mean IoU and the Kaggle image Dice of a saved model',
    (y) =>
      y
        .option('model', { type: 'string', demandOption: true, describe: 'checkpoint directory, or a run directory (its best/)' })
        .option('data', { type: 'string', describe: 'data set', defaultDescription: 'the one the model was trained on' })
        .option('split', { type: 'string', choices: ['val', 'all'], default: 'val', describe: "the training run's validation split, or every sample" })
        .option('tta', { type: 'string', choices: ['none', 'flip'], default: 'none', describe: 'test-time augmentation: average with the flipped image' })
        .option('full-size', { type: 'boolean', default: false, describe: "also score the predicted masks at each image's own size (Kaggle's Carvana metric), per car too" })
        .option('upsample', { type: 'string', choices: PREDICT_UPSAMPLES, default: 'guided', describe: "with --full-size: the masks to each image's size as predict does (guided: on the image's own edges)" })
        .option('foreground', { type: 'string', describe: "the mask values that are the object, comma-separated (as train's --foreground)", defaultDescription: "the training run's, else any non-zero value" })
        .option('batch-size', { type: 'number', describe: 'images per batch', defaultDescription: "the training run's" })
        .option('threads', { type: 'number', default: 0, describe: 'pipeline threads (0: from the core count)' })
        .option('backend', { type: 'string', choices: ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'], default: 'auto', describe: 'TensorFlow.js backend' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }),
    async (argv) => {
      const foreground = parseForeground('foreground', argv.foreground);
      const result = await evaluate({
        model: argv.model,
        ...(argv.data === undefined ? {} : { data: argv.data }),
        split: argv.split as 'val' | 'all',
        tta: argv.tta as 'none' | 'flip',
        fullSize: argv.fullSize,
        upsample: argv.upsample as PredictUpsample,
        ...(argv.batchSize === undefined ? {} : { batchSize: argv.batchSize }),
        ...(foreground === undefined ? {} : { foreground }),
        threads: argv.threads,
        backend: argv.backend as 'auto',
      });
      if (argv.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
        return;
      }
      process.stdout.write(
        `${result.model} on ${result.samples} ${result.split === 'val' ? 'validation' : ''} samples of ${result.data}${result.tta === 'flip' ? ' (flip TTA)' : ''}:\n` +
          `  dice ${result.dice.toFixed(4)}  mean IoU ${result.meanIoU.toFixed(4)}  Kaggle image dice ${result.imageDice.toFixed(4)}\n`,
      );
      if (result.fullSize) process.stdout.write(formatFullSize(result.fullSize));
    },
  );
}
