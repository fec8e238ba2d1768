import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sample } from '@maskflow/datasets';
import { makeFixture } from './__tests__/fixtures.js';
import type { Fixture } from './__tests__/fixtures.js';
import { createLoader, LoaderStateError, RingBufferError, SampleError } from './index.js';
import type { LoaderOptions } from './index.js';

const AUGMENT = { hueDelta: 0.1, hflip: true, shift: [0.1, 0.1] as [number, number], rotate: 10, stretch: 0.2 };
let fx: Fixture;

beforeAll(async () => {
  fx = await makeFixture(10, 96, 64);
});
afterAll(async () => {
  await fx.cleanup();
});

interface Collected {
  images: Uint8Array[];
  masks: Uint8Array[];
  indices: number[][];
}

async function collect(options: Partial<LoaderOptions>, epochs: number[] = [0]): Promise<Collected[]> {
  const loader = createLoader({ samples: fx.samples, size: [32, 48], batchSize: 4, seed: 7, ...options });
  try {
    const out: Collected[] = [];
    for (const e of epochs) {
      const c: Collected = { images: [], masks: [], indices: [] };
      for await (const batch of loader.epoch(e)) {
        c.images.push(batch.images.slice());
        c.masks.push(batch.masks.slice());
        c.indices.push(batch.indices);
        batch.release();
      }
      out.push(c);
    }
    return out;
  } finally {
    await loader.close();
  }
}

