import { bceDiceLoss, buildUNet, createAdam, tf } from '@maskflow/model';
import { activateBackend } from './train/activateBackend.ts';
await activateBackend('maskflow-cpu', undefined);
const model = buildUNet({ inputSize: [160, 160], baseFilters: 8, maxFilters: 64, seed: 1, encoder: 'mobilenet_v2', encoderWeights: 'none', batchNormMomentum: 0.9 });
const opt = createAdam(1e-3);
model.compile({ optimizer: opt, loss: bceDiceLoss });
const x = tf.randomUniform([4, 160, 160, 3], 0, 1, 'float32', 7);
const y = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([4, 160, 160, 1], 0, 1, 'float32', 8), 0.5), 'float32'));
for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
const acc = new Map<string, number>();
for (let r = 0; r < 5; r++) {
  const { kernels } = await tf.profile(async () => { await model.trainOnBatch(x, y); });
  for (const k of kernels) {
    if (k.name.endsWith('__op')) continue;
    const shape = k.outputShapes?.[0]?.join('x') ?? '';
    const key = `${k.name} ${shape}`;
    acc.set(key, (acc.get(key) ?? 0) + (k.kernelTimeMs as number) / 5);
  }
}
const rows = [...acc].sort((a, b) => b[1] - a[1]);
let total = 0; for (const [, v] of rows) total += v;
console.log('total', total.toFixed(1));
const byName = new Map<string, number>(); for (const [k, v] of rows) { const n = k.split(" ")[0]!; byName.set(n, (byName.get(n) ?? 0) + v); } for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1])) console.log(v.toFixed(2).padStart(7), k);
