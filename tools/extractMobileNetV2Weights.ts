/**
 * Writes weights/mobilenet_v2/ (the MobileNetV2 encoder's ImageNet weights) from nsfwjs' bundled
 * MobileNetV2, the one npm package that carries Keras' ImageNet MobileNetV2 as a layers model:
 *
 *   npm pack nsfwjs@4.3.0 && tar xzf nsfwjs-4.3.0.tgz
 *   pnpm tsx tools/extractMobileNetV2Weights.ts package/dist/models/mobilenet_v2
 *
 * The tensors keep nsfwjs' uint8 quantization (tfjs' own format: min and scale per tensor), and
 * only the layers mobileNetV2Encoder builds are kept. See weights/mobilenet_v2/README.md.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { isMobileNetV2EncoderLayer } from '@maskflow/model';

interface WeightSpec { name: string; shape: number[]; dtype: string; quantization?: { dtype: string; min: number; scale: number } }

const BYTES: Record<string, number> = { uint8: 1, uint16: 2, float16: 2, float32: 4, int32: 4 };
const source = process.argv[2];
if (source === undefined) throw new Error('Pass the folder of nsfwjs\' dist/models/mobilenet_v2 (see the comment at the top of this script).');
const require = createRequire(import.meta.url);
const modelFile = resolve(source, 'model.min.js');
const shardFile = resolve(source, 'group1-shard1of1.min.js');
const model = require(modelFile) as { modelTopology: { model_config: { config: { layers: { name: string; config: { trainable?: boolean } }[] } } }; weightsManifest: { weights: WeightSpec[] }[] };
const shard = Buffer.from(require(shardFile) as string, 'base64');

const frozen = new Set(model.modelTopology.model_config.config.layers.filter((l) => l.config.trainable === false).map((l) => l.name));

const specs: WeightSpec[] = [];
const parts: Buffer[] = [];
let offset = 0;
for (const spec of model.weightsManifest.flatMap((g) => g.weights)) {
  const bytes = spec.shape.reduce((p, q) => p * q, 1) * BYTES[spec.quantization?.dtype ?? spec.dtype]!;
  if (isMobileNetV2EncoderLayer(spec.name.split('/')[0]!)) {
    specs.push(spec);
    parts.push(shard.subarray(offset, offset + bytes));
  }
  offset += bytes;
}
if (offset !== shard.length) throw new Error(`the manifest describes ${offset} bytes, the shard holds ${shard.length}`);
const out = resolve(import.meta.dirname, '../packages/model/weights/mobilenet_v2');
const bin = Buffer.concat(parts);
writeFileSync(join(out, 'weights.bin'), bin);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const layers = [...new Set(specs.map((s) => s.name.split('/')[0]!))];
const manifest = {
  source: { package: 'nsfwjs@4.3.0', files: { 'dist/models/mobilenet_v2/model.min.js': sha(readFileSync(modelFile)), 'dist/models/mobilenet_v2/group1-shard1of1.min.js': sha(readFileSync(shardFile)) } },
  imagenetLayers: layers.filter((l) => frozen.has(l)),
  fineTunedLayers: layers.filter((l) => !frozen.has(l)),
  sha256: sha(bin),
  weights: specs,
};
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
console.log(`${specs.length} tensors, ${bin.length} bytes; ${manifest.imagenetLayers.length} layers frozen at ImageNet's weights in nsfwjs' training, ${manifest.fineTunedLayers.length} fine-tuned by it`);
