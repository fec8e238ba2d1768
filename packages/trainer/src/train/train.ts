/** `train(options)`: the training run behind `maskflow train`, usable as a library call. */
import { join } from 'node:path';
import type { Sample } from '@maskflow/datasets';
import { fuseBatchNormRelu, loadModel, skipImageGradients, trainingLoss, WeightDecay, type tf, type WeightAverage } from '@maskflow/model';
import { createLoader, type Loader } from '@maskflow/pipeline';
import { startWeightAverage } from '../checkpoint/averageFile.js';
import { saveCheckpoint } from '../checkpoint/checkpoint.js';
import type { TrainState } from '../checkpoint/trainState.js';
import type { TrainConfig, TrainOptions } from '../config/trainConfig.js';
import type { EpochRecord } from '../records/history.js';
import { RunRecorder } from '../records/runRecorder.js';
import { autoPipelineThreads } from './autoThreads.js';
import { CallbackList, type StopReason, type TrainCallback } from './callbacks.js';
import { BestCheckpoint, LastCheckpoint } from './policies/checkpoints.js';
import { EarlyStopping } from './policies/earlyStopping.js';
import { epochLearningRate, scheduleProgress } from './policies/lrSchedule.js';
import { ProgressiveResize } from './policies/progressiveResize.js';
import { TimeBudget } from './policies/timeBudget.js';
import { ReduceLrOnPlateau } from './policies/reduceLrOnPlateau.js';
import { prepareRun, setLearningRate } from './prepareRun.js';
import { maskTallyOf, maskTallyWarning } from './maskTally.js';
import { meansOf, trainEpoch } from './trainEpoch.js';
import type { TrainEventSink, TrainSummary } from './trainEvents.js';
import { validate } from './validate.js';
import { spreadPick, writePredictions } from './writePredictions.js';

/** How a run is driven: where events go, what stops it, and what relative paths are relative to. */
export interface TrainRunOptions {
  onEvent?: TrainEventSink;
  /** Aborting finishes the current step, saves last/ and resolves (SIGINT in the CLI). */
  signal?: AbortSignal;
  /** Directory relative paths resolve against (default: process.cwd()). */
  cwd?: string;
}

/** The training loader (shuffled, augmented) and the validation loader (resize only, fixed order). */
function createLoaders(config: TrainConfig, train: readonly Sample[], val: readonly Sample[]): { trainLoader: Loader; valLoader: Loader } {
  const threads = config.threads > 0 ? config.threads : autoPipelineThreads();
  const common = { size: config.size, batchSize: config.batchSize, threads, prefetch: config.prefetch, seed: config.seed, cache: config.cache, maskSource: config.maskSource, onBadSample: config.onBadSample, ...(config.foreground === undefined ? {} : { foreground: config.foreground }) };
  const augment = { hueDelta: config.hueDelta, hflip: config.hflip, vflip: config.vflip, shift: [config.shift, config.shift] as [number, number], scale: config.scale, rotate: config.rotate, stretch: config.stretch, brightness: config.brightness, occlude: config.occlude, contrast: config.contrast, saturation: config.saturation, decoy: config.decoy, blotch: config.blotch, seeThrough: config.seeThrough, blur: config.blur, paste: config.paste, swapBackground: config.swapBackground };
  const trainLoader = createLoader({ ...common, samples: train, shuffle: true, augment });
  try {
    return { trainLoader, valLoader: createLoader({ ...common, samples: val, shuffle: false, augment: false }) };
  } catch (error) {
    // The training loader's workers are running: stop them before reporting the failure.
    void trainLoader.close();
    throw error;
  }
}

/**
 * Train the U-Net as configured (defaults, CPU preset, then `options`), writing checkpoints
 * (best/, last/), history.json/csv, curves.png, predictions.png and TensorBoard logs into the run
 * directory. Resolves to the run's summary; the model is disposed (it lives on in best/ and last/).
 */
