/** `maskflow predict`: flags → PredictOptions → `predict()`. */
import type { Argv } from 'yargs';
import { predict } from '../inference/predict.js';

/** Register `predict` on a yargs instance. */
export function predictCommand(cli: Argv): Argv {
  return cli.command(
    'predict',
    'mask PNGs at each input image’s own size; overlays; a Kaggle submission csv',
    (y) =>
      y
        .option('model', { type: 'string', demandOption: true, describe: 'checkpoint directory, or a run directory (its best/)' })
        .option('input', { type: 'string', array: true, demandOption: true, describe: 'image files and/or directories' })
        .option('output', { type: 'string', demandOption: true, describe: 'directory for <name>_mask.png (0/255)' })
        .option('threshold', { type: 'number', default: 0.5, describe: 'probability above which a pixel is in the mask' })
        .option('viz', { type: 'boolean', default: false, describe: 'also write <name>_overlay.png' })
        .option('rle-csv', { type: 'string', describe: 'write a Kaggle submission csv (img,rle_mask) here' })
        .option('tta', { type: 'string', choices: ['none', 'flip'], default: 'none', describe: 'test-time augmentation: average with the flipped image' })
        .option('backend', { type: 'string', choices: ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'], default: 'auto', describe: 'TensorFlow.js backend' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }),
    async (argv) => {
      const result = await predict({
        model: argv.model,
        inputs: argv.input.map(String),
        output: argv.output,
        threshold: argv.threshold,
        viz: argv.viz,
        ...(argv.rleCsv === undefined ? {} : { rleCsv: argv.rleCsv }),
        tta: argv.tta as 'none' | 'flip',
        backend: argv.backend as 'auto',
      });
      if (argv.json) {
        process.stdout.write(JSON.stringify(result) + '\n');
        return;
      }
      for (const f of result.files) process.stdout.write(`${f.mask} (${f.width}x${f.height}, ${(f.coverage * 100).toFixed(1)}% mask)\n`);
      if (result.rleCsv) process.stdout.write(`${result.rleCsv} (${result.files.length} rows)\n`);
    },
  );
}
