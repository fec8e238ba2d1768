/** RangeError for an option value outside its allowed range, phrased as "Expected ... but received ...". */
export function invalidOption(option: string, expected: string, received: unknown, hint: string): RangeError {
  return new RangeError(
    `@maskflow/kernels: expected ${expected} for ${option} but received ${String(received)} of type ${typeof received}. ${hint}`,
  );
}

/** TypeError for an option of the wrong type. */
export function invalidOptionType(option: string, expected: string, received: unknown): TypeError {
  return new TypeError(
    `@maskflow/kernels: expected ${expected} for ${option} but received ${String(received)} of type ${typeof received}.`,
  );
}

/** Error raised when a WebAssembly kernel cannot run (a trap in a worker, a bad call). */
export function kernelFailure(kernel: string, what: string): Error {
  return new Error(`@maskflow/kernels: kernel ${kernel} failed: ${what}. This is a bug in @maskflow/kernels; please report it with the tensor shapes.`);
}