export async function train(options: TrainOptions = {}, run: TrainRunOptions = {}): Promise<TrainSummary> {
  const emit: TrainEventSink = run.onEvent ?? (() => undefined);
  const say = (message: string): void => emit({ type: 'info', message });
  const prepared = await prepareRun(options, run.cwd ?? process.cwd(), say);
  const { config, state, out } = prepared;
  let loaders: { trainLoader: Loader; valLoader: Loader } | undefined;
  let model: tf.LayersModel | undefined;
  let average: WeightAverage | undefined;
  try {
    // Loaders first: their worker threads boot and decode the first batches while the model is built.
    loaders = createLoaders(config, prepared.train, prepared.val);
    const { trainLoader, valLoader } = loaders;
    model = await prepared.createModel();
    // Built or loaded: the convolutions that read the image skip its gradient (nothing reads it),
    // and each batch norm applies the ReLU after it (one kernel pair on maskflow-cpu).
    skipImageGradients(model);
    fuseBatchNormRelu(model);
    emit({ type: 'start', info: { ...prepared.info, params: model.countParams(), stepsPerEpoch: trainLoader.stepsPerEpoch } });
    const mem = trainLoader.memory.cacheBytes + valLoader.memory.cacheBytes;
    say(`pipeline: ${trainLoader.stats().threads} worker thread(s), prefetch ${config.prefetch}, cache ${config.cache}${mem > 0 ? ` (${(mem / 2 ** 20).toFixed(1)} MiB)` : ''}`);
    // Created after the model, inside the try: the finally below disposes it with the model.
    average = await startWeightAverage(model, config.ema, prepared.resumedFrom, state.globalStep, say);
    const callbacks = trainCallbacks(model, config, state, out, average);
    const scored = average;
    const decay = config.weightDecay > 0 ? new WeightDecay(model, config.weightDecay) : undefined;
    const valLoss = trainingLoss(config.loss, config.diceWeight, config.dicePerImage);
    // With a weight average, validation scores the averaged weights (as best/ then saves them).
    const validateModel = (m: tf.LayersModel) => (scored === undefined ? validate(m, valLoader, config.size, valLoss) : scored.withAveraged(() => validate(m, valLoader, config.size, valLoss)));
    const resize = new ProgressiveResize(model, config);
    let stoppedBy: TrainSummary['stoppedBy'] = 'epochs';
    let skipsReported = 0;
    for (let epoch = state.epoch + 1; epoch <= config.epochs; epoch++) {
      const stepsLeft = config.maxSteps > 0 ? config.maxSteps - state.globalStep : Infinity;
      if (stepsLeft <= 0) {
        stoppedBy = 'maxSteps';
        break;
      }
      emit({ type: 'epochStart', epoch, epochs: config.epochs, steps: trainLoader.stepsPerEpoch });
      const clock = { epoch, epochs: config.epochs, budgetSeconds: config.maxMinutes * 60, spentSeconds: state.totals.seconds, lastEpochSeconds: state.history.at(-1)?.seconds ?? 0 };
      const lr = epochLearningRate({ schedule: config.lrSchedule, baseLr: state.lr, minLr: config.lrMin, warmupEpochs: config.lrWarmupEpochs, ...clock });
      setLearningRate(model, lr);
      const trainSize = resize.enter(epoch, scheduleProgress(clock), say);
      const epochStart = performance.now();
      const before = state.partial?.steps ?? 0;
      // The first epoch of a run counts its masks (the loader's, as read), to warn about a set read as all empty or all full.
      const countMasks = epoch === 1 && before === 0;
      const result = await trainEpoch({
        model, loader: trainLoader, epochIndex: epoch - 1, size: config.size, trainSize, partial: state.partial, stepsLeft, signal: run.signal,
        // Weight decay first: the average then folds in the weights the next step starts from.
        afterStep: () => {
          decay?.apply(lr);
          scored?.update();
        },
        onBatch: (step, logs, elapsedMs) => emit({ type: 'batch', epoch, step, steps: trainLoader.stepsPerEpoch, logs, elapsedMs }),
      });
      state.globalStep += result.steps - before;
      const { complete, gpuIdleShare, ...partial } = result;
      if (!complete && run.signal?.aborted) {
        // Interrupted mid-epoch: keep the epoch's progress so --resume continues at the next step.
        state.partial = partial;
        state.stepInEpoch = partial.steps;
        await saveCheckpoint(model, join(out, 'last'), state, average);
        say(`Interrupted at epoch ${epoch}, step ${partial.steps}: saved ${join(out, 'last')}; continue with --resume ${out}`);
        stoppedBy = 'interrupt';
        break;
      }
      const val = await validateModel(model);
      const trainMeans = meansOf(partial);
      const stepMs = partial.waitMs + partial.computeMs;
      const record: EpochRecord = {
        epoch, ...trainMeans,
        valLoss: val.loss, valDiceLoss: val.diceLoss, valDiceCoeff: val.diceCoeff, valMeanIoU: val.meanIoU, valImageDice: val.imageDice,
        lr,
        trainSize: trainSize.join('x'),
        imagesPerSecond: stepMs > 0 ? partial.images / (stepMs / 1000) : 0,
        inputWaitShare: stepMs > 0 ? partial.waitMs / stepMs : 0,
        ...(gpuIdleShare === null ? {} : { gpuIdleShare }),
        steps: partial.steps,
        seconds: (performance.now() - epochStart) / 1000,
      };
      state.history.push(record);
      state.epoch = epoch;
      state.partial = null;
      state.stepInEpoch = 0;
      state.totals.images += partial.images;
      state.totals.waitMs += partial.waitMs;
      state.totals.computeMs += partial.computeMs;
      state.totals.seconds += record.seconds;
      // The policies' messages follow the epoch's progress line; a stop request ends the run after it.
      const notes: string[] = [];
      let stop: { reason: StopReason; message: string } | undefined;
      await callbacks.onEpochEnd(epoch, record, {
        stop: (reason, message) => {
          stop = { reason, message };
        },
        say: (message) => {
          notes.push(message);
        },
      });
      emit({ type: 'epochEnd', epoch, epochs: config.epochs, record, improved: state.best?.epoch === epoch });
      for (const note of notes) say(note);
      const maskWarning = countMasks ? maskTallyWarning(maskTallyOf(trainLoader.stats()), config.data ?? '') : undefined;
      if (maskWarning !== undefined) say(maskWarning);
      skipsReported = reportSkips([trainLoader, valLoader], skipsReported, say);
      if (stop !== undefined) {
        stoppedBy = stop.reason;
        say(stop.message);
        break;
      }
      if (!complete) {
        stoppedBy = 'maxSteps';
        break;
      }
      if (run.signal?.aborted) {
        stoppedBy = 'interrupt';
        break;
      }
    }
    if (stoppedBy !== 'interrupt' && state.best !== null) await predictionsFromBest(out, prepared.val, config);
    const summary = summarize(out, state, stoppedBy, prepared.info.backend);
    emit({ type: 'end', summary });
    return summary;
  } finally {
    await loaders?.trainLoader.close();
    await loaders?.valLoader.close();
    average?.dispose();
    model?.dispose();
  }
}

