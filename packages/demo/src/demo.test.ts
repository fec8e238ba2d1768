/**
 * End to end: a tiny trained model, the built page served on 127.0.0.1, Debian's Chromium through
 * playwright-core. The page's mask must match `maskflow predict` on the same image, on every
 * backend the browser starts; bad inputs must show a message and throw nothing uncaught.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildUNet, saveModel } from '@maskflow/model';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './__tests__/launchChromium.js';
import { runNode } from './__tests__/runNode.js';
import { renderScene } from './__tests__/scene.js';
import { trainTinyModel } from './__tests__/tinyModel.js';
import { DEMO_DIR } from './server/buildDemo.js';
import { serveDemo, type DemoServer } from './server/serveDemo.js';

const IMAGE = { width: 120, height: 90 };
const MASKFLOW_BIN = join(dirname(fileURLToPath(import.meta.resolve('@maskflow/trainer'))), '..', 'bin', 'maskflow.js');

let dir: string;
let server: DemoServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
/** `maskflow predict`'s mask of car.png: 0/255, one byte a pixel. */
let cliMask: Uint8Array;
/** The same for car16.png, the scene as a microscope's 12-bit frame in a 16-bit PNG. */
let cliMask16: Uint8Array;
const scene = renderScene(IMAGE.width, IMAGE.height, 5);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'maskflow-demo-'));
  await sharp(scene.rgb, { raw: { width: IMAGE.width, height: IMAGE.height, channels: 3 } }).png().toFile(join(dir, 'car.png'));
  await writeFile(join(dir, 'notes.txt'), 'not an image\n');
  const twelveBit = Uint16Array.from(scene.rgb, (v) => 200 + v * 12);
  await sharp(twelveBit, { raw: { width: IMAGE.width, height: IMAGE.height, channels: 3 } }).toColourspace('rgb16').png().toFile(join(dir, 'car16.png'));
  // The build runs in its own process (it is `pnpm demo --build-only`) while the model trains here.
  await Promise.all([
    runNode(['src/server/demoCli.ts', '--build-only', '--out', join(dir, 'page')], DEMO_DIR),
    trainTinyModel({ dir: join(dir, 'model') }),
  ]);
  // A model the demo must refuse: it takes one-channel images.
  await saveModel(buildUNet({ inputSize: [32, 32], channels: 1, baseFilters: 2, depth: 1, seed: 1 }), join(dir, 'grey-model'));
  [server, browser] = await Promise.all([
    serveDemo({ root: join(dir, 'page'), modelDir: join(dir, 'model') }),
    launchChromium(),
    runNode([MASKFLOW_BIN, 'predict', '--model', join(dir, 'model'), '--input', join(dir, 'car.png'), join(dir, 'car16.png'), '--output', join(dir, 'pred'), '--backend', 'cpu'], DEMO_DIR),
  ]);
  cliMask = new Uint8Array(await sharp(join(dir, 'pred', 'car_mask.png')).extractChannel(0).raw().toBuffer());
  cliMask16 = new Uint8Array(await sharp(join(dir, 'pred', 'car16_mask.png')).extractChannel(0).raw().toBuffer());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A page that records uncaught exceptions. */
async function openPage(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, errors };
}

const status = (page: Page) => page.locator('[data-testid=status]');

/** Wait until the page is done with what it was doing (idle, ready or error) and return the text. */
async function settled(page: Page): Promise<string> {
  await page.locator('[data-testid=status]:not([data-state=busy])').waitFor({ timeout: 30_000 });
  return (await status(page).textContent()) ?? '';
}

/** Do `action` on the page, then wait for the status it leads to (not an earlier one) and return it. */
async function outcome(page: Page, action: () => Promise<void>): Promise<string> {
  const before = Number(await status(page).getAttribute('data-changes'));
  await action();
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('[data-testid=status]') as HTMLElement;
      return Number(el.dataset.changes) > n && el.dataset.state !== 'busy';
    },
    before,
    { timeout: 30_000 },
  );
  return (await status(page).textContent()) ?? '';
}

