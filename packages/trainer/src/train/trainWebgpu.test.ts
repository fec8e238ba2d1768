import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { releaseBackend, tf } from '@maskflow/model';
import { describe, expect, it } from 'vitest';
import { tempDir, tinyCarvana, tinyTrainFlags, tinyTrainOptions } from '../__tests__/fixtures.js';
import { train } from './train.js';

const BIN = fileURLToPath(new URL('../../bin/maskflow.js', import.meta.url));
const CHILD_LIMIT_MS = 150_000;

/** Run the CLI in a child with no extra environment; resolves when it exits by itself (killed after the limit). */
function maskflow(args: string[]): Promise<{ code: number | null; killed: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, CHILD_LIMIT_MS);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, killed, stdout, stderr });
    });
  });
}

// Runs on the adapter Dawn finds with no variables set by hand: lavapipe via .cache/mesa-vulkan in CI.
describe('maskflow --backend webgpu (CLI end to end, child process)', () => {
  it('trains one tiny epoch on maskflow-webgpu, reports GPU idle share, and exits by itself', { timeout: CHILD_LIMIT_MS + 30_000 }, async () => {
    const data = await tinyCarvana(3, 4);
    const out = join(tempDir(), 'run');
    const r = await maskflow(['train', ...tinyTrainFlags(data, out, 1), '--backend', 'webgpu', '--json']);
    expect(r.killed, `the process did not exit within ${CHILD_LIMIT_MS} ms: ${r.stderr}`).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    const records = r.stdout.split('\n').filter((l) => l.startsWith('{"epoch":')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(Number.isFinite(record.valLoss)).toBe(true);
    expect(record.gpuIdleShare).toBeGreaterThanOrEqual(0);
    expect(record.gpuIdleShare).toBeLessThanOrEqual(1);
    expect(r.stdout + r.stderr).toContain('maskflow-webgpu');
    expect(existsSync(join(out, 'best', 'model.json'))).toBe(true);
  });

  it('train() on webgpu keeps numTensors flat across epochs while batches are uploaded (and resized) during the step', { timeout: 120_000 }, async () => {
    const data = await tinyCarvana(3, 4);
    const atEpochEnd: number[] = [];
    const idle: number[] = [];
    const sizes: (string | undefined)[] = [];
    try {
      // Progressive resizing: epoch 1 (schedule midpoint 1/6) on the first step of 16x16 then
      // 24x24 (depth 3), epochs 2 and 3 at 32x32.
      const options = tinyTrainOptions(data, join(tempDir(), 'run'), { epochs: 3, depth: 3, backend: 'webgpu', progressiveScale: 0.5, progressiveSteps: 2, progressiveShare: 0.4 });
      const summary = await train(options, {
        onEvent: (e) => {
          if (e.type !== 'epochEnd') return;
          atEpochEnd.push(tf.memory().numTensors);
          sizes.push(e.record.trainSize);
          if (e.record.gpuIdleShare !== undefined) idle.push(e.record.gpuIdleShare);
        },
      });
      expect(summary.backend).toBe('maskflow-webgpu');
    } finally {
      await tf.setBackend('cpu');
      await releaseBackend();
    }
    expect(atEpochEnd).toHaveLength(3);
    expect(sizes).toEqual(['16x16', '32x32', '32x32']);
    expect(new Set(atEpochEnd).size).toBe(1);
    expect(idle).toHaveLength(3);
  });

  it('doctor names the adapter and its limits', async () => {
    const r = await maskflow(['doctor', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { webgpu: { ok: boolean; adapter?: { vendor: string; software: boolean; limits: { maxStorageBufferBindingSize: number } } } };
    expect(report.webgpu.ok).toBe(true);
    expect(report.webgpu.adapter!.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
    expect(typeof report.webgpu.adapter!.software).toBe('boolean');
  });
});
