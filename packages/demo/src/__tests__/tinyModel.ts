/** Train a tiny Maskflow U-Net on generated scenes and save it as `maskflow train` would. */
import { buildUNet, initBackend, saveModel, tf } from '@maskflow/model';
import { renderScene } from './scene.js';

/** Options of trainTinyModel. */
export interface TinyModelOptions {
  dir: string;
  size?: number;
  channels?: number;
  epochs?: number;
}

/**
 * A depth-2 U-Net with 4 base filters, fitted for 20 epochs on 16 scenes: small enough to train in
 * ~10 s, good enough (Dice ~0.97 on new scenes) that agreement with another runtime means something.
 */
export async function trainTinyModel(options: TinyModelOptions): Promise<void> {
  const size = options.size ?? 32;
  const channels = options.channels ?? 3;
  // maskflow-cpu: stock tfjs-cpu takes ~8 s a step here (its conv gradients are naive), this ~0.3 s.
  await initBackend({ prefer: 'cpu', threads: 1 });
  const model = buildUNet({ inputSize: [size, size], channels, baseFilters: 4, depth: 2, seed: 7 });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
  const scenes = Array.from({ length: 16 }, (_, i) => renderScene(size, size, 100 + i));
  const xs = new Float32Array(scenes.length * size * size * channels);
  const ys = new Float32Array(scenes.length * size * size);
  scenes.forEach((s, n) => {
    for (let p = 0; p < size * size; p++) {
      for (let c = 0; c < channels; c++) xs[(n * size * size + p) * channels + c] = (s.rgb[p * 3 + c] as number) / 255;
      ys[n * size * size + p] = s.mask[p] as number;
    }
  });
  const x = tf.tensor4d(xs, [scenes.length, size, size, channels]);
  const y = tf.tensor4d(ys, [scenes.length, size, size, 1]);
  try {
    // No shuffling: the same weights every run (Adam and maskflow-cpu with one thread are deterministic).
    await model.fit(x, y, { epochs: options.epochs ?? 20, batchSize: 4, verbose: 0, shuffle: false });
    await saveModel(model, options.dir);
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}
