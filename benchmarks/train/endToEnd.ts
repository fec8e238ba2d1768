import { loadDataset } from '@maskflow/datasets';
import { registerFastCpuBackend } from '@maskflow/kernels';
import { batchToTensors, bceDiceLoss, createAdam, tf } from '@maskflow/model';
import { createLoader } from '@maskflow/pipeline';
import { buildBenchUNet } from './benchUNet.js';
import { median } from './median.js';
import type { UNetConfig } from './unetConfig.js';

/** Training speed with the input pipeline feeding the model on the same cores. */
export interface EndToEndResult extends UNetConfig {
  kernelThreads: number;
  pipelineThreads: number;
  steps: number;
  imagesPerSecond: number;
  msPerStep: number;
  /** Median time the training loop waited for a batch. */
  msWaitingForData: number;
}

/**
 * Trains on maskflow-cpu from a createLoader over `dataDir` (augmentations as in the tutorial):
 * one warm-up step, then `steps` timed steps, each from waiting for the batch to the end of
 * trainOnBatch. Kernel threads are fixed per process, so the benchmark runs each split in a child.
 */
export async function measureEndToEnd(dataDir: string, config: UNetConfig, kernelThreads: number, pipelineThreads: number, steps: number): Promise<EndToEndResult> {
  const { size, batch } = config;
  await registerFastCpuBackend({ threads: kernelThreads });
  await tf.setBackend('maskflow-cpu');
  const { samples } = await loadDataset(dataDir);
  const loader = createLoader({
    samples, size: [size, size], batchSize: batch, threads: pipelineThreads, seed: 1, dropRemainder: true,
    augment: { hueDelta: 0.1, hflip: true, shift: [0.1, 0.1] },
  });
  const model = buildBenchUNet(config);
  model.compile({ optimizer: createAdam(1e-3), loss: bceDiceLoss });
  const times: number[] = [], waits: number[] = [];
  try {
    let step = 0;
    for (let epoch = 0; step <= steps; epoch++) {
      let t0 = performance.now();
      for await (const b of loader.epoch(epoch)) {
        const waited = performance.now() - t0;
        const { x, y } = batchToTensors(b.images, b.masks, { n: b.size, height: size, width: size });
        b.release();
        await model.trainOnBatch(x, y!);
        tf.dispose([x, y!]);
        if (step > 0) {
          times.push(performance.now() - t0);
          waits.push(waited);
        }
        if (++step > steps) break;
        t0 = performance.now();
      }
    }
  } finally {
    await loader.close();
    model.dispose();
  }
  const msPerStep = median(times);
  return {
    ...config, kernelThreads, pipelineThreads, steps: times.length,
    imagesPerSecond: (batch * 1000) / msPerStep, msPerStep, msWaitingForData: median(waits),
  };
}
