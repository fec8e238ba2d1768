import { bceDiceLoss, createAdam, fuseBatchNormRelu, skipImageGradients, tf } from '@maskflow/model';
import { buildBenchUNet, trainingFlops } from './benchUNet.js';
import { median } from './median.js';
import type { UNetConfig } from './unetConfig.js';

/** One backend's training speed on one configuration. */
export interface TrainingResult extends UNetConfig {
  backend: string;
  steps: number;
  imagesPerSecond: number;
  msPerStep: number;
  /** CPU time of the whole process (all threads) per step: unlike wall time, not inflated by other processes' load. */
  cpuMsPerStep: number;
  gflops: number;
  /** Tensors alive after the measured steps minus before them (0: no leak). */
  leakedTensors: number;
  /** Bytes held by tfjs tensors between steps (weights, Adam moments). */
  tensorMB: number;
  /** Process peak resident set size so far (getrusage maxrss). */
  peakRssMB: number;
  /** Kernel time of one profiled step, by kernel, largest first. */
  profile: { kernel: string; ms: number; calls: number }[];
}

/**
 * Builds the U-Net on the active backend, compiles it as the trainer does (createAdam 1e-3, BCE+Dice),
 * runs `warmup` untimed steps, times `steps` steps on one fixed random batch (median), then
 * profiles one more step with tf.profile. With warmup 0 and steps 0 only the profiled step runs
 * and is also the timed one (for the slow stock backend). `profile` false skips the profiled step
 * (maskflow-webgpu: a software adapter's step is slow, and bench:kernels --step profiles it by kernel).
 */
export async function measureTraining(backend: string, config: UNetConfig, steps: number, warmup: number, profile = true): Promise<TrainingResult> {
  const { size, batch } = config;
  const model = buildBenchUNet(config);
  const optimizer = createAdam(1e-3);
  model.compile({ optimizer, loss: bceDiceLoss });
  // As the trainer does; PyTorch's step does not compute the image's gradient either.
  skipImageGradients(model);
  fuseBatchNormRelu(model);
  const x = tf.randomUniform([batch, size, size, 3], 0, 1, 'float32', 7);
  const y = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([batch, size, size, 1], 0, 1, 'float32', 8), 0.5), 'float32'));
  const times: number[] = [], cpuTimes: number[] = [];
  let leakedTensors = 0, tensorMB = 0;
  const byKernel = new Map<string, { ms: number; calls: number }>();
  // Disposed in finally: a backend that cannot train (wasm) throws mid-step and must not leave
  // the model and Adam's moments behind for the next measurement.
  try {
    for (let i = 0; i < warmup; i++) await model.trainOnBatch(x, y);
    const before = tf.memory().numTensors;
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now(), c0 = process.cpuUsage();
      await model.trainOnBatch(x, y);
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuTimes.push((c.user + c.system) / 1000);
    }
    leakedTensors = tf.memory().numTensors - before;
    tensorMB = tf.memory().numBytes / 2 ** 20;
    const t0 = performance.now(), c0 = process.cpuUsage();
    const info = profile || times.length === 0 ? await tf.profile(async () => {
      await model.trainOnBatch(x, y);
    }) : { kernels: [] };
    if (times.length === 0) {
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuTimes.push((c.user + c.system) / 1000);
    }
    for (const k of info.kernels) {
      // 'fusedConv2d__op' records wrap the FusedConv2D kernel they run: counting both doubles it.
      if (k.name.endsWith('__op')) continue;
      const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
      entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      entry.calls += 1;
      byKernel.set(k.name, entry);
    }
  } finally {
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
  }
  const msPerStep = median(times);
  return {
    backend, ...config, steps: times.length,
    imagesPerSecond: (batch * 1000) / msPerStep,
    msPerStep,
    cpuMsPerStep: median(cpuTimes),
    gflops: trainingFlops(config) / (msPerStep / 1000) / 1e9,
    leakedTensors, tensorMB,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    profile: [...byKernel.entries()].map(([kernel, e]) => ({ kernel, ...e })).sort((a, b) => b.ms - a.ms),
  };
}
