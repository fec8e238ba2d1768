import { registerFastCpuBackend } from '@maskflow/kernels';
import { initBackend, tf } from '@maskflow/model';

/**
 * Activates `name` ('cpu', 'maskflow-cpu', 'wasm' or 'tensorflow'); returns undefined on success
 * or the reason it is unavailable on this install.
 */
export async function activateBackend(name: string, threads: number | undefined): Promise<string | undefined> {
  if (name === 'cpu') return (await tf.setBackend('cpu')) ? undefined : "tf.setBackend('cpu') failed";
  if (name === 'maskflow-cpu') {
    await registerFastCpuBackend({ threads });
    return (await tf.setBackend(name)) ? undefined : `tf.setBackend('${name}') failed`;
  }
  if (name === 'wasm' || name === 'tensorflow') {
    const info = await initBackend({ prefer: name });
    if (info.backend === name) return undefined;
    return info.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  }
  return `unknown backend '${name}': expected cpu, maskflow-cpu, wasm or tensorflow`;
}
