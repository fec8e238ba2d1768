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
