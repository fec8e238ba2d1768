import { loadDataset } from '@maskflow/datasets';
import { createLoader } from './src/index.js';
const ds = await loadDataset('/tmp/carvana-bench');
const samples = ds.samples.slice(0, 128);
for (const threads of [1, 2]) {
  const loader = createLoader({ samples, size: [256, 256], batchSize: 8, threads, seed: 1, cache: 'memory', augment: { hueDelta: 0.1, hflip: true, shift: [0.1, 0.1] } });
  for await (const b of loader.epoch(0)) b.release();
  const elu0 = performance.eventLoopUtilization(); const cpu0 = process.cpuUsage(); const t0 = performance.now(); let n = 0;
  for (let e = 1; e < 6; e++) for await (const b of loader.epoch(e)) { n += b.size; b.release(); }
  const dt = performance.now() - t0; const elu = performance.eventLoopUtilization(elu0); const cpu = process.cpuUsage(cpu0);
  console.log(threads, (n / dt * 1000).toFixed(0), 'img/s; main ELU', elu.utilization.toFixed(2), 'cpu ms/img', ((cpu.user + cpu.system) / 1000 / n).toFixed(3));
  await loader.close();
}
