/** Everything a run needs before its first step: backend, config, data, split, model, output dir. */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { loadDataset, splitDataset, validateDataset, type Dataset, type Sample } from '@maskflow/datasets';
import { OptionRangeError } from '@maskflow/errors';
import { assignSavedWeights, buildUNet, createAdam, diceCoeff, diceLoss, initBackend, loadModel, meanIoU, readSavedWeights, resumeDropoutDraws, trainingLoss, type SavedWeights, type TrainingLossName, type tf } from '@maskflow/model';
import { findCheckpointDir, readTrainState } from '../checkpoint/checkpoint.js';
import { resumeConfig } from '../checkpoint/resumeConfig.js';
import { initialTrainState, type TrainState } from '../checkpoint/trainState.js';
import { encoderOptionWarnings, lossOptionWarnings, progressiveOptionWarnings } from '../config/optionWarnings.js';
import { mergeTrainConfig } from '../config/resolveTrainConfig.js';
import { checkFoldFits, splitOptionsOf } from '../config/splitOptions.js';
import { oneImageGroupsNote } from '../config/splitNote.js';
import { TRAIN_DEFAULTS, type TrainConfig, type TrainOptions } from '../config/trainConfig.js';
import { validateTrainOptions } from '../config/validateTrainOptions.js';
import { DatasetProblemsError } from '../errors.js';
import { resolveData } from './resolveData.js';
import type { TrainStartInfo } from './trainEvents.js';

/** A prepared run: split, state to start from, how to make the model, and what to announce. */
export interface PreparedRun {
  config: TrainConfig;
  /** Build and compile the model, or load it from the resumed checkpoint; the caller disposes it. */
  createModel: () => Promise<tf.LayersModel>;
  train: Sample[];
  val: Sample[];
  state: TrainState;
  /** The checkpoint directory a resumed run loads from (and reads its weight average from). */
  resumedFrom: string | undefined;
  out: string;
  info: Omit<TrainStartInfo, 'stepsPerEpoch' | 'params'>;
}

/**
 * Compile for training: Adam, the chosen loss (the tutorial's BCE + Dice by default, `diceWeight`
 * on its Dice term, taken per image with `dicePerImage`), the tutorial's metrics (their order is
 * trainOnBatch's output order).
 */
export function compileForTraining(model: tf.LayersModel, lr: number, loss: TrainingLossName = 'bce-dice', diceWeight = 1, dicePerImage = false): void {
  model.compile({ optimizer: createAdam(lr), loss: trainingLoss(loss, diceWeight, dicePerImage), metrics: [diceLoss, diceCoeff, meanIoU] });
}

/** Set the learning rate of the compiled model's optimizer (Adam reads it on every step). */
export function setLearningRate(model: tf.LayersModel, lr: number): void {
  (model.optimizer as unknown as { learningRate: number }).learningRate = lr;
}

/** Validate a data set (every problem stops the run, named; notes are said) and load it. */
async function readDataset(dir: string, say: (message: string) => void): Promise<Dataset> {
  const report = await validateDataset(dir);
  if (report.problems.length > 0) throw new DatasetProblemsError(dir, report.problems.map((p) => p.message));
  for (const note of report.notes) say(`note: ${note}`);
  return loadDataset(dir);
}

/** Refuse a --val-data that is the training set itself, or given with --fold (which splits --data). */
function checkValData(config: TrainConfig, dataDir: string): void {
  if (config.valData === dataDir) {
    throw new OptionRangeError('valData', 'a folder other than --data (to hold out part of --data, leave it out and use --val-fraction or --fold)', config.valData);
  }
  if (config.fold !== undefined) {
    throw new OptionRangeError('fold', 'no --fold with --val-data (the fold splits --data; --val-data replaces the split)', `${config.fold.index}/${config.fold.count}`);
  }
}

const timestamp = (): string => new Date().toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, '');

