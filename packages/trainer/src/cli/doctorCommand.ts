/** `maskflow doctor`: print what `doctor()` found. */
import type { Argv } from 'yargs';
import { doctor } from '../doctor/doctor.js';

const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

/** Register `doctor` on a yargs instance. */
export function doctorCommand(cli: Argv): Argv {
  return cli.command(
    'doctor',
    'Node, the backend a run would use and why not the others, cores, memory, threads, fonts',
    (y) => y.option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }),
    async (argv) => {
      const r = await doctor();
      if (argv.json) {
        process.stdout.write(JSON.stringify(r) + '\n');
        return;
      }
      const lines = [
        `node:     ${r.node.version}${r.node.ok ? '' : ' (too old)'}`,
        `backend:  ${r.backend.chosen}${r.backend.gpu ? ' (GPU)' : ' (CPU)'}`,
        ...r.backend.skipped.map((s) => `  not ${s.name}: ${s.reason}`),
        ...r.backend.warnings.map((w) => `  warning: ${w}`),
        `cores:    ${r.cores}`,
        `memory:   ${gib(r.memory.totalBytes)} total, ${gib(r.memory.freeBytes)} free`,
        `threads:  ${r.pipelineThreads} pipeline worker(s), ${r.kernelThreads} kernel thread(s)`,
        `fonts:    ${r.fonts.ok ? r.fonts.detail : `missing (${r.fonts.detail})`}`,
        `preset:   ${r.cpuPreset ? 'CPU preset (no GPU backend)' : 'tutorial defaults'}`,
        ...r.advice.map((a) => `advice:   ${a}`),
      ];
      process.stdout.write(lines.join('\n') + '\n');
    },
  );
}