/**
 * The run's epoch-end policies, in the order they run: the rules that update the state first
 * (learning-rate plateau, early stopping), then the checkpoints that save it, then the records.
 */
function trainCallbacks(model: tf.LayersModel, config: TrainConfig, state: TrainState, out: string, average: WeightAverage | undefined): CallbackList {
  const plateau: TrainCallback[] = config.lrPlateau
    ? [new ReduceLrOnPlateau(state, { patience: config.lrPlateauPatience, factor: config.lrPlateauFactor, minLr: config.lrMin })]
    : [];
  return new CallbackList([
    ...plateau,
    new EarlyStopping(state, config.earlyStop),
    new TimeBudget(state, config.maxMinutes, config.epochs),
    new BestCheckpoint(model, join(out, 'best'), state, average),
    new LastCheckpoint(model, join(out, 'last'), state, average),
    new RunRecorder(out, state.history),
  ]);
}

/** Say which samples the loaders left out (onBadSample 'skip') since `reported`; returns the new count. */
function reportSkips(loaders: Loader[], reported: number, say: (message: string) => void): number {
  const stats = loaders.map((loader) => loader.stats());
  const skipped = stats.reduce((sum, s) => sum + s.skipped, 0);
  if (skipped > reported) {
    const first = stats.flatMap((s) => s.skippedSamples)[0];
    say(`left out ${skipped} sample(s) that cannot be read or decoded so far${first === undefined ? '' : `, the first ${first.file}: ${first.reason}`}`);
  }
  return skipped;
}

/** predictions.png from best/ (what a user deploys), as the tutorial reloads its best model. */
async function predictionsFromBest(out: string, val: readonly Sample[], config: TrainConfig): Promise<void> {
  const best = await loadModel(join(out, 'best'), { compile: false });
  try {
    await writePredictions(join(out, 'predictions.png'), best, spreadPick(val, 5), config.size, config.onBadSample);
  } finally {
    best.dispose();
  }
}

function summarize(out: string, state: TrainState, stoppedBy: TrainSummary['stoppedBy'], backend: string): TrainSummary {
  const last = state.history[state.history.length - 1];
  const stepMs = state.totals.waitMs + state.totals.computeMs;
  return {
    out,
    epochs: state.history.length,
    steps: state.globalStep,
    seconds: state.totals.seconds,
    valDice: last?.valDiceCoeff ?? NaN,
    bestValDice: state.best?.valDiceCoeff ?? NaN,
    valLoss: last?.valLoss ?? NaN,
    imagesPerSecond: stepMs > 0 ? state.totals.images / (stepMs / 1000) : 0,
    inputWaitShare: stepMs > 0 ? state.totals.waitMs / stepMs : 0,
    backend,
    stoppedBy,
  };
}
