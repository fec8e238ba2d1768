/** The MobileNetV2 encoder's ImageNet weights (weights/mobilenet_v2/, whose README says where they come from). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { ModelFileError } from './errors.js';

/** True for a layer of the MobileNetV2 encoder (the stem and blocks 0-16, as Keras Applications names them). */
export function isMobileNetV2EncoderLayer(name: string): boolean {
  return /^(Conv1|bn_Conv1|expanded_conv_.*|block_([0-9]|1[0-6])_.*)$/.test(name);
}

/** The folder of manifest.json and weights.bin. */
export const IMAGENET_WEIGHTS_DIR = new URL('../weights/mobilenet_v2/', import.meta.url);

interface Manifest { sha256: string; weights: tf.io.WeightsManifestEntry[] }

/**
 * Writes the ImageNet weights into every layer of `model` that mobileNetV2Encoder built (matched
 * by Keras' variable names, `block_3_expand/kernel`); returns how many variables it set. Throws
 * when a variable of those layers has no weight of its shape, so a renamed layer cannot silently
 * train from random weights, and when weights.bin is not the file its manifest names.
 */
export function loadImagenetWeights(model: tf.LayersModel, dir: URL = IMAGENET_WEIGHTS_DIR): number {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Manifest;
  const bytes = readFileSync(new URL('weights.bin', dir));
  if (createHash('sha256').update(bytes).digest('hex') !== manifest.sha256) {
    throw new ModelFileError(new URL('weights.bin', dir).pathname, 'does not match the sha256 in its manifest.json (a damaged install). Reinstall @maskflow/model, or pass --encoder-weights none');
  }
  const named = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), manifest.weights);
  try {
    let set = 0;
    for (const variable of model.weights) {
      const layer = variable.originalName.split('/')[0]!;
      if (!isMobileNetV2EncoderLayer(layer)) continue;
      const value = named[variable.originalName];
      if (value === undefined || !tf.util.arraysEqual(value.shape, variable.shape as number[])) {
        const file = new URL('manifest.json', dir).pathname;
        throw new ModelFileError(file, `has no weight ${variable.originalName} of shape ${JSON.stringify(variable.shape)} for the MobileNetV2 encoder. Reinstall @maskflow/model (its weights/mobilenet_v2 folder is incomplete), or pass --encoder-weights none`);
      }
      variable.write(value);
      set++;
    }
    return set;
  } finally {
    tf.dispose(Object.values(named));
  }
}