const pick = (page: Page, input: 'image-input' | 'model-input', files: string[]) => () => page.locator(`[data-testid=${input}]`).setInputFiles(files);

/** Upload an image and wait for that prediction to be drawn; returns the page's model time (ms). */
async function predictImage(page: Page, file: string): Promise<number> {
  expect(await outcome(page, pick(page, 'image-input', [file]))).toBe('ready');
  return Number(await page.locator('[data-testid=timing]').getAttribute('data-model-ms'));
}

/** The mask canvas: its size and one 0/255 value a pixel (the red channel of opaque grey). */
function readMaskCanvas(page: Page): Promise<{ width: number; height: number; values: number[] }> {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid=mask-canvas]') as HTMLCanvasElement;
    const rgba = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
    return { width: canvas.width, height: canvas.height, values: Array.from({ length: rgba.length / 4 }, (_, i) => rgba[i * 4] as number) };
  });
}

/** Dice of a 0/255 mask against a 0/1 mask. */
function dice(mask: ArrayLike<number>, truth: Uint8Array): number {
  let both = 0;
  let sum = 0;
  for (let i = 0; i < truth.length; i++) {
    const m = mask[i] === 255 ? 1 : 0;
    both += m & (truth[i] as number);
    sum += m + (truth[i] as number);
  }
  return (2 * both) / sum;
}

