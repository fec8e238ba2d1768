/**
 * Training without the image's gradient: tfjs-core's fused conv2d computes the gradient of its
 * input with its filter's, eagerly (a customGrad returns both), even where the input is the image
 * and nothing reads it. For the convolutions that read the image, that is a full-resolution
 * Conv2DBackpropInput per step for nothing (about 4 ms of a 200 ms step of the CPU preset).
 */
import * as tf from '@tensorflow/tfjs';

/** The parts of a tfjs-layers Conv2D that its call reads (tfjs-layers does not export the class). */
interface ConvLayer extends tf.layers.Layer {
  kernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  strides: number[];
  padding: 'valid' | 'same';
  dataFormat: string;
  dilationRate: number | number[];
  activation: { getClassName(): string };
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[];
}

/** Marks a layer whose call this module replaced, so a second call leaves it as it is. */
const PATCHED = Symbol('imageConvGradient');

/** Whether `layer` is a plain Conv2D this module can call itself: NHWC, linear activation, no dilation. */
function isPlainConv(layer: tf.layers.Layer): layer is ConvLayer {
  if (layer.getClassName() !== 'Conv2D') return false;
  const conv = layer as ConvLayer;
  const dilations = Array.isArray(conv.dilationRate) ? conv.dilationRate : [conv.dilationRate];
  return conv.dataFormat === 'channelsLast' && conv.activation.getClassName() === 'linear' && dilations.every((d) => d === 1);
}

/**
 * The layers whose input carries no gradient: those fed only by the model's inputs and by layers
 * without weights that are themselves fed so (the MobileNetV2 encoder's rescaling). model.layers
 * is in topological order, so every inbound layer is decided before the layers it feeds.
 */
function layersFedByImage(model: tf.LayersModel): Set<tf.layers.Layer> {
  const noGradient = new Set<tf.layers.Layer>();
  const fedByImage = new Set<tf.layers.Layer>();
  for (const layer of model.layers) {
    const inbound = layer.inboundNodes.flatMap((node) => node.inboundLayers);
    const isInput = layer.getClassName() === 'InputLayer';
    const fed = !isInput && inbound.length > 0 && inbound.every((l) => noGradient.has(l));
    if (fed) fedByImage.add(layer);
    if (isInput || (fed && layer.weights.length === 0)) noGradient.add(layer);
  }
  return fedByImage;
}

/**
 * The conv's output, recorded for backprop as a function of its weights only: the gradient
 * computes the filter's (Conv2DBackpropFilter) and the bias' (a sum over batch and pixels), never
 * the input's. The input is captured, not passed, so backprop never asks for its gradient; it is
 * saved (cloned and kept by the engine, disposed after backprop) for the filter's gradient.
 */
function convOfWeights(layer: ConvLayer, x: tf.Tensor4D): tf.Tensor4D {
  const strides = [layer.strides[0]!, layer.strides[1]!] as [number, number];
  const pad = layer.padding;
  const filter = layer.kernel.read() as tf.Tensor4D;
  const weights = layer.bias === null ? [filter] : [filter, layer.bias.read()];
  const conv = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [w, b] = args as tf.Tensor[];
    save([x]);
    const gradFunc = (dy: tf.Tensor4D, [input]: tf.Tensor[]): tf.Tensor[] => {
      const attrs = { strides, pad, dataFormat: 'NHWC', filterShape: filter.shape };
      const filterGrad = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: input!, dy }, attrs) as tf.Tensor;
      return b === undefined ? [filterGrad] : [filterGrad, tf.sum(dy, [0, 1, 2])];
    };
    return { value: tf.fused.conv2d({ x, filter: w as tf.Tensor4D, strides, pad, bias: b, activation: 'linear' }), gradFunc };
  }) as Parameters<typeof tf.customGrad>[0]);
  return conv(...weights) as tf.Tensor4D;
}

/**
 * Make the plain Conv2D layers that read the image (directly or through weightless layers such as
 * MobileNetV2's rescaling) skip their input's gradient in training; their forward pass, weights,
 * saved files and every other layer stay as they were. The layers' `call` is replaced on the
 * instances, so a model loaded from a file needs the call again. Returns the names of the layers
 * changed. Idempotent.
 */
export function skipImageGradients(model: tf.LayersModel): string[] {
  const changed: string[] = [];
  for (const layer of layersFedByImage(model)) {
    if (!isPlainConv(layer)) continue;
    changed.push(layer.name);
    const marked = layer as ConvLayer & { [PATCHED]?: true };
    if (marked[PATCHED]) continue;
    marked[PATCHED] = true;
    // Named as tfjs names its ops' scopes: profiles that skip '__op' records (they wrap the kernels
    // they run, FusedConv2D here) do not count the convolution twice.
    layer.call = (inputs) => tf.tidy('imageConv2d__op', () => convOfWeights(layer, (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D));
  }
  return changed;
}
