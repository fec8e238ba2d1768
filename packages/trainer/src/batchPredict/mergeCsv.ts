/** `mergeCsv(options)`: shard csvs into one submission, refusing a missing or doubled image. */
import { rename } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { checkNonEmptyString, OptionRangeError, UserError } from '@maskflow/errors';
import { listImages } from '../inference/listImages.js';
import { openAppendOnly } from './appendOnlyFile.js';
import { CSV_HEADER, copyRows, scanCsv, type CsvRow } from './csvRows.js';
import { compareImg } from './sortCsv.js';

/** Options of {@link mergeCsv}. */
export interface MergeCsvOptions {
  /** The csvs to merge (one per shard). */
  inputs: string[];
  /** The merged csv, sorted by image name; written only when every check passes. */
  output: string;
  /** Image files and/or folders the submission must cover exactly (one row per image). */
  expect?: string[];
  /** A folder below an `expect` folder not to count: predict's masks folder, when it was inside its --input. */
  skip?: string;
  cwd?: string;
}

/** What {@link mergeCsv} wrote. */
export interface MergeCsvSummary {
  output: string;
  rows: number;
  /** Rows per input csv, in the order given. */
  perInput: { csv: string; rows: number; cutRowBytes: number }[];
  /** Whether the rows were checked against `expect`. */
  checkedAgainstInputs: boolean;
}

/** The merge's checks failed: every problem listed (first 20 of each kind). */
export class MergeCsvError extends UserError {
  constructor(readonly problems: string[]) {
    super(`Cannot merge: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\nNothing was written; rerun the shard(s) at fault (they resume) and merge again`);
  }
}

/** Why a shard csv could not be opened, by error code; any other failure is a bug and propagates. */
const UNREADABLE: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory, not a csv',
  EACCES: 'not readable (permission denied)',
};

function listed(kind: string, names: string[]): string[] {
  if (names.length === 0) return [];
  const shown = names.slice(0, 20).join(', ');
  return [`${names.length} ${kind}: ${shown}${names.length > 20 ? ', ...' : ''}`];
}

/** Merge `inputs` into `output` sorted by image name, after checking no image is doubled (and, with `expect`, none missing or extra). */
export async function mergeCsv(options: MergeCsvOptions): Promise<MergeCsvSummary> {
  const cwd = options.cwd ?? process.cwd();
  if (!Array.isArray(options.inputs) || options.inputs.length === 0) throw new OptionRangeError('inputs', 'at least one csv to merge', options.inputs);
  const inputs = options.inputs.map((p, i) => resolve(cwd, checkNonEmptyString(`inputs[${i}]`, p, 'a csv path')));
  const output = resolve(cwd, checkNonEmptyString('output', options.output, 'a path for the merged csv'));
  if (inputs.includes(output)) throw new OptionRangeError('output', 'a path other than the inputs', options.output);
  const where = new Map<string, { path: string; row: CsvRow }>();
  const doubled: string[] = [];
  const perInput: MergeCsvSummary['perInput'] = [];
  const unreadable: string[] = [];
  for (const path of inputs) {
    const index = await scanCsv(path).catch((error: unknown) => {
      // A missing or unreadable shard is one more problem to list, not a crash: the others are still checked.
      const why = UNREADABLE[(error as NodeJS.ErrnoException).code ?? ''];
      if (why === undefined) throw error;
      unreadable.push(`${path}: ${why}`);
      return undefined;
    });
    if (index === undefined) continue;
    perInput.push({ csv: path, rows: index.rows.length, cutRowBytes: index.totalBytes - index.completeBytes });
    for (const row of index.rows) {
      const earlier = where.get(row.img);
      if (earlier !== undefined) doubled.push(`${row.img} (${basename(earlier.path)} and ${basename(path)})`);
      else where.set(row.img, { path, row });
    }
  }
  const problems = [...unreadable, ...listed('image(s) with more than one row', doubled)];
  for (const input of perInput) {
    if (input.cutRowBytes > 0) problems.push(`${input.csv} ends in a row cut short (${input.cutRowBytes} bytes without a newline): its run was killed; rerun it to complete the csv`);
  }
  if (options.expect !== undefined) {
    const skip = options.skip === undefined ? {} : { skip: checkNonEmptyString('skip', options.skip, 'a folder path') };
    const expected = new Set((await listImages(options.expect, cwd, skip)).map((image) => image.name));
    const missing = [...expected].filter((img) => !where.has(img)).sort(compareImg);
    problems.push(...listed('image(s) without a row', missing));
    // Predict skips its own --output folder when it lies inside --input; the merge cannot know that folder.
    if (missing.length > 0 && missing.every((img) => img.endsWith('_mask.png'))) {
      problems.push("the images without a row are all named *_mask.png, as predict's masks are: if predict's --output was inside --input, pass that folder to --skip");
    }
    problems.push(...listed('row(s) for images not among the expected inputs', [...where.keys()].filter((img) => !expected.has(img)).sort(compareImg)));
  }
  if (problems.length > 0) throw new MergeCsvError(problems);
  const tmp = `${output}.merging-${process.pid}`;
  const out = openAppendOnly(tmp, 0);
  try {
    out.append(`${CSV_HEADER}\n`);
    await copyRows([...where.keys()].sort(compareImg).map((img) => where.get(img) as { path: string; row: CsvRow }), (bytes) => out.append(bytes));
  } finally {
    out.close();
  }
  await rename(tmp, output);
  return { output, rows: where.size, perInput, checkedAgainstInputs: options.expect !== undefined };
}
