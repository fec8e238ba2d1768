import { bceDiceLoss, tf } from '@maskflow/model';
import { buildBenchUNet, trainingFlops } from './benchUNet.js';
import type { UNetConfig } from './unetConfig.js';

/** Estimated seconds of one training step of a configuration, and how the estimate was made. */
export interface StepEstimate {
  seconds: number;
  /** The probe configuration and its measured rate, for the table's "skipped" line. */
  probe: UNetConfig;
  probeGflops: number;
}

/** The small configuration that stands in for `config`: same encoder and depth, 2^depth pixels (at least 32), base 4, batch 1. */
export function probeConfig(config: UNetConfig): UNetConfig {
  return { size: Math.max(32, 2 ** config.depth), baseFilters: 4, depth: config.depth, batch: 1, ...(config.encoder === undefined ? {} : { encoder: config.encoder }) };
}

/**
 * Seconds one step of `config` takes at the probe's FLOP rate. Stock tfjs-cpu's rate falls as
 * layers grow (0.007 GFLOP/s at 128x128 base 16 against more on small layers), so this
 * under-estimates big configurations: a budget in seconds is a lower bound on what is skipped.
 */
export function extrapolateStepSeconds(probeSeconds: number, probe: UNetConfig, config: UNetConfig): number {
  return probeSeconds * (trainingFlops(config) / trainingFlops(probe));
}

/**
 * Times one training step (after one untimed step) of `probeConfig(config)` on the active
 * backend and extrapolates it to `config` by FLOPs: seconds, not the minutes-to-hours a real
 * stock step of the bench configurations takes.
 */
export async function estimateStepSeconds(config: UNetConfig): Promise<StepEstimate> {
  const probe = probeConfig(config);
  const model = buildBenchUNet(probe);
  const optimizer = tf.train.adam(1e-3);
  model.compile({ optimizer, loss: bceDiceLoss });
  const x = tf.randomUniform([1, probe.size, probe.size, 3], 0, 1, 'float32', 7);
  const y = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([1, probe.size, probe.size, 1], 0, 1, 'float32', 8), 0.5), 'float32'));
  try {
    await model.trainOnBatch(x, y);
    const t0 = performance.now();
    await model.trainOnBatch(x, y);
    const probeSeconds = (performance.now() - t0) / 1000;
    return {
      seconds: extrapolateStepSeconds(probeSeconds, probe, config),
      probe,
      probeGflops: trainingFlops(probe) / probeSeconds / 1e9,
    };
  } finally {
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
  }
}
