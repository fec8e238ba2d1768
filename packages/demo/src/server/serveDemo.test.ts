import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findModelDir } from './findModelDir.js';
import { serveDemo, type DemoServer } from './serveDemo.js';

let dir: string;
let server: DemoServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'maskflow-serve-'));
  await mkdir(join(dir, 'page', 'tfjs-wasm'), { recursive: true });
  await mkdir(join(dir, 'run', 'best'), { recursive: true });
  await writeFile(join(dir, 'page', 'index.html'), '<!doctype html><title>demo</title>');
  await writeFile(join(dir, 'page', 'tfjs-wasm', 'a.wasm'), new Uint8Array([0, 97, 115, 109]));
  await writeFile(join(dir, 'run', 'best', 'model.json'), '{}');
  await writeFile(join(dir, 'run', 'best', 'weights.bin'), new Uint8Array(8));
  await writeFile(join(dir, 'secret.txt'), 'outside');
  server = await serveDemo({ root: join(dir, 'page'), modelDir: join(dir, 'run', 'best') });
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('serveDemo', () => {
  it('listens on 127.0.0.1 and points the page at the served model', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.pageUrl).toBe(`${server.url}?model=model%2Fmodel.json`);
  });

  it('serves the page, the wasm binaries with their MIME type, and the model files', async () => {
    const page = await fetch(server.url);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<title>demo</title>');
    const wasm = await fetch(`${server.url}tfjs-wasm/a.wasm`);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    const weights = await fetch(`${server.url}model/weights.bin`);
    expect(weights.status).toBe(200);
    expect(weights.headers.get('cache-control')).toBe('no-store');
    expect((await weights.arrayBuffer()).byteLength).toBe(8);
  });

  it('answers 404 for missing files and paths that leave its directories', async () => {
    for (const path of ['nope.js', '..%2Fsecret.txt', 'model/..%2F..%2F..%2Fsecret.txt', 'model/%2e%2e/%2e%2e/%2e%2e/secret.txt']) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
  });
});

describe('findModelDir', () => {
  it('takes a checkpoint directory, or a run directory through its best/', async () => {
    expect(await findModelDir('run/best', dir)).toBe(join(dir, 'run', 'best'));
    expect(await findModelDir('run', dir)).toBe(join(dir, 'run', 'best'));
  });

  it('says what it expected when there is no model.json', async () => {
    await expect(findModelDir('page', dir)).rejects.toThrow(/Expected a model directory with model\.json \(or a run directory with best\/model\.json\) for --model but received "page"/);
  });
});
