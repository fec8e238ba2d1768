/** Which program family a conv-gradient kernel runs: workgroup-memory tiles (hardware) or register blocks (software adapters). */

/** 'tiled': workgroup-memory tiled GEMM; 'blocked': register-blocked, operands read from storage buffers. */
export type KernelVariant = 'tiled' | 'blocked';

/** 'blocked' on a software adapter (MaskflowWebGpuBackend.adapterDescription.software), else 'tiled'. */
export function variantFor(backend: object): KernelVariant {
  const description = (backend as { adapterDescription?: { software?: boolean } }).adapterDescription;
  return description?.software === true ? 'blocked' : 'tiled';
}
