/**
 * Batch norm and the ReLU after it as one layer call: every conv block is Conv → BatchNorm → ReLU,
 * and a separate ReLU layer reads and writes the whole tensor again, forward (Relu) and backward
 * (its gradient). The batch-norm layer takes the ReLU over (FusedBatchNormalization.reluAfter:
 * one kernel pair on maskflow-cpu) and the ReLU layer passes its input on.
 */
import * as tf from '@tensorflow/tfjs';
import { FusedBatchNormalization } from './fusedBatchNormalization.js';

/** Marks a ReLU layer whose call this module replaced, so a second call leaves it as it is. */
const PASSES_ON = Symbol('batchNormRelu');

/** The layers that read `layer`'s output (each of its outbound nodes' layer). */
const consumers = (layer: tf.layers.Layer): tf.layers.Layer[] => layer.outboundNodes.map((node) => node.outboundLayer);

/** Whether `layer` is an Activation layer whose activation is ReLU. */
function isReluActivation(layer: tf.layers.Layer): boolean {
  if (layer.getClassName() !== 'Activation') return false;
  return (layer as unknown as { activation: { getClassName(): string } }).activation.getClassName() === 'relu';
}

/**
 * Fuse each FusedBatchNormalization layer of `model` with the ReLU Activation layer that alone
 * reads it, where the batch norm is not a model output and the ReLU reads nothing else. The model
 * computes the same function (ReLU of the batch norm, in training and inference), with the same
 * weights and the same model files; only the work moves. The layers are changed on the instances,
 * so a model loaded from a file needs the call again. Returns the names of the ReLU layers that
 * now pass their input on. Idempotent.
 */
export function fuseBatchNormRelu(model: tf.LayersModel): string[] {
  const outputs = new Set(model.outputLayers);
  const fused: string[] = [];
  for (const layer of model.layers) {
    if (!(layer instanceof FusedBatchNormalization) || outputs.has(layer) || layer.inboundNodes.length !== 1) continue;
    const readers = consumers(layer);
    const relu = readers[0];
    if (readers.length !== 1 || relu === undefined || !isReluActivation(relu) || relu.inboundNodes.length !== 1) continue;
    if (relu.inboundNodes[0]!.inboundLayers.length !== 1) continue;
    fused.push(relu.name);
    const marked = relu as tf.layers.Layer & { [PASSES_ON]?: true };
    if (marked[PASSES_ON]) continue;
    marked[PASSES_ON] = true;
    layer.reluAfter = true;
    // A new tensor on the same data (tf.clone copies nothing): tfjs-layers may dispose a layer's
    // input once its readers ran, and the ReLU's output must outlive it.
    relu.call = (inputs) => tf.clone(Array.isArray(inputs) ? inputs[0]! : inputs);
  }
  return fused;
}
