/** `doctor()`: what this machine would train with, and what to install for more. */
import { execFile } from 'node:child_process';
import { availableParallelism, freemem, totalmem } from 'node:os';
import { promisify } from 'node:util';
import { initBackend, probeWebGpu, type WebGpuProbe } from '@maskflow/model';
import { autoPipelineThreads } from '../train/autoThreads.js';

/** The doctor's findings; `advice` lists what to do about each problem found. */
export interface DoctorReport {
  node: { version: string; ok: boolean };
  /** `detail`: how the chosen backend runs (maskflow-cpu: kernel threads and WebAssembly build). */
  backend: { chosen: string; gpu: boolean; detail?: string; skipped: { name: string; reason: string }[]; warnings: string[] };
  /** The WebGPU adapter maskflow-webgpu would use (vendor, device, software or hardware, limits), or why there is none. */
  webgpu: WebGpuProbe;
  cores: number;
  memory: { totalBytes: number; freeBytes: number };
  pipelineThreads: number;
  kernelThreads: number;
  /** Whether fontconfig finds a font for plot labels. */
  fonts: { ok: boolean; detail: string };
  /** Whether `pnpm train` would use the CPU preset. */
  cpuPreset: boolean;
  advice: string[];
}

const MIN_NODE = [20, 19] as const;

async function checkFonts(): Promise<{ ok: boolean; detail: string }> {
  try {
    const { stdout } = await promisify(execFile)('fc-match', ['sans-serif']);
    return { ok: stdout.trim() !== '', detail: stdout.trim() };
  } catch (error) {
    return { ok: false, detail: `fc-match failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
}

/** Inspect Node, backends, cores, memory, fonts and the thread split a run would use. */
export async function doctor(): Promise<DoctorReport> {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const nodeOk = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  // Both ask a child process for the adapter ('auto' to decide, the probe to describe it): side by side.
  const [backend, webgpu] = await Promise.all([initBackend({ prefer: 'auto' }), probeWebGpu()]);
  const warnings = (backend as { warnings?: string[] }).warnings ?? [];
  const cores = availableParallelism();
  const fonts = await checkFonts();
  const advice: string[] = [];
  if (!nodeOk) advice.push(`Node ${process.versions.node} is older than ${MIN_NODE.join('.')}: install Node 20.19 or newer.`);
  if (!backend.gpu) {
    advice.push(
      'No GPU backend: training runs on the CPU with the CPU preset. For a GPU, maskflow-webgpu needs a hardware ' +
        "Vulkan adapter (the GPU vendor's Vulkan driver and libvulkan1); @tensorflow/tfjs-node-gpu needs CUDA 11.2 and cuDNN 8.1 " +
        '(see packages/model/README.md, TFJS_NODE_CDN_STORAGE if libtensorflow cannot be downloaded).',
    );
  }
  if (!webgpu.ok) advice.push(`No WebGPU adapter (${webgpu.reason}): ${webgpu.hint}.`);
  else if (webgpu.adapter.software) advice.push("The WebGPU adapter is a software one: 'auto' does not pick it; --backend webgpu uses it (correct, not fast).");
  if (!fonts.ok) advice.push('No fonts for plot labels: install fonts (Debian: apt-get install -y fonts-dejavu-core fontconfig).');
  return {
    node: { version: process.versions.node, ok: nodeOk },
    backend: { chosen: backend.backend, gpu: backend.gpu, ...(backend.detail === undefined ? {} : { detail: backend.detail }), skipped: backend.skipped, warnings },
    webgpu,
    cores,
    memory: { totalBytes: totalmem(), freeBytes: freemem() },
    pipelineThreads: autoPipelineThreads(cores),
    kernelThreads: cores,
    fonts,
    cpuPreset: !backend.gpu,
    advice,
  };
}
