/** Epoch-end rules: ReduceLROnPlateau and early stopping, as pure state updates (Keras semantics). */
import type { TrainConfig } from '../config/trainConfig.js';
import type { TrainState } from '../checkpoint/trainState.js';

/** Keras' min_delta for ReduceLROnPlateau: smaller improvements count as none. */
const MIN_DELTA = 1e-4;

/**
 * ReduceLROnPlateau on val loss (mode min): after `patience` epochs without an improvement of at
 * least 1e-4, multiply the learning rate by `factor`, not below `lrMin`. Returns the new lr when it changed.
 */
export function stepLrPlateau(state: TrainState, config: TrainConfig, valLoss: number): number | undefined {
  if (!config.lrPlateau) return undefined;
  const p = state.plateau;
  if (p.bestValLoss === null || valLoss < p.bestValLoss - MIN_DELTA) {
    p.bestValLoss = valLoss;
    p.wait = 0;
    return undefined;
  }
  p.wait++;
  if (p.wait < config.lrPlateauPatience) return undefined;
  p.wait = 0;
  const lr = Math.max(state.lr * config.lrPlateauFactor, config.lrMin);
  if (lr >= state.lr) return undefined;
  state.lr = lr;
  return lr;
}

/**
 * Best-checkpoint and early-stopping bookkeeping on val diceLoss, lower is better (the tutorial's
 * ModelCheckpoint monitor). Returns whether this epoch improved and whether to stop.
 */
export function stepBest(
  state: TrainState,
  config: TrainConfig,
  epoch: number,
  val: { diceLoss: number; diceCoeff: number },
): { improved: boolean; stop: boolean } {
  const improved = state.best === null || val.diceLoss < state.best.valDiceLoss;
  if (improved) {
    state.best = { valDiceLoss: val.diceLoss, valDiceCoeff: val.diceCoeff, epoch };
    state.earlyStopWait = 0;
  } else state.earlyStopWait++;
  return { improved, stop: config.earlyStop > 0 && state.earlyStopWait >= config.earlyStop };
}