describe('createLoader', () => {
  it('gives byte-identical batches with 0, 1, 2 and 8 threads for one seed', async () => {
    const [inline] = await collect({ threads: 0, augment: AUGMENT });
    const [one] = await collect({ threads: 1, augment: AUGMENT });
    const [two] = await collect({ threads: 2, augment: AUGMENT, prefetch: 1 });
    const [eight] = await collect({ threads: 8, augment: AUGMENT, batchSize: 4 });
    expect(one).toEqual(inline);
    expect(two).toEqual(inline);
    expect(eight).toEqual(inline);
    expect(inline!.indices.map((b) => b.length)).toEqual([4, 4, 2]); // partial last batch
    expect(inline!.indices.flat().sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect(new Set(inline!.masks.flatMap((m) => [...m]))).toEqual(new Set([0, 1]));
  });

  it('shuffles by (seed, epoch), drops the remainder on request, and keeps order without shuffle', async () => {
    const [e0, e1] = await collect({ threads: 0, dropRemainder: true }, [0, 1]);
    expect(e0!.indices.map((b) => b.length)).toEqual([4, 4]);
    expect(e0!.indices.flat()).not.toEqual(e1!.indices.flat());
    const [plain] = await collect({ threads: 0, shuffle: false });
    expect(plain!.indices.flat()).toEqual([...Array(10).keys()]);
  });

  it('serves later epochs from the memory cache with the same bytes as decoding again', async () => {
    const cached = await collect({ threads: 2, augment: AUGMENT, cache: 'memory' }, [0, 1, 2]);
    const fresh = await collect({ threads: 0, augment: AUGMENT }, [0, 1, 2]);
    expect(cached).toEqual(fresh);
    const loader = createLoader({ samples: fx.samples, size: [32, 48], threads: 0, cache: 'memory' });
    expect(loader.memory.cacheBytes).toBeGreaterThanOrEqual(10 * 32 * 48 * 4);
    for (const e of [0, 1]) for await (const b of loader.epoch(e)) b.release();
    expect(loader.stats().cacheHits).toBe(10);
    expect(loader.stats().cachedSamples).toBe(10);
    expect(loader.stats().masksDecoded).toEqual({ rle: 10, file: 0 });
    await loader.close();
  });

  it("maskSource 'file' (GIF via gifuct-js) and 'auto' (csv RLE) give the same masks", async () => {
    const [rle] = await collect({ threads: 0, augment: AUGMENT, maskSource: 'auto' });
    const [gif] = await collect({ threads: 0, augment: AUGMENT, maskSource: 'file' });
    expect(gif!.masks).toEqual(rle!.masks);
    expect(gif!.images).toEqual(rle!.images);
  });

  it('validation data (augment: false) is the plain resized sample', async () => {
    const [val] = await collect({ threads: 0, shuffle: false, batchSize: 10 });
    const [again] = await collect({ threads: 0, shuffle: false, batchSize: 10, seed: 99 });
    expect(again).toEqual(val);
  });

  it('decoys reach the worker threads: images change, masks do not', async () => {
    const [plain] = await collect({ threads: 2, shuffle: false, batchSize: 10, augment: { hueDelta: 0 } });
    const [decoyed] = await collect({ threads: 2, shuffle: false, batchSize: 10, augment: { hueDelta: 0, decoy: 1 } });
    expect(decoyed!.masks).toEqual(plain!.masks);
    expect(decoyed!.images).not.toEqual(plain!.images);
  });

  it('vertical flips reach the worker threads: each sample as it was or upside down, some of each', async () => {
    const [plain] = await collect({ threads: 2, shuffle: false, batchSize: 10, augment: { hueDelta: 0 } });
    const [flipped] = await collect({ threads: 2, shuffle: false, batchSize: 10, augment: { hueDelta: 0, vflip: true } });
    const [H, W] = [32, 48];
    const rows = (mask: Uint8Array, s: number) => Array.from({ length: H }, (_, y) => Array.from(mask.subarray((s * H + y) * W, (s * H + y + 1) * W)).join(''));
    let upsideDown = 0;
    for (let s = 0; s < 10; s++) {
      const [before, after] = [rows(plain!.masks[0]!, s), rows(flipped!.masks[0]!, s)];
      if (after.join() === before.join()) continue;
      expect(after).toEqual([...before].reverse());
      upsideDown++;
    }
    expect(upsideDown).toBeGreaterThan(0);
    expect(upsideDown).toBeLessThan(10);
  });

  it('blotches reach the worker threads: images change, masks do not', async () => {
    const [plain] = await collect({ threads: 2, shuffle: false, batchSize: 10, augment: { hueDelta: 0 } });
    const [blotched] = await collect({ threads: 2, shuffle: false, batchSize: 10, augment: { hueDelta: 0, blotch: 1 } });
    expect(blotched!.masks).toEqual(plain!.masks);
    expect(blotched!.images).not.toEqual(plain!.images);
  });

  it('windows reach the worker threads: images change, masks do not', async () => {
    const [plain] = await collect({ threads: 2, shuffle: false, batchSize: 10, augment: { hueDelta: 0 } });
    const [windowed] = await collect({ threads: 2, shuffle: false, batchSize: 10, augment: { hueDelta: 0, seeThrough: 1 } });
    expect(windowed!.masks).toEqual(plain!.masks);
    expect(windowed!.images).not.toEqual(plain!.images);
  });

  it('blurs reach the worker threads: images change, masks do not', async () => {
    const [plain] = await collect({ threads: 2, shuffle: false, batchSize: 10, augment: { hueDelta: 0 } });
    const [blurred] = await collect({ threads: 2, shuffle: false, batchSize: 10, augment: { hueDelta: 0, blur: 1 } });
    expect(blurred!.masks).toEqual(plain!.masks);
    expect(blurred!.images).not.toEqual(plain!.images);
  });

  it('pastes objects across each batch: masks only gain pixels, the same bytes on 0 or 2 threads', async () => {
    const [plain] = await collect({ threads: 2, shuffle: false, augment: { hueDelta: 0 } });
    const [pasted] = await collect({ threads: 2, shuffle: false, augment: { hueDelta: 0, paste: 1 } });
    const [inline] = await collect({ threads: 0, shuffle: false, augment: { hueDelta: 0, paste: 1 } });
    expect(inline).toEqual(pasted);
    let gained = 0;
    pasted!.masks.forEach((masks, b) => {
      const before = plain!.masks[b] as Uint8Array;
      for (let p = 0; p < masks.length; p++) {
        expect(masks[p]).toBeGreaterThanOrEqual(before[p] as number);
        gained += (masks[p] as number) - (before[p] as number);
      }
    });
    expect(gained).toBeGreaterThan(0);
    // The last batch of 10 has two samples: each still gets the other's object.
    expect(pasted!.masks[2]).not.toEqual(plain!.masks[2]);
  });

  it('swaps backgrounds across each batch: masks unchanged, images changed, the same bytes on 0 or 2 threads', async () => {
    const [plain] = await collect({ threads: 2, shuffle: false, augment: { hueDelta: 0 } });
    const [swapped] = await collect({ threads: 2, shuffle: false, augment: { hueDelta: 0, swapBackground: 1 } });
    const [inline] = await collect({ threads: 0, shuffle: false, augment: { hueDelta: 0, swapBackground: 1 } });
    expect(inline).toEqual(swapped);
    expect(swapped!.masks).toEqual(plain!.masks);
    expect(swapped!.images).not.toEqual(plain!.images);
    // Pastes and swaps together draw what each draws alone: the pastes of both runs are the same.
    const [pasted] = await collect({ threads: 2, shuffle: false, augment: { hueDelta: 0, paste: 1 } });
    const [both] = await collect({ threads: 2, shuffle: false, augment: { hueDelta: 0, paste: 1, swapBackground: 1 } });
    expect(both!.masks).toEqual(pasted!.masks);
  });

  it('checks options and refuses a cache above its limit, saying how much it needs', () => {
    expect(() => createLoader({ samples: fx.samples, size: [0, 32] })).toThrow(RangeError);
    expect(() => createLoader({ samples: fx.samples, size: [32.5, 32] })).toThrow(/height/);
    expect(() => createLoader({ samples: fx.samples, size: [32, 32], batchSize: 0 })).toThrow(/batchSize/);
    expect(() => createLoader({ samples: 'x' as unknown as Sample[], size: [32, 32] })).toThrow(TypeError);
    expect(() => createLoader({ samples: fx.samples, size: [32, 32], augment: { hueDelta: 0.7 } })).toThrow(/hueDelta/);
    expect(() => createLoader({ samples: fx.samples, size: [32, 32], augment: { contrast: 1.2 } })).toThrow(/augment\.contrast/);
    expect(() => createLoader({ samples: fx.samples, size: [32, 32], augment: { saturation: Number.NaN } })).toThrow(/augment\.saturation/);
    expect(() => createLoader({ samples: fx.samples, size: [32, 32], augment: { blotch: -0.1 } })).toThrow(/augment\.blotch/);
    expect(() => createLoader({ samples: fx.samples, size: [32, 32], augment: { seeThrough: 1.5 } })).toThrow(/augment\.seeThrough/);
    expect(() => createLoader({ samples: fx.samples, size: [32, 32], augment: { blur: -0.1 } })).toThrow(/augment\.blur/);
    expect(() => createLoader({ samples: fx.samples, size: [32, 32], augment: { paste: 2 } })).toThrow(/augment\.paste/);
    expect(() => createLoader({ samples: fx.samples, size: [32, 32], augment: { swapBackground: -1 } })).toThrow(/augment\.swapBackground/);
    expect(() => createLoader({ samples: fx.samples, size: [32, 32], augment: { rotate: 200 } })).toThrow(/augment\.rotate/);
    expect(() => createLoader({ samples: fx.samples, size: [32, 32], augment: { stretch: 0.95 } })).toThrow(/augment\.stretch/);
    expect(() => createLoader({ samples: fx.samples, size: [32, 32], maskSource: 'gif' as 'file' })).toThrow(/maskSource/);
    expect(() => createLoader({ samples: fx.samples, size: [256, 256], cache: 'memory', cacheLimitBytes: 1000 })).toThrow(
      /needs 2\.50 MiB for 10 samples at 256x256.*cacheLimitBytes/,
    );
  });

  it('checks the epoch number when the iteration starts', async () => {
    const loader = createLoader({ samples: fx.samples, size: [8, 8], threads: 0 });
    await expect(loader.epoch(-1).next()).rejects.toThrow(/^Expected an integer >= 0 for epoch but received -1 of type number$/);
    await expect(loader.epoch('1' as unknown as number).next()).rejects.toThrow(TypeError);
    await expect(loader.epoch(1.5).next()).rejects.toThrow(RangeError);
    await loader.close();
  });

  it('reports the number of steps per epoch', () => {
    expect(createLoader({ samples: fx.samples, size: [8, 8], batchSize: 4, threads: 0 }).stepsPerEpoch).toBe(3);
    expect(createLoader({ samples: fx.samples, size: [8, 8], batchSize: 4, threads: 0, dropRemainder: true }).stepsPerEpoch).toBe(2);
  });
});

describe('bad samples', () => {
  let bad: Sample[];
  beforeAll(async () => {
    const truncated = join(fx.dir, 'truncated.jpg');
    await writeFile(truncated, new Uint8Array(2000).fill(0xff, 0, 3).fill(0xd8, 1, 2));
    const garbageMask = join(fx.dir, 'garbage_mask.gif');
    await writeFile(garbageMask, 'GIF89a this is not a gif');
    bad = fx.samples.map((s) => ({ ...s }));
    bad[3] = { ...bad[3]!, imagePath: truncated };
    bad[6] = { ...bad[6]!, rle: undefined, maskPath: garbageMask };
  });

  it("onBadSample 'error' throws naming the file and the cause", async () => {
    const loader = createLoader({ samples: bad, size: [32, 48], batchSize: 4, threads: 1, shuffle: false });
    const delivered: number[] = [];
    const run = async (): Promise<void> => {
      for await (const b of loader.epoch(0)) {
        delivered.push(...b.indices);
        b.release();
      }
    };
    const error = await run().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SampleError);
    expect((error as SampleError).file).toMatch(/truncated\.jpg$/);
    expect((error as Error).message).toMatch(/truncated\.jpg: .+set onBadSample to 'skip'/);
    expect(delivered).toEqual([]);
    await loader.close();
  });

  it("onBadSample 'skip' leaves bad samples out and counts them", async () => {
    const loader = createLoader({ samples: bad, size: [32, 48], batchSize: 4, threads: 2, shuffle: false, onBadSample: 'skip' });
    const batches: number[][] = [];
    for await (const b of loader.epoch(0)) {
      batches.push(b.indices);
      expect(b.images.length).toBe(b.size * 32 * 48 * 3);
      b.release();
    }
    expect(batches).toEqual([[0, 1, 2], [4, 5, 7], [8, 9]]);
    const stats = loader.stats();
    expect(stats.skipped).toBe(2);
    expect(stats.skippedSamples.map((s) => [s.index, s.file.split('/').pop()])).toEqual([[3, 'truncated.jpg'], [6, 'garbage_mask.gif']]);
    await loader.close();
    // The kept samples are exactly what a clean run gives for them.
    const [clean] = await collect({ threads: 0, shuffle: false, batchSize: 10 });
    const sample = 32 * 48 * 3;
    const loader2 = createLoader({ samples: bad, size: [32, 48], batchSize: 4, threads: 0, shuffle: false, onBadSample: 'skip' });
    for await (const b of loader2.epoch(0)) {
      b.indices.forEach((index, p) => {
        expect(b.images.subarray(p * sample, (p + 1) * sample)).toEqual(clean!.images[0]!.subarray(index * sample, (index + 1) * sample));
      });
      b.release();
    }
    await loader2.close();
  });
});

