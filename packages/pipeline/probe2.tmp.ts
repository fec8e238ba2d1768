import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { loadDataset, parseRle } from '@maskflow/datasets';
import { decodeImageBytes } from './src/decodeImage.js';
import { decodeMask } from './src/index.js';
import { applyAugment, drawAugment } from './src/augment/augmentSample.js';
import { createRng } from '@maskflow/datasets';
sharp.concurrency(1);
const ds = await loadDataset('/tmp/carvana-bench');
const s = ds.samples.slice(0, 40);
const bytes = s.map((x) => readFileSync(x.imagePath));
const gifs = s.map((x) => readFileSync(x.maskPath!));
async function time(name: string, f: (i: number) => unknown) {
  for (let i = 0; i < 10; i++) await f(i);
  const t = performance.now(); for (let i = 0; i < 40; i++) await f(i); console.log(name, ((performance.now() - t) / 40).toFixed(2), 'ms');
}
await time('sharp full', (i) => decodeImageBytes(bytes[i]!, [256, 256]));
await time("hdr", (i) => import("./src/decode/headerSize.js").then(m => m.headerSize(bytes[i]!)));
await time('sharp resize only', (i) => sharp(bytes[i]!).resize({ width: 256, height: 256, fit: 'fill' }).raw().toBuffer());
await time('sharp resize linear', (i) => sharp(bytes[i]!).resize({ width: 256, height: 256, fit: 'fill', kernel: 'linear' }).raw().toBuffer());
await time('parseRle', (i) => parseRle(s[i]!.rle!, 1918, 1280));
await time('rle mask', (i) => decodeMask({ rle: s[i]!.rle!, width: 1918, height: 1280 }, { size: [256, 256] }));
await time('gif mask', (i) => decodeMask(gifs[i]!, { size: [256, 256] }));
const img = new Uint8Array(256 * 256 * 3).map((_, i) => i * 7), m = new Uint8Array(256 * 256);
await time('augment', (i) => applyAugment(img, m, 256, 256, drawAugment(createRng(i), { hueDelta: 0.1, hflip: true, shift: [0.1, 0.1] }, 256, 256)));
console.log('rle len', s[0]!.rle!.length);
