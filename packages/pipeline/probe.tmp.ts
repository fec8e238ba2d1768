import { loadDataset } from '@maskflow/datasets';
import { createLoader } from './src/index.js';
const ds = await loadDataset('/tmp/carvana-bench');
const threadsList = (process.env.T ?? '0,1,2').split(',').map(Number);
for (const threads of threadsList) for (const maskSource of ['auto', 'file'] as const) {
  const loader = createLoader({ samples: ds.samples, size: [256, 256], batchSize: 8, threads, seed: 1, cache: 'memory', maskSource, augment: { hueDelta: 0.1, hflip: true, shift: [0.1, 0.1] } });
  for (const e of [0, 1]) {
    let n = 0, t0 = 0;
    let k = 0;
    for await (const b of loader.epoch(e)) { if (k++ === 2) { t0 = performance.now(); n = 0; } n += b.size; b.release(); }
    console.log(threads, maskSource, e === 0 ? 'cold' : 'warm', (n / (performance.now() - t0) * 1000).toFixed(1));
  }
  await loader.close();
}
