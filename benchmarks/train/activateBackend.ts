import { fastCpuBackendInfo, registerFastCpuBackend } from '@maskflow/kernels';
import { initBackend, tf } from '@maskflow/model';

/** What a row of the table must say about its backend (maskflow-webgpu on a software adapter: not a speed figure). */
export const backendNotes = new Map<string, string>();

/**
 * Activates `name` ('cpu', 'maskflow-cpu', 'maskflow-webgpu', 'wasm' or 'tensorflow'); returns
 * undefined on success or the reason it is unavailable on this install.
 */
export async function activateBackend(name: string, threads: number | undefined): Promise<string | undefined> {
  if (name === 'maskflow-webgpu') {
    const info = await initBackend({ prefer: 'webgpu' }).catch((error: Error) => error);
    if (info instanceof Error) return info.message;
    const a = info.adapter!;
    backendNotes.set(name, `${a.description || a.device}${a.software ? ', software, not a speed figure' : ''}`);
    return undefined;
  }
  if (name === 'cpu') return (await tf.setBackend('cpu')) ? undefined : "tf.setBackend('cpu') failed";
  if (name === 'maskflow-cpu') {
    await registerFastCpuBackend({ threads });
    const info = fastCpuBackendInfo();
    if (info !== undefined) backendNotes.set(name, `${info.simd === 'relaxed' ? 'relaxed SIMD' : 'SIMD128'}, ${info.threads} threads`);
    return (await tf.setBackend(name)) ? undefined : `tf.setBackend('${name}') failed`;
  }
  if (name === 'wasm' || name === 'tensorflow') {
    const info = await initBackend({ prefer: name });
    if (info.backend === name) return undefined;
    return info.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  }
  return `unknown backend '${name}': expected cpu, maskflow-cpu, maskflow-webgpu, wasm or tensorflow`;
}
