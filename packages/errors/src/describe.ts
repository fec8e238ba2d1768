/** How a received value reads in a message: `-1 of type number`, `"abc" of type string`. */

const MAX_SHOWN = 60;

/** Describe a received value for an error message: its value (shortened) and its type. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN (not a number)';
  let shown: string;
  let type: string = typeof value;
  if (ArrayBuffer.isView(value)) {
    const length = (value as unknown as { length?: number }).length ?? value.byteLength;
    return `a ${value.constructor.name} of length ${length}`;
  }
  if (Array.isArray(value)) {
    type = 'array';
    shown = `[${value.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(', ')}]`;
  } else if (typeof value === 'string') {
    shown = JSON.stringify(value);
  } else if (typeof value === 'object' || typeof value === 'function') {
    return typeof value === 'function' ? 'a function' : 'an object';
  } else {
    shown = String(value);
  }
  if (shown.length > MAX_SHOWN) shown = `${shown.slice(0, MAX_SHOWN - 3)}...`;
  return `${shown} of type ${type}`;
}
