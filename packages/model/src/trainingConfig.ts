/** The training config (loss, metrics, optimizer) of a model file: written by saveModel, compiled by loadModel. */
import * as tf from '@tensorflow/tfjs';
import { ModelFileError } from './errors.js';
import { deserializeLoss, isSerializedLoss, registeredNames, serializeLoss, type SerializedLoss } from './lossRegistry.js';

/** Keras' `training_config` as stored in model.json; names are snake_case. */
export interface TrainingConfig {
  loss: SavedLoss | SavedLoss[] | Record<string, SavedLoss>;
  metrics?: string[] | Record<string, string>;
  optimizer_config: { class_name: string; config: Record<string, unknown> };
}

/** One saved loss or metric: a name, or a weighted loss's `{ class_name, config }`. */
type SavedLoss = string | SerializedLoss;

type LossLike = string | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor);

function toSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function toCamel(name: string): string {
  return name.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Serialise one loss or metric; `usesCustom.value` becomes true when a registered function is used. */
function nameOf(what: string, item: unknown, usesCustom: { value: boolean }): SavedLoss {
  if (typeof item === 'string') return toSnake(item);
  const name = serializeLoss(item);
  if (name !== undefined) {
    usesCustom.value = true;
    return name;
  }
  const fnName = typeof item === 'function' && item.name !== '' ? `"${item.name}"` : 'an anonymous function';
  throw new TypeError(
    `saveModel: the model's ${what} is ${fnName}, which is neither a tfjs loss name nor one of ` +
      `@maskflow/model's registered functions (${registeredNames().join(', ')}). ` +
      'Compile with one of those, or save with includeOptimizer: false.',
  );
}

// One item, an array of items (per output) or a map of them (per output name); a saved
// `{ class_name, config }` is one item, not a map.
function mapShape<T>(value: unknown, fn: (item: unknown) => T): T | T[] | Record<string, T> {
  if (Array.isArray(value)) return value.map(fn);
  if (typeof value === 'object' && value !== null && !isSerializedLoss(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fn(v)]));
  }
  return fn(value);
}

/**
 * The training config of a compiled model, and whether it names Maskflow's registered functions
 * (stock tfjs cannot compile those, so saveModel stores such a config where stock tfjs ignores it).
 */
export function trainingConfigOf(model: tf.LayersModel): { config: TrainingConfig; usesCustom: boolean } {
  const usesCustom = { value: false };
  const loss = mapShape(model.loss, (item) => nameOf('loss', item, usesCustom)) as TrainingConfig['loss'];
  const rawMetrics: unknown = model.metrics;
  const metrics =
    rawMetrics == null
      ? undefined
      : (mapShape(Array.isArray(rawMetrics) || typeof rawMetrics === 'object' ? rawMetrics : [rawMetrics], (item) =>
          nameOf('metric', item, usesCustom),
        ) as TrainingConfig['metrics']);
  const optimizer = model.optimizer;
  const config: TrainingConfig = {
    loss,
    ...(metrics === undefined ? {} : { metrics }),
    optimizer_config: { class_name: optimizer.getClassName(), config: optimizer.getConfig() as Record<string, unknown> },
  };
  return { config, usesCustom: usesCustom.value };
}

/** A registered function for a saved name or `{ class_name, config }`, else the camelCase name for tfjs to resolve. */
function resolveName(item: unknown, file: string): LossLike {
  const registered = deserializeLoss(item);
  if (registered !== undefined) return registered;
  if (typeof item !== 'string') {
    throw new ModelFileError(
      file,
      `training config: expected loss and metric names (strings) or a weighted bce_dice_loss but found ${JSON.stringify(item)}.`,
    );
  }
  return toCamel(item);
}

function deserializeOptimizer(cfg: TrainingConfig['optimizer_config'] | undefined, file: string): tf.Optimizer {
  const entry = cfg && tf.serialization.SerializationMap.getMap().classNameMap[cfg.class_name];
  if (cfg === undefined || entry === undefined) {
    throw new ModelFileError(
      file,
      `training config: unknown optimizer ${JSON.stringify(cfg?.class_name)}; expected a tfjs optimizer class ` +
        `(Adam, SGD, RMSProp, ...). Load with { compile: false } and compile it yourself.`,
    );
  }
  const [cls, fromConfig] = entry;
  const config = Object.fromEntries(Object.entries(cfg.config ?? {}).map(([k, v]) => [toCamel(k), v]));
  return fromConfig(cls, config as tf.serialization.ConfigDict) as unknown as tf.Optimizer;
}

/** Compile `model` from a saved training config, resolving Maskflow's losses and metrics by name. */
export function compileFromTrainingConfig(model: tf.LayersModel, config: TrainingConfig, file: string): void {
  const loss = mapShape(config.loss, (item) => resolveName(item, file)) as tf.ModelCompileArgs['loss'];
  const metrics =
    config.metrics === undefined
      ? undefined
      : (mapShape(config.metrics, (item) => resolveName(item, file)) as tf.ModelCompileArgs['metrics']);
  const optimizer = deserializeOptimizer(config.optimizer_config, file);
  try {
    model.compile({ loss, optimizer, ...(metrics === undefined ? {} : { metrics }) });
  } catch (err) {
    optimizer.dispose();
    throw new ModelFileError(
      file,
      `training config: cannot compile (${(err as Error).message}). Load with { compile: false } and compile it yourself.`,
      { cause: err },
    );
  }
}
