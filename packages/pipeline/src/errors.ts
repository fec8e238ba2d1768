// Every error @maskflow/pipeline throws is built here, on @maskflow/errors (option errors come from
// there), so messages stay uniform: the option or file, what was expected, what was received, and
// what to do. A bad file is the user's mistake (UserError); misuse of the loader's API is a bug.
import { UserError } from '@maskflow/errors';

/** One line from a decoder's message: libvips repeats its warnings on several lines. */
function oneLine(message: string): string {
  return [...new Set(message.split('\n').map((l) => l.trim()).filter((l) => l !== ''))].join('; ');
}

/** Bytes that are not a decodable image or mask; `file` names the source when there is one. */
export class DecodeError extends UserError {
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
export class SampleError extends UserError {
  override readonly name = 'SampleError';
  constructor(
    readonly sampleIndex: number,
    readonly sampleId: string,
    readonly file: string,
    readonly reason: string,
  ) {
    super(`Sample ${sampleIndex} (${sampleId}) failed: ${file}: ${reason}`, {
      hint: "Fix or remove the file, or set {onBadSample} to 'skip' to leave such samples out",
    });
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

/** A pipeline worker thread that failed while starting (its module or a dependency did not load). */
export class WorkerStartError extends UserError {
  override readonly name = 'WorkerStartError';
  constructor(
    readonly workerFile: string,
    readonly reason: string,
  ) {
    super(`The input pipeline's worker thread (${workerFile}) failed to start: ${oneLine(reason)}`, {
      hint: 'Reinstall the dependencies (`pnpm install`), or set {threads} to 0 to decode on the main thread',
    });
  }
}
