/** `predict(options)`: a mask PNG per input image at the image's own size, overlays, a Kaggle csv. */
import { checkChoice, checkNonEmptyString, checkNumber, OptionRangeError } from '@maskflow/errors';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { rleEncode } from '@maskflow/datasets';
import { tf } from '@maskflow/model';
import { decodeImage, PREDICT_UPSAMPLES, type DecodedImage, type PredictUpsample } from '@maskflow/pipeline';
import { maskFromProbabilities, toModelInput } from '@maskflow/preprocess';
import sharp from 'sharp';
import type { BackendPreference } from '../config/trainConfig.js';
import { refuseSameMaskNames } from '../batchPredict/predictErrors.js';
import { TrainerFileError } from '../errors.js';
import { writeFileAtomic } from '../records/writeFileAtomic.js';
import { listImages, outputName } from './listImages.js';
import { openModel } from './openModel.js';
import { predictProbabilities, type Tta } from './predictProbabilities.js';
import { renderOverlay } from './renderOverlay.js';

/** Options of {@link predict}. */
export interface PredictOptions {
  /** A checkpoint directory, or a run directory (its best/ is used). */
  model: string;
  /** Image files and/or directories of images (read with their subfolders). */
  inputs: string[];
  /** Directory for `<name>_mask.png` (and `<name>_overlay.png` with viz); an image in a subfolder of an input folder gets its mask in the same subfolder here. */
  output: string;
  threshold?: number;
  viz?: boolean;
  /** Also write a Kaggle submission csv (`img,rle_mask`) here. */
  rleCsv?: string;
  tta?: Tta;
  /** 'guided' (default): the mask's outline follows the image's own edges; 'bilinear': plain upsampling. */
  upsample?: PredictUpsample;
  backend?: BackendPreference;
  cwd?: string;
}

/** One predicted image. */
export interface PredictedFile {
  input: string;
  mask: string;
  overlay: string | undefined;
  width: number;
  height: number;
  /** Share of the image's pixels in the mask. */
  coverage: number;
}

/** What {@link predict} wrote. */
export interface PredictResult {
  files: PredictedFile[];
  rleCsv: string | undefined;
}

/**
 * The 0/1 mask of one image at its own size, through @maskflow/preprocess (the browser demo's
 * own code, so the two cannot drift apart): resize to the model's input and scale to [0, 1], run
 * the model, bring the probabilities to the image's size (guided by the image, or bilinearly),
 * then threshold.
 */
async function maskAtSourceSize(model: tf.LayersModel, source: DecodedImage, size: [number, number], threshold: number, tta: Tta, method: PredictUpsample): Promise<Uint8Array> {
  const p = tf.tidy(() => predictProbabilities(model, tf.tensor4d(toModelInput(source, size), [1, size[0], size[1], 3]), tta));
  const probabilities = (await p.data()) as Float32Array;
  p.dispose();
  return maskFromProbabilities(probabilities, size, [source.height, source.width], { threshold, method, image: source });
}

/** Predict masks for every input image. */
export async function predict(options: PredictOptions): Promise<PredictResult> {
  const cwd = options.cwd ?? process.cwd();
  const threshold = checkNumber('threshold', options.threshold ?? 0.5, 0, 1);
  const tta = checkChoice('tta', options.tta ?? 'none', ['none', 'flip'] as const);
  const upsample = checkChoice('upsample', options.upsample ?? 'guided', PREDICT_UPSAMPLES);
  if (!Array.isArray(options.inputs) || options.inputs.length === 0) throw new OptionRangeError('input', 'at least one image file or directory', options.inputs);
  const output = resolve(cwd, checkNonEmptyString('output', options.output, 'a path'));
  const rleCsv = options.rleCsv === undefined ? undefined : resolve(cwd, checkNonEmptyString('rleCsv', options.rleCsv, 'a path'));
  const inputs = await listImages(options.inputs, cwd, { skip: output });
  refuseSameMaskNames(inputs);
  const { model, size } = await openModel(resolve(cwd, checkNonEmptyString('model', options.model, 'a path')), options.backend);
  const files: PredictedFile[] = [];
  const rows = ['img,rle_mask'];
  try {
    await mkdir(output, { recursive: true });
    for (const { path: input, name } of inputs) {
      const bytes = new Uint8Array(await readFile(input));
      let source: DecodedImage;
      try {
        source = await decodeImage(bytes);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new TrainerFileError(input, `cannot be decoded (${reason})`, 'pass JPEG, PNG, WebP, GIF or TIFF images', { cause: error });
      }
      const mask = await maskAtSourceSize(model, source, size, threshold, tta, upsample);
      // An image found in a subfolder of an --input folder gets its mask in the same subfolder of the output.
      const maskPath = join(output, outputName(name, '_mask.png'));
      await mkdir(dirname(maskPath), { recursive: true });
      const grey = Uint8Array.from(mask, (v) => v * 255);
      await writeFile(maskPath, await sharp(grey, { raw: { width: source.width, height: source.height, channels: 1 } }).toColourspace('b-w').png().toBuffer());
      let overlay: string | undefined;
      if (options.viz) {
        overlay = join(output, outputName(name, '_overlay.png'));
        await writeFile(overlay, await renderOverlay(source, mask));
      }
      if (rleCsv) rows.push(`${name},${rleEncode(mask, source.width, source.height)}`);
      const covered = mask.reduce((s, v) => s + v, 0);
      files.push({ input, mask: maskPath, overlay, width: source.width, height: source.height, coverage: covered / mask.length });
    }
  } finally {
    model.dispose();
  }
  if (rleCsv) await writeFileAtomic(rleCsv, `${rows.join('\n')}\n`);
  return { files, rleCsv };
}
