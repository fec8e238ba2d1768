import sharp from 'sharp';
import { DatasetProblem, RleError } from './errors.js';
import { parseRle } from './rle.js';
import type { DatasetLayout, Sample } from './sample.js';
import { scanDataset, type DatasetScan } from './scanDataset.js';

/** What `validateDataset` found: the layout (undefined when none), the sample count, every problem, and notes. */
export interface ValidationReport {
  layout: DatasetLayout | undefined;
  root: string;
  samples: number;
  problems: DatasetProblem[];
  /** What may be wrong but cannot be told from the files (training goes on): images whose EXIF orientation viewers apply. */
  notes: string[];
}

// Image headers are read concurrently; sharp's metadata() only parses the header, so this
// bounds open files rather than CPU.
const CONCURRENCY = 8;

/** A file's stored size, its EXIF orientation when not 1, and when that turns it (5-8), the size a viewer shows. */
interface StoredSize {
  width: number;
  height: number;
  orientation?: number;
  shown?: { width: number; height: number };
}

async function size(path: string, what: string): Promise<StoredSize | DatasetProblem> {
  try {
    const { width, height, orientation, autoOrient, pages, format } = await sharp(path).metadata();
    if (!width || !height) throw new Error('no width or height in the header');
    // A GIF mask is read from its first frame, as Carvana's are, whatever follows it.
    if (pages !== undefined && pages > 1 && !(what === 'the mask' && format === 'gif')) {
      // Decoding reads the first page or frame only: a stack of slices (a microscopy TIFF) or an
      // animation would train on one picture of many, and pair it with one page of its mask.
      return new DatasetProblem('multi-page', path, `${what} has ${pages} pages or frames, and Maskflow reads one picture a file; split it into one file a page (for example \`convert stack.tif page_%03d.png\`, or sharp(file, { page: i }))`);
    }
    // Orientations 5-8 turn the picture a quarter: viewers (and the annotation tools masks are
    // drawn in) show it as height x width.
    if (orientation === undefined || orientation <= 1) return { width, height };
    return orientation >= 5 ? { width, height, orientation, shown: autoOrient } : { width, height, orientation };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return new DatasetProblem('unreadable-file', path, `cannot read ${what} (${reason}); replace or remove the file`);
  }
}

function sizeMismatch(maskPath: string, mask: StoredSize, image: StoredSize): DatasetProblem {
  const stored = `mask is ${mask.width}x${mask.height} but its image is ${image.width}x${image.height}`;
  if (image.shown?.width === mask.width && image.shown.height === mask.height) {
    // The mask was drawn on the picture as shown; Maskflow, like TensorFlow, Keras and PIL, reads
    // the pixels as stored, so the pair would be trained a quarter turn apart.
    return new DatasetProblem(
      'mask-size-mismatch',
      maskPath,
      `${stored} as stored, turned to ${mask.width}x${mask.height} when shown by its EXIF orientation ${image.orientation}; Maskflow reads images as stored: save the images upright (for example \`mogrify -auto-orient *.jpg\`, or sharp(file).rotate()) and keep the masks`,
    );
  }
  return new DatasetProblem('mask-size-mismatch', maskPath, `${stored}; masks must match their image, or have its proportions (then they are resized with it)`);
}

/**
 * Whether a mask of another size than its image has the image's proportions (each side scaled by
 * the same factor, to 1%: a 959x640 mask of a 1918x1280 photo). Training and evaluation resize
 * every mask by majority vote anyway, so such a mask is read, resized with its image.
 */
function proportional(mask: StoredSize, image: StoredSize): boolean {
  const sx = image.width / mask.width;
  const sy = image.height / mask.height;
  return Math.abs(sx - sy) <= 0.01 * Math.max(sx, sy);
}

/** A sample's problems, whether its image has an EXIF orientation whose effect on the mask the sizes cannot tell, and whether its mask is of another size in the same proportions. */
interface SampleCheck {
  problems: DatasetProblem[];
  flipped: boolean;
  rescaled?: string;
}

async function checkSample(sample: Sample, scan: DatasetScan): Promise<SampleCheck> {
  const problems: DatasetProblem[] = [];
  const image = await size(sample.imagePath, 'the image');
  if (image instanceof DatasetProblem) return { problems: [image], flipped: false };
  let rescaled: string | undefined;
  // Orientations 2-4 mirror or turn a half (and 5-8 on a square picture turn it a quarter) without
  // changing the size, so a mask drawn on the picture as shown fits the stored one as well.
  const flipped = image.orientation !== undefined && (image.orientation <= 4 || image.width === image.height);
  if (sample.maskPath !== undefined) {
    const mask = await size(sample.maskPath, 'the mask');
    if (mask instanceof DatasetProblem) problems.push(mask);
    else if (mask.width !== image.width || mask.height !== image.height) {
      if (proportional(mask, image)) rescaled = `${sample.maskPath} (${mask.width}x${mask.height} for ${image.width}x${image.height})`;
      else problems.push(sizeMismatch(sample.maskPath, mask, image));
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
  return { problems, flipped, ...(rescaled === undefined ? {} : { rescaled }) };
}

/** The note for images whose EXIF orientation may leave their masks mirrored or turned, or undefined. */
function orientationNote(flipped: string[]): string | undefined {
  if (flipped.length === 0) return undefined;
  return `${flipped.length} image(s) (first ${flipped[0]}) carry an EXIF orientation that mirrors or turns them when shown; Maskflow, like TensorFlow, Keras and PIL, reads the pixels as stored. If their masks were drawn on the pictures as a viewer or annotation tool shows them, they are mirrored or turned against what is trained on: save the images upright (for example \`mogrify -auto-orient *.jpg\`, or sharp(file).rotate()) and keep the masks`;
}

/**
 * Check a dataset directory and report every problem at once (a user with 5088 files wants the
 * whole list): unreadable or empty directories, images without masks and masks without images,
 * csv rows for unknown images or escaping the root, malformed RLE, unreadable or mis-sized files.
 * Each problem is a `DatasetProblem` naming the file and, for the csv, the line. Never throws on bad data.
 */
export async function validateDataset(dir: string): Promise<ValidationReport> {
  const scan = await scanDataset(dir);
  const perSample: SampleCheck[] = new Array(scan.samples.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < scan.samples.length) {
      const i = next++;
      perSample[i] = await checkSample(scan.samples[i] as Sample, scan);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const flipped = scan.samples.filter((_, i) => perSample[i]?.flipped).map((s) => s.imagePath);
  const note = orientationNote(flipped);
  const rescaled = perSample.flatMap((c) => (c.rescaled === undefined ? [] : [c.rescaled]));
  const notes = [
    ...(note === undefined ? [] : [note]),
    ...(rescaled.length === 0 ? [] : [`${rescaled.length} mask(s) (first ${rescaled[0]}) are of another size than their images, in the same proportions: they are resized with them by majority vote`]),
  ];
  return {
    layout: scan.layout,
    root: scan.root,
    samples: scan.samples.length,
    problems: [...scan.problems, ...perSample.flatMap((c) => c.problems)],
    notes,
  };
}
