/** `maskflow explore`: flags → ExploreOptions → `explore()`. */
import type { Argv } from 'yargs';
import { parseForeground } from '../config/parseForeground.js';
import { explore } from '../inference/explore.js';

/** `0 83.1%, 255 16.9%`: the six commonest values and their shares, and how many more there are. */
function describeShares(shares: readonly { value: number | string; share: number }[]): string {
  const shown = shares.slice(0, 6).map((s) => `${s.value} ${(s.share * 100).toFixed(s.share < 0.001 ? 3 : 1)}%`);
  return `${shown.join(', ')}${shares.length > 6 ? `, and ${shares.length - 6} more values` : ''}`;
}

/** Register `explore` on a yargs instance. */
export function exploreCommand(cli: Argv): Argv {
  return cli.command(
    'explore',
    'a grid of random images beside their masks, and data set statistics',
    (y) =>
      y
        .option('data', { type: 'string', demandOption: true, describe: 'data set directory' })
        .option('samples', { type: 'number', default: 5, describe: 'images in the grid' })
        .option('out', { type: 'string', default: 'explore.png', describe: 'PNG file for the grid' })
        .option('seed', { type: 'number', default: 42, describe: 'which random images' })
        .option('foreground', { type: 'string', describe: "the mask values that are the object, comma-separated, as train's --foreground (1,3 for Oxford-IIIT Pet's trimaps)" })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }),
    async (argv) => {
      const foreground = parseForeground('foreground', argv.foreground);
      const r = await explore({ data: argv.data, samples: argv.samples, out: argv.out, seed: argv.seed, ...(foreground === undefined ? {} : { foreground }) });
      if (argv.json) {
        process.stdout.write(`${JSON.stringify(r)}\n`);
        return;
      }
      const sizes = Object.entries(r.imageSizes).map(([s, n]) => `${s} (${n})`).join(', ');
      const lines = [
        `${r.root}: ${r.layout} layout, ${r.samples} samples, ${r.groups} groups (cars)`,
        `views per car: min ${r.viewsPerGroup.min}, mean ${r.viewsPerGroup.mean.toFixed(1)}, max ${r.viewsPerGroup.max}`,
        `image sizes: ${sizes}`,
        `masks: ${r.masksFromCsv} from train_masks.csv, ${r.maskFiles} files; mean coverage ${(r.meanMaskCoverage * 100).toFixed(1)}%; ${r.emptyMasks} empty, ${r.fullMasks} full (at 128x128)`,
        ...(r.maskValues.files === 0 ? [] : [`mask values (${r.maskValues.files} files, as --foreground reads them): ${describeShares(r.maskValues.shares)}`]),
        `problems: ${r.problems.length === 0 ? 'none' : r.problems.length}`,
        ...r.problems.map((p) => `  - ${p}`),
        ...r.notes.map((n) => `note: ${n}`),
        ...(r.samples > 0 && r.fullMasks === r.samples && foreground === undefined
          ? ["note: every mask covers its whole image, as a label map's do when its background is not 0: name the object's values or colours with --foreground (1,3 for Oxford-IIIT Pet's trimaps; '#rrggbb' for a colour-coded map)"]
          : []),
        `grid: ${r.grid}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    },
  );
}
