/** Turn train events into output: a Keras bar on a TTY, one line per epoch otherwise, or JSON. */
import type { EpochRecord } from '../records/history.js';
import type { TrainEvent, TrainEventSink } from '../train/trainEvents.js';
import { describeStart } from './describeStart.js';
import { formatEta, formatMetrics, formatPercent, formatPerStep, formatValue } from './format.js';
import { renderProgressLine } from './progressBar.js';

/** `tty`: live bar; `lines`: one line per epoch (CI); `json`: one JSON object per epoch + summary. */
export type ReporterMode = 'tty' | 'lines' | 'json';

/** Where a reporter writes: `out` gets results, `err` gets announcements in json mode. */
export interface ReporterStreams {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
}

const MIN_REDRAW_MS = 100;

/** The end-of-epoch text shared by the bar and line modes: timing, metrics, speed, checkpoint. */
function epochTail(r: EpochRecord, improved: boolean): string {
  const train = formatMetrics(r as unknown as Record<string, number>);
  const val = formatMetrics({ loss: r.valLoss, diceLoss: r.valDiceLoss, diceCoeff: r.valDiceCoeff, meanIoU: r.valMeanIoU, ...(r.valImageDice === undefined ? {} : { imageDice: r.valImageDice }) }, 'val_');
  const speed = ` - lr: ${Number(r.lr.toPrecision(3))} - ${r.imagesPerSecond.toFixed(1)} img/s - input wait ${formatPercent(r.inputWaitShare)}${r.gpuIdleShare === undefined ? '' : ` - GPU idle ${formatPercent(r.gpuIdleShare)}`}`;
  return `${train}${val}${speed}${improved ? ' - saved best/' : ''}`;
}

/** A sink that prints train events in `mode`. */
export function createReporter(mode: ReporterMode, streams: ReporterStreams): TrainEventSink {
  let lastDraw = 0;
  let lineWidth = 0;
  const human = mode === 'json' ? streams.err : streams.out;
  return (event: TrainEvent) => {
    switch (event.type) {
      case 'start':
        human.write(`${describeStart(event.info).join('\n')}\n`);
        return;
      case 'info':
        human.write(`${event.message}\n`);
        return;
      case 'epochStart':
        if (mode === 'tty') streams.out.write(`Epoch ${event.epoch}/${event.epochs}\n`);
        lastDraw = 0;
        return;
      case 'batch': {
        if (mode !== 'tty') return;
        const now = Date.now();
        if (now - lastDraw < MIN_REDRAW_MS && event.step < event.steps) return;
        lastDraw = now;
        const line = renderProgressLine(event.step, event.steps, event.elapsedMs, event.logs as unknown as Record<string, number>);
        // \r rewrites the line in place; padding erases the tail of a longer previous line.
        streams.out.write(`\r${line.padEnd(lineWidth)}`);
        lineWidth = line.length;
        return;
      }
      case 'epochEnd': {
        const r = event.record;
        const timing = `${formatEta(r.seconds)} ${formatPerStep((r.seconds * 1000) / Math.max(1, r.steps))}`;
        if (mode === 'json') streams.out.write(`${JSON.stringify(r)}\n`);
        else if (mode === 'tty') {
          const head = `${r.steps}/${r.steps} [${'='.repeat(30)}] - ${timing}`;
          streams.out.write(`\r${(head + epochTail(r, event.improved)).padEnd(lineWidth)}\n`);
          lineWidth = 0;
        } else streams.out.write(`Epoch ${r.epoch}/${event.epochs} - ${r.steps} steps - ${timing}${epochTail(r, event.improved)}\n`);
        return;
      }
      case 'end': {
        const s = event.summary;
        if (mode === 'json') {
          streams.out.write(`${JSON.stringify(s)}\n`);
          return;
        }
        streams.out.write(
          `Done (${s.stoppedBy}): ${s.epochs} epochs in ${formatEta(s.seconds)}, val dice ${formatValue(s.valDice)} (best ${formatValue(s.bestValDice)}), ` +
            `${s.imagesPerSecond.toFixed(1)} img/s, input wait ${formatPercent(s.inputWaitShare)}. Outputs in ${s.out}\n`,
        );
        return;
      }
    }
  };
}
