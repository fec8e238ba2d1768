import { loadDataset } from '@maskflow/datasets';
import { createLoader } from './src/index.js';
const ds = await loadDataset('/tmp/carvana-bench');
const mode = process.argv[2] ?? 'cold';
const loader = createLoader({ samples: ds.samples.slice(0, 160), size: [256, 256], batchSize: 8, threads: 2, seed: 1, cache: mode === 'warm' ? 'memory' : 'none', augment: { hueDelta: 0.1, hflip: true, shift: [0.1, 0.1] } });
let k = 0, n = 0, t0 = 0; let ru0 = process.resourceUsage();
for (let e = 0; e < (mode === 'warm' ? 4 : 1); e++) for await (const b of loader.epoch(e)) {
  if ((mode === 'cold' && k === 6) || (mode === 'warm' && e === 1 && k === 20)) { t0 = performance.now(); n = 0; ru0 = process.resourceUsage(); }
  k++; n += b.size; b.release();
}
const dt = performance.now() - t0, ru = process.resourceUsage();
const cpu = (ru.userCPUTime + ru.systemCPUTime - ru0.userCPUTime - ru0.systemCPUTime) / 1000;
console.log(JSON.stringify({ env: process.env.LABEL, mode, imgS: +(n / dt * 1000).toFixed(1), cpuMsPerImg: +(cpu / n).toFixed(2), sysMsPerImg: +((ru.systemCPUTime - ru0.systemCPUTime) / 1000 / n).toFixed(2), minorFaultsPerImg: +((ru.minorPageFault - ru0.minorPageFault) / n).toFixed(0), maxRssMiB: Math.round(ru.maxRSS / 1024) }));
await loader.close();
