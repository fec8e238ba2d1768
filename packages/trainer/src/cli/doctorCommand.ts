/** `maskflow doctor`: print what `doctor()` found. */
import type { Argv } from 'yargs';
import type { WebGpuProbe } from '@maskflow/model';
import { doctor } from '../doctor/doctor.js';

const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
const mib = (bytes: number): string => (bytes >= 2 ** 30 ? gib(bytes) : `${Math.round(bytes / 2 ** 20)} MiB`);

/** The adapter in a few lines (who, what kind, the limits that decide which tensors fit), or why there is none with what the driver said. */
export function webgpuLines(w: WebGpuProbe): string[] {
  // The driver's own words matter only when there is no adapter; with one they are start-up noise.
  if (!w.ok) return [`webgpu:   no adapter: ${w.reason}`, ...w.driverOutput.map((line) => `  driver said: ${line}`)];
  const a = w.adapter;
  return [
    `webgpu:   ${a.description || a.device} (${a.software ? 'software: correct, not a speed figure' : 'hardware'})`,
    `  vendor ${a.vendor || '?'}, architecture ${a.architecture || '?'}, device ${a.device || '?'}; driver manifest: ${w.icd.path ?? 'system'} (${w.icd.source})`,
    `  limits: max storage buffer ${mib(a.limits.maxStorageBufferBindingSize)}, max buffer ${mib(a.limits.maxBufferSize)}, ` +
      `workgroup storage ${a.limits.maxComputeWorkgroupStorageSize} B, ${a.limits.maxComputeInvocationsPerWorkgroup} invocations/workgroup`,
  ];
}

/** Register `doctor` on a yargs instance. */
export function doctorCommand(cli: Argv): Argv {
  return cli.command(
    'doctor',
    'Node, the backend a run would use and why not the others, cores, memory, threads, fonts',
    (y) => y.option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }),
    async (argv) => {
      const r = await doctor();
      if (argv.json) {
        process.stdout.write(`${JSON.stringify(r)}\n`);
        return;
      }
      const lines = [
        `node:     ${r.node.version}${r.node.ok ? '' : ' (too old)'}`,
        `backend:  ${r.backend.chosen}${r.backend.gpu ? ' (GPU)' : ' (CPU)'}${r.backend.detail === undefined ? '' : `: ${r.backend.detail}`}`,
        ...r.backend.skipped.map((s) => `  not ${s.name}: ${s.reason}`),
        ...r.backend.warnings.map((w) => `  warning: ${w}`),
        ...webgpuLines(r.webgpu),
        `cores:    ${r.cores}`,
        `memory:   ${gib(r.memory.totalBytes)} total, ${gib(r.memory.freeBytes)} free`,
        `threads:  ${r.pipelineThreads} pipeline worker(s), ${r.kernelThreads} kernel thread(s)`,
        `fonts:    ${r.fonts.ok ? r.fonts.detail : `missing (${r.fonts.detail})`}`,
        `preset:   ${r.cpuPreset ? 'CPU preset (no GPU backend)' : 'tutorial defaults'}`,
        ...r.advice.map((a) => `advice:   ${a}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    },
  );
}
