/** `maskflow predict`: flags → PredictFolderOptions → `predictFolder()` (with --viz: the per-image `predict()`). */
import { PREDICT_UPSAMPLES, type PredictUpsample } from '@maskflow/pipeline';
import type { Argv } from 'yargs';
import { predictFolder } from '../batchPredict/predictFolder.js';
import { renderPredictProgress } from '../batchPredict/predictProgressLine.js';
import { predict } from '../inference/predict.js';
import { interruptOnSigint } from './interruptOnSigint.js';

/** Register `predict` on a yargs instance. */
export function predictCommand(cli: Argv): Argv {
  return cli.command(
    'predict',
    'a resumable Kaggle submission csv (and mask PNGs) for folders of any size, batched, sharded',
    (y) =>
      y
        .option('model', { type: 'string', demandOption: true, describe: 'checkpoint directory, or a run directory (its best/)' })
        .option('input', { type: 'string', array: true, demandOption: true, describe: 'image files and/or directories (with their subfolders)' })
        .option('output', { type: 'string', describe: 'also write <name>_mask.png (0/255) at each image’s size here, in the subfolders the images are in' })
        .option('rle-csv', { type: 'string', describe: 'the submission csv (img,rle_mask); an existing one is resumed', defaultDescription: '<output>/submission.csv' })
        .option('batch-size', { type: 'number', default: 8, describe: 'images per model call' })
        .option('threads', { type: 'number', describe: 'decode and mask worker threads', defaultDescription: 'the core count' })
        .option('threshold', { type: 'number', default: 0.5, describe: 'probability above which a pixel is in the mask' })
        .option('tta', { type: 'string', choices: ['none', 'flip'], default: 'none', describe: 'test-time augmentation: average with the flipped image' })
        .option('on-bad-sample', { type: 'string', choices: ['error', 'skip'], default: 'error', describe: 'skip: an empty-mask row for an undecodable image, listed in --skipped-file' })
        .option('skipped-file', { type: 'string', describe: 'sidecar listing skipped images and why', defaultDescription: '<rle-csv>.skipped.tsv' })
        .option('shard', { type: 'string', describe: 'K/N: predict shard K (from 0) of N', defaultDescription: 'JOB_COMPLETION_INDEX/JOB_COMPLETIONS, else 0/1' })
        .option('sort', { type: 'boolean', default: false, describe: 'sort the csv by image name at the end' })
        .option('resize', { type: 'string', choices: ['pipeline', 'exact'], default: 'pipeline', describe: "to the model's input as training's loader (pipeline) or the demo (exact) does" })
        .option('upsample', { type: 'string', choices: PREDICT_UPSAMPLES, default: 'guided', describe: "the mask to the image's size: outline on the image's own edges (guided) or plain bilinear" })
        .option('viz', { type: 'boolean', default: false, describe: 'per-image path: mask PNGs and overlays into --output, csv at the end' })
        .option('backend', { type: 'string', choices: ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'], default: 'auto', describe: 'TensorFlow.js backend' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON summary' }),
    async (argv) => {
      if (argv.viz) {
        const result = await predict({
          model: argv.model,
          inputs: argv.input.map(String),
          output: argv.output as string,
          threshold: argv.threshold,
          viz: true,
          ...(argv.rleCsv === undefined ? {} : { rleCsv: argv.rleCsv }),
          tta: argv.tta as 'none' | 'flip',
          upsample: argv.upsample as PredictUpsample,
          backend: argv.backend as 'auto',
        });
        if (argv.json) process.stdout.write(`${JSON.stringify(result)}\n`);
        else for (const f of result.files) process.stdout.write(`${f.mask} (${f.width}x${f.height}, ${(f.coverage * 100).toFixed(1)}% mask)\n`);
        return;
      }
      const tty = process.stderr.isTTY === true;
      let shownAt = 0;
      const { signal, dispose } = interruptOnSigint((m) => process.stderr.write(`\n${m}\n`), {
        first: 'Interrupt: writing the rows in flight, then stopping; the same command resumes (Ctrl-C again to quit at once).',
        second: 'Second interrupt: exiting now; rows written so far are whole, and the same command resumes.',
      });
      try {
        const summary = await predictFolder({
          model: argv.model,
          inputs: argv.input.map(String),
          ...(argv.output === undefined ? {} : { masks: argv.output }),
          ...(argv.rleCsv === undefined ? {} : { csv: argv.rleCsv }),
          batchSize: argv.batchSize,
          ...(argv.threads === undefined ? {} : { threads: argv.threads }),
          threshold: argv.threshold,
          tta: argv.tta as 'none' | 'flip',
          backend: argv.backend as 'auto',
          onBadSample: argv.onBadSample as 'error' | 'skip',
          ...(argv.skippedFile === undefined ? {} : { skippedFile: argv.skippedFile }),
          ...(argv.shard === undefined ? {} : { shard: argv.shard }),
          sort: argv.sort,
          resize: argv.resize as 'pipeline' | 'exact',
          upsample: argv.upsample as PredictUpsample,
          signal,
          onProgress(p) {
            const now = performance.now();
            const last = p.done >= p.total;
            if (!last && now - shownAt < (tty ? 250 : 10_000)) return;
            shownAt = now;
            process.stderr.write(tty ? `\r${renderPredictProgress(p)}${last ? '\n' : ''}` : `${renderPredictProgress(p)}\n`);
          },
        });
        if (argv.json) {
          process.stdout.write(`${JSON.stringify(summary)}\n`);
          return;
        }
        const shard = summary.shard.count > 1 ? ` (shard ${summary.shard.index}/${summary.shard.count})` : '';
        process.stdout.write(`${summary.csv}: ${summary.resumed + summary.written}/${summary.images} rows${shard}, ${summary.written} written by this run (${summary.imagesPerSecond.toFixed(1)} images/s)${summary.sorted ? ', sorted' : ''}\n`);
        if (summary.skipped.length > 0) process.stdout.write(`${summary.skipped.length} image(s) could not be decoded and have empty-mask rows; listed in ${summary.skippedFile}\n`);
        if (summary.interrupted) process.stdout.write('Interrupted: run the same command again to resume.\n');
      } finally {
        dispose();
      }
    },
  );
}
