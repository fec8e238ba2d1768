/** The first lines of a run: data, preset, backend, model, split and output. */
import type { TrainConfig } from '../config/trainConfig.js';
import type { TrainStartInfo } from '../train/trainEvents.js';
import { flagName } from '@maskflow/errors';

/**
 * Seconds a training step takes on 2 CPU cores, scaled from the tutorial's workload (256x256,
 * base 32, batch 3: 2:39-3:02 an epoch of 54 steps on a 2-core AMD EPYC, benchmarks README, tenth
 * round) by pixels x batch and base² (a U-Net's work grows with both). An estimate for the note.
 */
function cpuStepSeconds(size: readonly [number, number], base: number, batch: number): number {
  return 3 * ((size[0] * size[1] * batch) / (256 * 256 * 3)) * (base / 32) ** 2;
}

/** What the model line adds for each --encoder-freeze. */
const ENCODER_FROZEN: Record<TrainConfig['encoderFreeze'], string> = { none: '', bn: ', batch norm frozen', stride2: ', frozen to stride 2', stride4: ', frozen to stride 4', stride8: ', frozen to stride 8', all: ', frozen' };

/** Human-readable start lines (no trailing newline). */
export function describeStart(info: TrainStartInfo): string[] {
  const c = info.config;
  const lines: string[] = [];
  const data = info.synthetic
    ? `${info.dataDir} (synthetic Carvana-format set, ${info.synthetic.cars} cars${info.synthetic.generated ? `, generated now in ${info.synthetic.seconds.toFixed(1)} s` : ''}; put Kaggle's data in data/carvana or pass --data)`
    : `${info.dataDir} (${info.layout} layout)`;
  lines.push(`data:    ${data}`);
  if (info.presetApplied) {
    const values = Object.entries(info.presetValues).map(([k, v]) => `${flagName(k)} ${Array.isArray(v) ? v.join('x') : String(v)}`);
    const why = c.preset === 'cpu' ? '--preset cpu' : 'no GPU backend';
    lines.push(
      values.length > 0
        ? `preset:  CPU (${why}): ${values.join(' ')}; any flag overrides it, --preset tutorial turns it off`
        : `preset:  CPU (${why}), every value it sets given explicitly`,
    );
  }
  // Only the short reason ("not installed"): `maskflow doctor` prints the full story.
  const skipped = info.backendSkipped.map((s) => `${s.name}: ${s.reason.split(' (')[0]}`).join(', ');
  lines.push(`backend: ${info.backend}${skipped ? ` (skipped ${skipped}; see \`maskflow doctor\`)` : ''}`);
  const filters = `base filters ${c.baseFilters}${c.maxFilters > 0 ? ` (at most ${c.maxFilters})` : ''}`;
  const shape = c.encoder === 'mobilenet_v2'
    ? `MobileNetV2 encoder to stride ${2 ** c.depth} (${c.encoderWeights === 'imagenet' ? 'ImageNet weights' : 'random weights'}${ENCODER_FROZEN[c.encoderFreeze]}), decoder ${filters}`
    : `${filters}, depth ${c.depth}`;
  lines.push(`model:   U-Net ${c.size[0]}x${c.size[1]}, ${shape}${c.dropout > 0 ? `, dropout ${c.dropout}` : ''}, ${info.params.toLocaleString('en-US')} params`);
  // Said up front, before a user waits an hour for the first epoch of Kaggle's 5088 images.
  const stepSeconds = cpuStepSeconds(c.size, c.baseFilters, c.batchSize);
  if (!info.gpu && stepSeconds >= 1) {
    const minutes = (info.stepsPerEpoch * stepSeconds) / 60;
    lines.push(`note:    this model on CPU cores (${info.backend}) takes about ${stepSeconds.toFixed(0)} s a step on 2 cores, ${minutes < 1 ? 'under a minute' : `${Math.round(minutes)} minutes`} an epoch there; the CPU preset (--preset cpu) trains in minutes`);
  }
  lines.push(
    `split:   ${c.valData === undefined ? `by ${c.split}${c.fold === undefined ? '' : `, fold ${c.fold.index}/${c.fold.count}`}` : `all of the data, validating on ${c.valData}`}, ${info.trainSamples} train / ${info.valSamples} val, batch ${c.batchSize}, ${info.stepsPerEpoch} steps/epoch, ${c.epochs} epochs`,
  );
  // A resumed run keeps the first run's --init-weights in its config but takes its weights from the checkpoint.
  if (c.initWeights !== undefined && !info.resumedFrom) lines.push(`weights: from ${c.initWeights} (fine-tuning)`);
  if (info.resumedFrom) lines.push(`resume:  from ${info.resumedFrom.dir} (epoch ${info.resumedFrom.epoch}, step ${info.resumedFrom.step})`);
  lines.push(`out:     ${info.out}`);
  return lines;
}
