import { loadDataset } from '@maskflow/datasets';
import { createLoader } from './src/index.js';
const ds = await loadDataset('/tmp/carvana-bench');
const threads = Number(process.argv[2]); const batchSize = Number(process.argv[3]);
const loader = createLoader({ samples: ds.samples, size: [256, 256], batchSize, threads, seed: 1, cache: 'memory', augment: { hueDelta: 0.1, hflip: true, shift: [0.1, 0.1] } });
for (let e = 0; e < 4; e++) {
  const t0 = performance.now(); const lat: number[] = []; let t = t0;
  for await (const b of loader.epoch(e)) { const now = performance.now(); lat.push(+(now - t).toFixed(1)); t = now; b.release(); }
  const s = loader.stats();
  console.log(e, (s.samples / (performance.now() - t0) * 1000).toFixed(0), 'img/s hits', s.cacheHits, 'wait', s.waitMs.toFixed(0), e > 0 ? lat.join(' ') : '');
}
await loader.close();