/** Resolve options into a ready run; `say` receives announcements made before the start event. */
export async function prepareRun(options: TrainOptions, cwd: string, say: (message: string) => void): Promise<PreparedRun> {
  // The one check of the caller's options in a run: resume and merge take them checked.
  const given = validateTrainOptions(options as Record<string, unknown>);
  let resumed: { dir: string; state: TrainState } | undefined;
  if (given.resume !== undefined) {
    const dir = findCheckpointDir(resolve(cwd, given.resume));
    resumed = { dir, state: await readTrainState(dir) };
  }
  const backendChoice = given.backend ?? resumed?.state.config.backend ?? TRAIN_DEFAULTS.backend;
  const kernelThreads = given.kernelThreads ?? resumed?.state.config.kernelThreads ?? 0;
  const backend = await initBackend({ prefer: backendChoice, ...(kernelThreads > 0 ? { threads: kernelThreads } : {}) });
  for (const warning of (backend as { warnings?: string[] }).warnings ?? []) say(`warning: ${warning}`);
  const adapter = backend.adapter;
  if (adapter !== undefined && !adapter.software) {
    say(`adapter: ${adapter.description || adapter.device} (${adapter.vendor}, ${adapter.architecture}), max storage buffer ${Math.round(adapter.limits.maxStorageBufferBindingSize / 2 ** 20)} MiB`);
  }

  let config: TrainConfig;
  let presetApplied = false;
  let presetValues: Partial<TrainConfig> = {};
  if (resumed) config = resumeConfig(resumed.state.config, given);
  else ({ config, presetApplied, presetValues } = mergeTrainConfig(given, { gpu: backend.gpu }));
  for (const warning of [...lossOptionWarnings(given, config), ...encoderOptionWarnings(given, config), ...progressiveOptionWarnings(given, config)]) say(`warning: ${warning}`);

  // --init-weights is read before the data is resolved or generated, so a wrong path stops the
  // run before any work; the weights are set once the model is built. `none` (the default's
  // spelling) starts from --seed's weights, and a path is recorded resolved. A resumed run takes
  // its weights from the checkpoint instead.
  let initial: SavedWeights | undefined;
  if (!resumed) {
    config.initWeights = config.initWeights === undefined || config.initWeights === 'none' ? undefined : resolve(cwd, config.initWeights);
    if (config.initWeights !== undefined) initial = await readSavedWeights(config.initWeights);
  }

  const data = await resolveData({
    data: config.data,
    cwd,
    syntheticCars: config.syntheticCars,
    onGenerate: (cars) => say(`No data/carvana and no --data: generating a synthetic Carvana-format set (${cars} cars x 16 views, 1918x1280) into data/synthetic, once.`),
  });
  config.data = data.dir;
  if (config.valData !== undefined) {
    config.valData = resolve(cwd, config.valData);
    checkValData(config, data.dir);
  }
  const dataset = await readDataset(data.dir, say);
  let train: Sample[];
  let val: Sample[];
  if (config.valData !== undefined) {
    train = dataset.samples;
    val = (await readDataset(config.valData, say)).samples;
  } else {
    checkFoldFits(config, dataset.samples, data.dir);
    const note = oneImageGroupsNote(dataset.samples, config.split, dataset.layout);
    if (note !== undefined) say(note);
    ({ train, val } = splitDataset(dataset.samples, splitOptionsOf(config)));
  }
  if (train.length === 0 || val.length === 0) {
    throw new OptionRangeError(
      'valFraction',
      'a share that leaves samples on both sides of the split',
      config.valFraction,
      `${dataset.samples.length} samples split into ${train.length} train / ${val.length} val; change {valFraction} or add data`,
    );
  }

  let createModel: () => Promise<tf.LayersModel>;
  let state: TrainState;
  let out: string;
  if (resumed) {
    const dir = resumed.dir;
    const steps = resumed.state.globalStep;
    createModel = async () => {
      const model = await loadModel(dir, { compile: true });
      resumeDropoutDraws(model, steps);
      return model;
    };
    state = resumed.state;
    state.config = config;
    const checkpointName = basename(resumed.dir).replace(/\.previous$/, '');
    out = given.out !== undefined ? resolve(cwd, given.out) : checkpointName === 'last' || checkpointName === 'best' ? dirname(resumed.dir) : resumed.dir;
  } else {
    createModel = async () => {
      const model = buildUNet({ inputSize: config.size, encoder: config.encoder, encoderWeights: config.encoderWeights, encoderFreeze: config.encoderFreeze, baseFilters: config.baseFilters, depth: config.depth, maxFilters: config.maxFilters, seed: config.seed, batchNormMomentum: config.bnMomentum, dropout: config.dropout });
      try {
        if (initial !== undefined) assignSavedWeights(model, initial);
      } catch (err) {
        model.dispose();
        throw err;
      }
      compileForTraining(model, config.lr, config.loss, config.diceWeight, config.dicePerImage);
      return model;
    };
    state = initialTrainState(config);
    out = resolve(cwd, config.out ?? `runs/${timestamp()}`);
  }
  config.out = out;
  await mkdir(out, { recursive: true });
  await writeFile(resolve(out, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  return {
    config,
    createModel,
    train,
    val,
    state,
    resumedFrom: resumed?.dir,
    out,
    info: {
      config,
      backend: backend.backend,
      gpu: backend.gpu,
      backendSkipped: backend.skipped,
      presetApplied,
      presetValues,
      dataDir: data.dir,
      synthetic: data.synthetic,
      layout: dataset.layout,
      trainSamples: train.length,
      valSamples: val.length,
      out,
      resumedFrom: resumed ? { dir: resumed.dir, epoch: resumed.state.epoch, step: resumed.state.stepInEpoch } : undefined,
    },
  };
}
