/** `maskflow evaluate`: flags → EvaluateOptions → `evaluate()`. */
import type { Argv } from 'yargs';
import { evaluate } from '../inference/evaluate.js';

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
        .option('batch-size', { type: 'number', describe: 'images per batch', defaultDescription: "the training run's" })
        .option('threads', { type: 'number', default: 0, describe: 'pipeline threads (0: from the core count)' })
        .option('backend', { type: 'string', choices: ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'], default: 'auto', describe: 'TensorFlow.js backend' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }),
    async (argv) => {
      const result = await evaluate({
        model: argv.model,
        ...(argv.data === undefined ? {} : { data: argv.data }),
        split: argv.split as 'val' | 'all',
        tta: argv.tta as 'none' | 'flip',
        ...(argv.batchSize === undefined ? {} : { batchSize: argv.batchSize }),
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
    },
  );
}
