/** `maskflow merge-csv`: shard csvs → MergeCsvOptions → `mergeCsv()`. */
import type { Argv } from 'yargs';
import { mergeCsv } from '../batchPredict/mergeCsv.js';

/** Register `merge-csv` on a yargs instance. */
export function mergeCsvCommand(cli: Argv): Argv {
  return cli.command(
    'merge-csv <csv..>',
    'merge shard csvs into one submission, checking no image is missing or doubled',
    (y) =>
      y
        .positional('csv', { type: 'string', array: true, demandOption: true, describe: 'the shard csvs' })
        .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'the merged csv (sorted by image name)' })
        .option('input', { type: 'string', array: true, describe: 'image files/folders the submission must cover exactly' })
        .option('skip', { type: 'string', describe: "a folder below --input not to count: predict's --output, when it was inside --input" })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON summary' }),
    async (argv) => {
      const summary = await mergeCsv({
        inputs: (argv.csv as string[]).map(String),
        output: argv.output,
        ...(argv.input === undefined ? {} : { expect: argv.input.map(String) }),
        ...(argv.skip === undefined ? {} : { skip: argv.skip }),
      });
      if (argv.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else process.stdout.write(`${summary.output}: ${summary.rows} rows from ${summary.perInput.length} csv(s)${summary.checkedAgainstInputs ? ', one per input image' : ''}\n`);
    },
  );
}
