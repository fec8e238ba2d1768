/** @maskflow/model: the tutorial U-Net in TensorFlow.js, its losses and metrics, backends and model files. */
import * as tf from '@tensorflow/tfjs';

/** The @tensorflow/tfjs namespace the model uses (one tfjs-core in the install): import tf from here. */
export { tf };
export { buildUNet, ENCODER_FREEZE, ENCODER_WEIGHTS, resolveUNetOptions, UNET_ENCODERS } from './buildUNet.js';
export { SeededDropout, resumeDropoutDraws, spatialDropout } from './spatialDropout.js';
export type { UNetOptions, ResolvedUNetOptions, UNetEncoder, EncoderFreeze } from './buildUNet.js';
export { isMobileNetV2EncoderLayer, loadImagenetWeights } from './imagenetWeights.js';
export { unetParamCount } from './unetParamCount.js';
export type { UNetParamCount } from './unetParamCount.js';
export { formatModelSummary } from './formatModelSummary.js';
export { diceCoeff, diceCoeffPerImage, diceLoss, diceLossPerImage } from './diceCoeff.js';
export { binaryCrossentropy } from './binaryCrossentropy.js';
export { bceDiceLoss, bceDiceSettingsOf, weightedBceDiceLoss, type BceDiceSettings } from './bceDiceLoss.js';
export { TRAINING_LOSS_NAMES, trainingLoss } from './trainingLoss.js';
export type { TrainingLossName } from './trainingLoss.js';
export { meanIoU } from './meanIoU.js';
export { imageDice } from './imageDice.js';
export type { LossOrMetric } from './lossRegistry.js';
export { initBackend } from './initBackend.js';
export { releaseBackend } from './backendLoaders.js';
export { probeWebGpu } from './probeWebGpu.js';
export type { AdapterDescription, WebGpuProbe } from '@maskflow/webgpu';
export { checkDeviceFits, deviceBusyMs, uploadToDevice } from './deviceBackend.js';
export type { BackendInfo, BackendPreference, InitBackendOptions } from './initBackend.js';
export { saveModel } from './saveModel.js';
export type { SaveModelOptions } from './saveModel.js';
export { loadModel, readModelMetadata } from './loadModel.js';
export { assignSavedWeights, readSavedWeights } from './initialWeights.js';
export type { SavedWeights } from './initialWeights.js';
export type { LoadModelOptions } from './loadModel.js';
export { batchToTensors } from './batchToTensors.js';
export { createAdam } from './createAdam.js';
export { WeightAverage } from './weightAverage.js';
export { recalibrateBatchNorm } from './recalibrateBatchNorm.js';
export { WeightDecay } from './weightDecay.js';
export type { BatchShape } from './batchToTensors.js';
export { ModelFileError } from './errors.js';
