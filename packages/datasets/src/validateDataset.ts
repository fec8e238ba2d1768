import sharp from 'sharp';
import { DatasetProblem, RleError } from './errors.js';
import { parseRle } from './rle.js';
import type { DatasetLayout, Sample } from './sample.js';
import { scanDataset, type DatasetScan } from './scanDataset.js';

/** What `validateDataset` found: the layout (undefined when none), the sample count, and every problem. */
export interface ValidationReport {
  layout: DatasetLayout | undefined;
  root: string;
  samples: number;
  problems: DatasetProblem[];
}

// Image headers are read concurrently; sharp's metadata() only parses the header, so this
// bounds open files rather than CPU.
const CONCURRENCY = 8;

async function size(path: string, what: string): Promise<{ width: number; height: number } | DatasetProblem> {
  try {
    const { width, height } = await sharp(path).metadata();
    if (!width || !height) throw new Error('no width or height in the header');
    return { width, height };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return new DatasetProblem('unreadable-file', path, `cannot read ${what} (${reason}); replace or remove the file`);
  }
}

async function checkSample(sample: Sample, scan: DatasetScan): Promise<DatasetProblem[]> {
  const problems: DatasetProblem[] = [];
  const image = await size(sample.imagePath, 'the image');
  if (image instanceof DatasetProblem) return [image];
  if (sample.maskPath !== undefined) {
    const mask = await size(sample.maskPath, 'the mask');
    if (mask instanceof DatasetProblem) problems.push(mask);
    else if (mask.width !== image.width || mask.height !== image.height) {
      problems.push(new DatasetProblem('mask-size-mismatch', sample.maskPath, `mask is ${mask.width}x${mask.height} but its image is ${image.width}x${image.height}; masks must match their image`));
    }
  }
  const source = scan.rleSources.get(sample.id);
  if (sample.rle !== undefined && source) {
    try {
      parseRle(sample.rle, image.width, image.height);
    } catch (error) {
      if (!(error instanceof RleError)) throw error;
      problems.push(new DatasetProblem('malformed-rle', source.file, `rle_mask of ${sample.id}: ${error.message}`, source.line, error.kind));
    }
  }
  return problems;
}

/**
 * Check a dataset directory and report every problem at once (a user with 5088 files wants the
 * whole list): unreadable or empty directories, images without masks and masks without images,
 * csv rows for unknown images or escaping the root, malformed RLE, unreadable or mis-sized files.
 * Each problem is a `DatasetProblem` naming the file and, for the csv, the line. Never throws on bad data.
 */
export async function validateDataset(dir: string): Promise<ValidationReport> {
  const scan = await scanDataset(dir);
  const perSample: DatasetProblem[][] = new Array(scan.samples.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < scan.samples.length) {
      const i = next++;
      perSample[i] = await checkSample(scan.samples[i] as Sample, scan);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { layout: scan.layout, root: scan.root, samples: scan.samples.length, problems: [...scan.problems, ...perSample.flat()] };
}
