/** `pnpm demo --model DIR`: build the page, serve it and the model on 127.0.0.1, print the URL. */
import { resolve } from 'node:path';
import { describedFlags, explainUnknownFlags } from '@maskflow/errors';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { buildDemo } from './buildDemo.js';
import { findModelDir } from './findModelDir.js';
import { serveDemo } from './serveDemo.js';

async function main(): Promise<void> {
  const args = hideBin(process.argv);
  const argv = await yargs(args)
    .scriptName('pnpm demo')
    .usage('$0 --model DIR\n\nBuild the browser demo and serve it with a trained model on 127.0.0.1.')
    .option('model', { type: 'string', describe: 'Model directory (model.json + weights.bin) or a run directory (uses its best/)' })
    .option('port', { type: 'number', default: 4173, describe: 'Port on 127.0.0.1 (0: any free port)' })
    .option('out', { type: 'string', describe: 'Where to build the page (default: packages/demo/dist)' })
    .option('build-only', { type: 'boolean', default: false, describe: 'Build the page and exit' })
    .strict()
    .locale('en')
    .fail((message, error, usage) => {
      // yargs' own failure print shows the whole --help; one line naming the flag says more.
      if (error) throw error;
      process.stderr.write(`pnpm demo: ${explainUnknownFlags(message, args, describedFlags(usage))}\nRun \`pnpm demo --help\` for the options.\n`);
      process.exit(2);
    })
    .help()
    .parse();
  // pnpm runs root scripts from the workspace root; INIT_CWD is where the user typed the command.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const modelDir = argv.model === undefined ? undefined : await findModelDir(argv.model, cwd);
  const root = await buildDemo({ outDir: argv.out === undefined ? undefined : resolve(cwd, argv.out) });
  if (argv.buildOnly) {
    process.stdout.write(`Built the demo page in ${root}\n`);
    return;
  }
  const server = await serveDemo({ root, modelDir, port: argv.port });
  process.stdout.write(`Maskflow demo: ${server.pageUrl}\n${modelDir === undefined ? 'No --model: pick model.json + weights.bin on the page.' : `Model: ${modelDir}`}\nCtrl-C to stop.\n`);
  process.once('SIGINT', () => void server.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  const err = error as NodeJS.ErrnoException;
  const message = err.code === 'EADDRINUSE' ? `${err.message}: pass --port with a free port, or --port 0 for any.` : err.message;
  process.stderr.write(`pnpm demo: ${message}\n`);
  process.exit(1);
});
