import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type UNetConfig, unetConfigText } from './unetConfig.js';
import { WARMUP_STEPS } from './warmupSteps.js';

/** PyTorch CPU's speed on one configuration (torchUnetStep.py). */
export interface TorchResult extends UNetConfig {
  msPerStep: number;
  /** Process CPU time per step, all threads (OpenMP's spin-waiting included). */
  cpuMsPerStep: number;
  imagesPerSecond: number;
}

/**
 * What a PyTorch run gave: per config, the result with OpenMP's default wait policy and with
 * OMP_WAIT_POLICY=PASSIVE (see runPytorchReference), or why there are none.
 */
export type TorchOutcome = { torch: string; threads: number; python: string; results: TorchResult[]; passive: TorchResult[] } | { skipped: string };

const script = fileURLToPath(new URL('./torchUnetStep.py', import.meta.url));

/** The first of these interpreters that imports torch: Debian's python3-torch lives in /usr/bin/python3, which a pyenv shim may hide. */
const PYTHONS = ['python3', '/usr/bin/python3'];

/**
 * Runs the equivalent U-Net training step in PyTorch (torchUnetStep.py) with `threads` threads
 * on every config, in a child process after Maskflow's own measurements, so the two share the
 * run's machine state; twice: with OpenMP's default wait policy (threads spin between parallel
 * regions: fastest on idle cores) and with OMP_WAIT_POLICY=PASSIVE (threads sleep: on cores other
 * processes share, the spinning thread steals the time its partner needs, and a step measured 6x
 * slower at load 7). Each policy runs in both memory formats, channels-last (Maskflow's NHWC) and
 * PyTorch's default contiguous NCHW, and keeps per config the faster: on the Intel machine either
 * one won by up to 1.5x from run to run. Returns why it was skipped when no interpreter imports torch.
 */
export function runPytorchReference(configs: UNetConfig[], threads: number, steps: number): TorchOutcome {
  const python = PYTHONS.find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
  if (python === undefined) return { skipped: "no python3 imports torch (Debian: apt-get install python3-torch)" };
  const runFormat = (env: NodeJS.ProcessEnv, format: string) => {
    const child = spawnSync(python, [script, '--configs', configs.map(unetConfigText).join(','),
      '--threads', String(threads), '--steps', String(steps), '--warmup', String(WARMUP_STEPS), '--memory-format', format], { encoding: 'utf8', maxBuffer: 16 * 2 ** 20, env });
    const last = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !last.startsWith('{')) return `torchUnetStep.py failed (exit ${child.status}): ${child.stderr.trim().split('\n').slice(-2).join(' | ')}`;
    return JSON.parse(last) as { torch: string; threads: number; results: TorchResult[] };
  };
  const run = (env: NodeJS.ProcessEnv) => {
    const nhwc = runFormat(env, 'channels_last');
    if (typeof nhwc === 'string') return nhwc;
    const nchw = runFormat(env, 'contiguous');
    if (typeof nchw === 'string') return nchw;
    return { ...nhwc, results: fasterOf(nhwc.results, nchw.results) };
  };
  const spinning = run(process.env);
  if (typeof spinning === 'string') return { skipped: spinning };
  const passive = run({ ...process.env, OMP_WAIT_POLICY: 'PASSIVE' });
  if (typeof passive === 'string') return { skipped: passive };
  return { ...spinning, passive: passive.results, python };
}

/** Per config, the faster of two runs over the same configs. */
export function fasterOf(a: TorchResult[], b: TorchResult[]): TorchResult[] {
  return a.map((r, i) => (b[i] !== undefined && b[i]!.imagesPerSecond > r.imagesPerSecond ? b[i]! : r));
}
