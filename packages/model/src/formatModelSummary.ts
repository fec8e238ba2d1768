/** A Keras-style layer table with thousands separators (tfjs' model.summary prints bare numbers). */
import type * as tf from '@tensorflow/tfjs';

const number = (n: number): string => n.toLocaleString('en-US');

function shapeOf(layer: tf.layers.Layer): string {
  const shape = layer.outputShape as (number | null)[] | (number | null)[][];
  const one = (s: (number | null)[]): string => `[${s.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;
  return Array.isArray(shape[0]) ? (shape as (number | null)[][]).map(one).join(' ') : one(shape as (number | null)[]);
}

function inputsOf(layer: tf.layers.Layer): string {
  const node = (layer as unknown as { inboundNodes: { inboundLayers: tf.layers.Layer[] }[] }).inboundNodes[0];
  return node ? node.inboundLayers.map((l) => l.name).join(', ') : '';
}

/** The model's layers (name and class, output shape, parameters, inputs) and its parameter totals. */
export function formatModelSummary(model: tf.LayersModel): string {
  const rows = model.layers.map((layer) => [`${layer.name} (${layer.getClassName()})`, shapeOf(layer), number(layer.countParams()), inputsOf(layer)]);
  const header = ['Layer (type)', 'Output shape', 'Param #', 'Connected to'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 2 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  const rule = '_'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  const count = (weights: tf.LayerVariable[]): number => weights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
  const trainable = count(model.trainableWeights);
  const nonTrainable = count(model.nonTrainableWeights);
  return [
    `Model: "${model.name}"`,
    rule,
    line(header),
    rule.replace(/_/g, '='),
    ...rows.map(line),
    rule.replace(/_/g, '='),
    `Total params: ${number(trainable + nonTrainable)}`,
    `Trainable params: ${number(trainable)}`,
    `Non-trainable params: ${number(nonTrainable)}`,
    rule,
  ].join('\n');
}
