// Every error @maskflow/pipeline throws is built here, so messages stay uniform:
// the option or file, what was expected, what was received, and what to do.

/** Describe a received value for a message: its value (shortened) and its type. */
function describe(value: unknown): string {
  let shown: string;
  try {
    shown = typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? JSON.stringify(value) : String(value);
  } catch (error) {
    shown = `<unprintable: ${(error as Error).message}>`;
  }
  return `${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown} of type ${Array.isArray(value) ? 'array' : typeof value}`;
}

/** An option or argument of the wrong type. */
export function invalidType(name: string, expected: string, received: unknown): TypeError {
  return new TypeError(`Expected ${expected} for ${name} but received ${describe(received)}`);
}

/** An option or argument of the right type but a bad value. */
export function invalidValue(name: string, expected: string, received: unknown): RangeError {
  return new RangeError(`Expected ${expected} for ${name} but received ${describe(received)}`);
}

/** Check that `value` is an integer in [min, max]; `name` goes into the message. */
export function checkInteger(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const expected = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
  if (typeof value !== 'number') throw invalidType(name, expected, value);
  if (!Number.isInteger(value) || value < min || value > max) throw invalidValue(name, expected, value);
  return value;
}

/** Check that `value` is a finite number in [min, max]; `name` goes into the message. */
export function checkNumber(name: string, value: unknown, min: number, max: number): number {
  const expected = `a number in [${min}, ${max}]`;
  if (typeof value !== 'number') throw invalidType(name, expected, value);
  if (!(value >= min && value <= max)) throw invalidValue(name, expected, value);
  return value;
}

/** Check a `[height, width]` pair of positive integers. */
export function checkSize(name: string, value: unknown): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw invalidType(name, 'a [height, width] pair of positive integers, e.g. [256, 256]', value);
  }
  return [checkInteger(`${name}[0] (height)`, value[0], 1, 65535), checkInteger(`${name}[1] (width)`, value[1], 1, 65535)];
}

/** One line from a decoder's message: libvips repeats its warnings on several lines. */
function oneLine(message: string): string {
  return [...new Set(message.split('\n').map((l) => l.trim()).filter((l) => l !== ''))].join('; ');
}

/** Bytes that are not a decodable image or mask; `file` names the source when there is one. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  readonly reason: string;
  constructor(
    readonly file: string | undefined,
    reason: string,
  ) {
    reason = oneLine(reason);
    super(`${file === undefined ? 'Cannot decode input' : `Cannot decode ${file}`}: ${reason}`);
    this.reason = reason;
  }
}

/** Inside a worker: a failure attributed to one file (unreadable, no mask), returned as a bad-sample result. */
export class FileFailure extends Error {
  override readonly name = 'FileFailure';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** A sample that could not be decoded or augmented; `file` and `cause` say which and why. */
export class SampleError extends Error {
  override readonly name = 'SampleError';
  constructor(
    readonly sampleIndex: number,
    readonly sampleId: string,
    readonly file: string,
    readonly reason: string,
  ) {
    super(
      `Sample ${sampleIndex} (${sampleId}) failed: ${file}: ${reason}. ` +
        `Fix or remove the file, or pass onBadSample: 'skip' to leave such samples out.`,
    );
  }
}

/** Misuse of the ring buffer: a batch released twice, or every slot held without release. */
export class RingBufferError extends Error {
  override readonly name = 'RingBufferError';
}

/** A decode cache entry changed state out of order (see decodeCache.ts), or a cache attached to the wrong buffer. */
export class DecodeCacheError extends Error {
  override readonly name = 'DecodeCacheError';
}

/** The loader was used after close(), or two epochs were iterated at once. */
export class LoaderStateError extends Error {
  override readonly name = 'LoaderStateError';
}