describe('worker failures and lifecycle', () => {
  it('replaces a worker that runs out of memory; the batch completes without the sample or fails naming it', async () => {
    // Parsing a 15 MB RLE of 3 million numbers needs more JS heap than a worker limited to
    // 48 MB has: the worker dies (ERR_WORKER_OUT_OF_MEMORY) on this sample every time, the
    // others are fine. (The heap must grow gradually: one huge allocation past the limit
    // is a fatal process-wide OOM in V8, not a worker exit.)
    const poison = fx.samples.map((s) => ({ ...s }));
    poison[2] = { ...poison[2]!, rle: '1234567 1 '.repeat(1_500_000) };
    const base = { samples: poison, size: [32, 48] as [number, number], batchSize: 4, threads: 1, shuffle: false, workerResourceLimits: { maxOldGenerationSizeMb: 48 } };

    const skip = createLoader({ ...base, onBadSample: 'skip', retries: 1 });
    const got: number[][] = [];
    for await (const b of skip.epoch(0)) {
      got.push(b.indices);
      b.release();
    }
    expect(got).toEqual([[0, 1, 3], [4, 5, 6, 7], [8, 9]]);
    // Once with its batch share, then twice alone (retries: 1).
    expect(skip.stats().workerFailures).toBe(3);
    expect(skip.stats().skippedSamples[0]?.reason).toMatch(/worker died or threw 2 time\(s\) on this sample alone/);
    await skip.close();

    const fail = createLoader({ ...base, onBadSample: 'error', retries: 0 });
    const run = async (): Promise<void> => {
      for await (const b of fail.epoch(0)) b.release();
    };
    await expect(run()).rejects.toThrow(/Sample 2 \(car002_01\) failed: .*car002_01\.jpg: worker died/);
    await fail.close();
  });

  it('close() mid-epoch ends the iteration cleanly; held batches stay readable', async () => {
    const loader = createLoader({ samples: fx.samples, size: [32, 48], batchSize: 2, threads: 2, prefetch: 2 });
    const seen: number[] = [];
    for await (const b of loader.epoch(0)) {
      seen.push(b.size);
      if (seen.length === 2) {
        await loader.close();
        expect(b.images.length).toBe(2 * 32 * 48 * 3);
      }
      b.release();
    }
    expect(seen).toEqual([2, 2]);
    await expect(loader.epoch(1).next()).rejects.toThrow(LoaderStateError);
  });

  it('close() while the consumer waits for a batch ends the iteration', async () => {
    const loader = createLoader({ samples: fx.samples, size: [32, 48], batchSize: 4, threads: 1 });
    const it = loader.epoch(0);
    const pending = it.next();
    await loader.close();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });

  it('break releases the epoch; the next epoch runs; one epoch at a time', async () => {
    const loader = createLoader({ samples: fx.samples, size: [16, 16], batchSize: 2, threads: 0, prefetch: 1 });
    for await (const b of loader.epoch(0)) {
      b.release();
      await expect(loader.epoch(1).next()).rejects.toThrow(LoaderStateError);
      break;
    }
    let n = 0;
    for await (const b of loader.epoch(1)) {
      n += b.size;
      b.release();
    }
    expect(n).toBe(10);
    await loader.close();
  });

  it('release misuse: a second release throws; holding every slot throws instead of hanging', async () => {
    const loader = createLoader({ samples: fx.samples, size: [16, 16], batchSize: 1, threads: 0, prefetch: 1 });
    const held = [];
    const run = async (): Promise<void> => {
      for await (const b of loader.epoch(0)) {
        if (held.length === 0) {
          b.release();
          expect(() => b.release()).toThrow(RingBufferError);
        }
        held.push(b);
      }
    };
    await expect(run()).rejects.toThrow(/release\(\)/);
    await loader.close();
  });
});