function agreement(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

describe('browser demo', () => {
  it('masks an uploaded image like `maskflow predict` does, on every backend that starts', async () => {
    // A trivial mask (all or nothing) would agree by accident: the tiny model must have learned the scene.
    expect(dice(cliMask, scene.mask)).toBeGreaterThan(0.8);
    const rows: { requested: string; backend: string; agreement: number; modelMs: number[] }[] = [];
    for (const requested of ['webgl', 'wasm', 'cpu']) {
      const { page, errors } = await openPage(`${server.pageUrl}&backend=${requested}`);
      expect(await settled(page)).toMatch(/^Model loaded/);
      const modelMs: number[] = [];
      const tensors: string[] = [];
      for (let i = 0; i < 3; i++) {
        modelMs.push(await predictImage(page, join(dir, 'car.png')));
        tensors.push((await page.locator('[data-testid=timing]').getAttribute('data-tensors')) ?? '');
      }
      expect(new Set(tensors).size, `live tensors after each prediction: ${tensors.join(', ')}`).toBe(1);
      const mask = await readMaskCanvas(page);
      expect([mask.width, mask.height]).toEqual([IMAGE.width, IMAGE.height]);
      const backend = (await page.locator('[data-testid=backend]').getAttribute('data-backend')) ?? '';
      rows.push({ requested, backend, agreement: agreement(mask.values, cliMask), modelMs });
      expect(agreement(mask.values, cliMask)).toBeGreaterThanOrEqual(0.99);
      expect(dice(mask.values, scene.mask)).toBeGreaterThan(0.8);
      if (requested === 'cpu') {
        // The download is the same mask, a PNG at the image's own size.
        const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=download-mask]').click()]);
        expect(download.suggestedFilename()).toBe('car_mask.png');
        const { data, info } = await sharp(await download.path()).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
        expect([info.width, info.height]).toEqual([IMAGE.width, IMAGE.height]);
        expect(agreement(data, mask.values)).toBe(1);
        // The slider re-thresholds the same probabilities: a higher threshold can only remove pixels.
        const covered = (values: number[]) => values.filter((v) => v === 255).length;
        await page.locator('[data-testid=threshold]').fill('0.95');
        const strict = (await readMaskCanvas(page)).values;
        expect(covered(strict)).toBeLessThan(covered(mask.values));
        expect(strict.every((v, i) => v === 0 || mask.values[i] === 255)).toBe(true);
      }
      expect(errors).toEqual([]);
      await page.close();
    }
    // The closing note's numbers: agreement with the CLI and the model time per backend.
    console.info(rows.map((r) => `${r.requested} -> ${r.backend}: agreement ${(r.agreement * 100).toFixed(3)}%, model ms ${r.modelMs.map((m) => m.toFixed(1)).join(' / ')}`).join('\n'));
    expect(rows.map((r) => r.backend)).toContain('wasm');
    expect(rows.map((r) => r.backend)).toContain('cpu');
  });

  it('reads a 16-bit PNG as predict does, stretched to its own range, where the browser keeps its high byte', async () => {
    expect(dice(cliMask16, scene.mask)).toBeGreaterThan(0.8);
    const { page, errors } = await openPage(`${server.pageUrl}&backend=cpu`);
    expect(await settled(page)).toMatch(/^Model loaded/);
    await predictImage(page, join(dir, 'car16.png'));
    const mask = await readMaskCanvas(page);
    expect([mask.width, mask.height]).toEqual([IMAGE.width, IMAGE.height]);
    expect(agreement(mask.values, cliMask16)).toBeGreaterThanOrEqual(0.99);
    // What the browser's own decoder makes of the file: the 12-bit frame in 16 bits, near black.
    const png = [...(await readFile(join(dir, 'car16.png')))];
    const highest = await page.evaluate(async (bytes) => {
      const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      context.drawImage(bitmap, 0, 0);
      return Math.max(...context.getImageData(0, 0, bitmap.width, bitmap.height).data.filter((_, i) => i % 4 !== 3));
    }, png);
    expect(highest).toBeLessThan(16);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says what is wrong with each bad input and throws nothing uncaught', async () => {
    const { page, errors } = await openPage(server.url);
    expect(await settled(page)).toMatch(/Load a model/);
    const model = join(dir, 'model');

    expect(await outcome(page, pick(page, 'image-input', [join(dir, 'notes.txt')]))).toMatch(/notes\.txt is not an image this browser can decode.*Pick a PNG, JPEG or WebP image/);
    expect(await outcome(page, pick(page, 'model-input', [join(model, 'model.json')]))).toMatch(
      /model\.json needs weights\.bin, which was not picked: select model\.json and weights\.bin together/,
    );
    expect(await outcome(page, pick(page, 'model-input', [join(dir, 'grey-model', 'model.json'), join(dir, 'grey-model', 'weights.bin')]))).toMatch(
      /expects 1 input channels \(input shape \[null, 32, 32, 1\]\).*RGB images with 3 channels/,
    );
    expect(await outcome(page, pick(page, 'model-input', [join(model, 'model.json'), join(dir, 'grey-model', 'weights.bin')]))).toMatch(
      /weights\.bin: has \d+ bytes but model\.json describes \d+ \(\d+ weights\): they are truncated .* or belong to another model\.json\. Pick the model\.json and weights\.bin saved together/,
    );
    expect(await status(page).getAttribute('data-state')).toBe('error');

    // After all that, the page still works.
    expect(await outcome(page, pick(page, 'model-input', [join(model, 'model.json'), join(model, 'weights.bin')]))).toMatch(/^Model loaded/);
    await predictImage(page, join(dir, 'car.png'));
    // Dropping a file on the page works like picking it.
    const png = (await readFile(join(dir, 'car.png'))).toString('base64');
    const drop = async () => {
      const dataTransfer = await page.evaluateHandle((b64) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'dropped.png', { type: 'image/png' }));
        return transfer;
      }, png);
      await page.dispatchEvent('[data-testid=drop-zone]', 'drop', { dataTransfer });
    };
    expect(await outcome(page, drop)).toBe('ready');
    expect(await page.locator('[data-testid=download-mask]').getAttribute('download')).toBe('dropped_mask.png');
    expect(errors).toEqual([]);
    await page.close();

    const missing = await openPage(`${server.url}?model=nowhere/model.json`);
    expect(await settled(missing.page)).toMatch(/Could not fetch model\.json from http:\/\/127\.0\.0\.1:\d+\/nowhere\/model\.json: HTTP 404/);
    expect(missing.errors).toEqual([]);
    await missing.page.close();
  });
});
