/** Errors of @maskflow/kernels (option errors come from @maskflow/errors): a kernel that cannot run is a bug. */

/** Error raised when a WebAssembly kernel cannot run (a trap in a worker, a bad call). */
export function kernelFailure(kernel: string, what: string): Error {
  return new Error(`@maskflow/kernels: kernel ${kernel} failed: ${what}. This is a bug in @maskflow/kernels; please report it with the tensor shapes.`);
}
