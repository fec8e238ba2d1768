/** A TensorBoard scalar writer: `events.out.tfevents.*` files that `tensorboard --logdir` reads. */
import { appendFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { decodeEvent, encodeEvent, type TbEvent } from './eventProto.js';
import { frameRecord, readRecords } from './tfrecord.js';

/**
 * Appends one Event per `scalars()` call to a new event file in `logDir`. Each record is written
 * with a synchronous append, so a killed process leaves every complete record readable.
 */
export class SummaryWriter {
  /** Path of the event file this writer appends to. */
  readonly file: string;

  constructor(logDir: string) {
    mkdirSync(logDir, { recursive: true });
    const seconds = Math.floor(Date.now() / 1000);
    // TensorBoard reads files in name order; pid keeps two writers started the same second apart.
    this.file = join(logDir, `events.out.tfevents.${seconds}.${hostname()}.${process.pid}.maskflow`);
    this.append({ wallTime: Date.now() / 1000, step: 0, fileVersion: 'brain.Event:2' });
  }

  /** Log `values` (tag → number) at `step`. */
  scalars(step: number, values: Record<string, number>): void {
    const scalars = Object.entries(values).map(([tag, value]) => ({ tag, value }));
    this.append({ wallTime: Date.now() / 1000, step, scalars });
  }

  private append(event: TbEvent): void {
    appendFileSync(this.file, frameRecord(encodeEvent(event)));
  }
}

/** Read back every event of every event file in `logDir` (sorted by file name), checking CRCs. */
export function readEventFiles(logDir: string): TbEvent[] {
  const files = readdirSync(logDir).filter((f) => f.startsWith('events.out.tfevents.')).sort();
  return files.flatMap((f) => readRecords(new Uint8Array(readFileSync(join(logDir, f)))).map(decodeEvent));
}
