/** The first lines of a run: data, preset, backend, model, split and output. */
import type { TrainStartInfo } from '../train/trainEvents.js';
import { flagName } from '@maskflow/errors';

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
  lines.push(`model:   U-Net ${c.size[0]}x${c.size[1]}, base filters ${c.baseFilters}${c.maxFilters > 0 ? ` (at most ${c.maxFilters})` : ''}, depth ${c.depth}${c.dropout > 0 ? `, dropout ${c.dropout}` : ''}, ${info.params.toLocaleString('en-US')} params`);
  lines.push(
    `split:   by ${c.split}${c.fold === undefined ? '' : `, fold ${c.fold.index}/${c.fold.count}`}, ${info.trainSamples} train / ${info.valSamples} val, batch ${c.batchSize}, ${info.stepsPerEpoch} steps/epoch, ${c.epochs} epochs`,
  );
  // A resumed run keeps the first run's --init-weights in its config but takes its weights from the checkpoint.
  if (c.initWeights !== undefined && !info.resumedFrom) lines.push(`weights: from ${c.initWeights} (fine-tuning)`);
  if (info.resumedFrom) lines.push(`resume:  from ${info.resumedFrom.dir} (epoch ${info.resumedFrom.epoch}, step ${info.resumedFrom.step})`);
  lines.push(`out:     ${info.out}`);
  return lines;
}
