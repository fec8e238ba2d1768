import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTree, tempTree } from './__tests__/tempTree.js';
import { encodeMaskGif } from './encodeMaskGif.js';
import type { DatasetProblem } from './errors.js';
import { generateSyntheticCarvana } from './generateSyntheticCarvana.js';
import { loadDataset } from './loadDataset.js';
import { validateDataset } from './validateDataset.js';

const W = 32;
const H = 24;
const roots: string[] = [];
let pristine = '';
let ids: string[] = [];

async function fresh(): Promise<string> {
  const dir = await tempTree();
  roots.push(dir);
  await cp(pristine, dir, { recursive: true });
  return dir;
}
async function scratch(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const dir = await tempTree(files);
  roots.push(dir);
  return dir;
}
const kinds = (problems: DatasetProblem[]): string[] => problems.map((p) => p.kind);
const jpeg = (width = W, height = H): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: '#808080' } }).jpeg().toBuffer();

beforeAll(async () => {
  pristine = await tempTree();
  roots.push(pristine);
  await generateSyntheticCarvana({ outDir: pristine, cars: 2, views: 2, width: W, height: H, seed: 5 });
  ids = (await loadDataset(pristine)).samples.map((s) => s.id);
});
afterAll(async () => {
  await Promise.all(roots.map(removeTree));
});

describe('validateDataset, Carvana layout', () => {
  it('finds nothing wrong with a generated set', async () => {
    const report = await validateDataset(pristine);
    expect(report).toMatchObject({ layout: 'carvana', samples: 4, problems: [] });
  });

  it('reports every problem at once, naming the file and csv line', async () => {
    const dir = await fresh();
    const csv = join(dir, 'train_masks.csv');
    const [a, b, c, d] = ids as [string, string, string, string];
    await rm(join(dir, 'train_masks', `${a}_mask.gif`)); // a keeps its csv row: still has a mask
    await rm(join(dir, 'train_masks', `${b}_mask.gif`)); // b has no csv row below either
    await writeFile(join(dir, 'train_masks', 'ghost_01_mask.gif'), encodeMaskGif(new Uint8Array(W * H), W, H));
    await writeFile(join(dir, 'train_masks', `${c}_mask.gif`), encodeMaskGif(new Uint8Array(4 * 4), 4, 4));
    await writeFile(join(dir, 'train', `${d}.jpg`), 'not a jpeg');
    await writeFile(join(dir, 'train', `${a}.JPEG`), await jpeg());
    const text = `img,rle_mask\n${a}.jpg,1 2 5\n${c}.jpg,1 x\n${d}.jpg,1 2\nunknown_01.jpg,1 1\n../../etc/passwd.jpg,1 1\n/abs_01.jpg,1 1\n${a}.jpg,1 1\nbroken row without comma\n`;
    await writeFile(csv, text);
    const report = await validateDataset(dir);
    const byKind = new Map(report.problems.map((p) => [p.kind, p]));
    expect(report.layout).toBe('carvana');
    expect(kinds(report.problems).sort()).toEqual([
      'csv-bad-row', 'csv-duplicate-row', 'csv-path-escape', 'csv-path-escape', 'csv-unknown-image',
      'duplicate-id', 'image-without-mask', 'malformed-rle', 'malformed-rle', 'mask-size-mismatch',
      'mask-without-image', 'unreadable-file',
    ].sort());
    expect(byKind.get('image-without-mask')!.file).toBe(join(dir, 'train', `${b}.jpg`));
    expect(byKind.get('mask-without-image')!.file).toBe(join(dir, 'train_masks', 'ghost_01_mask.gif'));
    expect(byKind.get('mask-size-mismatch')!.file).toBe(join(dir, 'train_masks', `${c}_mask.gif`));
    expect(byKind.get('unreadable-file')!.file).toBe(join(dir, 'train', `${d}.jpg`));
    expect(byKind.get('duplicate-id')!.file).toBe(join(dir, 'train', `${a}.JPEG`));
    expect(byKind.get('csv-unknown-image')).toMatchObject({ file: csv, line: 5 });
    expect(report.problems.filter((p) => p.kind === 'csv-path-escape').map((p) => p.line)).toEqual([6, 7]);
    expect(byKind.get('csv-duplicate-row')).toMatchObject({ file: csv, line: 8 });
    expect(byKind.get('csv-bad-row')).toMatchObject({ file: csv, line: 9 });
    const rle = report.problems.filter((p) => p.kind === 'malformed-rle');
    expect(rle.map((p) => [p.line, p.rleKind])).toEqual([[2, 'odd-count'], [3, 'not-a-number']]);
    expect(rle[0]!.message).toContain(`${csv}:2`);
  });

  it('names each malformed RLE kind: odd count, outside the image, overlapping runs', async () => {
    const dir = await fresh();
    const [a, b, c, d] = ids as [string, string, string, string];
    const size = W * H;
    await writeFile(join(dir, 'train_masks.csv'), `img,rle_mask\n${a}.jpg,5\n${b}.jpg,${size} 2\n${c}.jpg,0 3\n${d}.jpg,1 5 4 2\n`);
    const report = await validateDataset(dir);
    expect(report.problems.map((p) => [p.kind, p.line, p.rleKind])).toEqual([
      ['malformed-rle', 2, 'odd-count'],
      ['malformed-rle', 3, 'out-of-bounds'],
      ['malformed-rle', 4, 'out-of-bounds'],
      ['malformed-rle', 5, 'overlap'],
    ]);
  });

  it('reports a bad csv header and an unreadable csv', async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'train_masks.csv'), 'image,mask\nx.jpg,1 1\n');
    expect((await validateDataset(dir)).problems.map((p) => [p.kind, p.line])).toEqual([['csv-bad-header', 1]]);
    await rm(join(dir, 'train_masks.csv'));
    await mkdir(join(dir, 'train_masks.csv'));
    expect(kinds((await validateDataset(dir)).problems)).toEqual(['unreadable-file']);
  });

  it('reports a missing, empty, unknown or unlistable directory', async () => {
    const missing = await validateDataset('/nonexistent/maskflow');
    expect(missing).toMatchObject({ layout: undefined, samples: 0 });
    expect(kinds(missing.problems)).toEqual(['unreadable-dir']);
    expect(kinds((await validateDataset(await scratch())).problems)).toEqual(['empty-dir']);
    expect(kinds((await validateDataset(await scratch({ 'notes.txt': 'x' }))).problems)).toEqual(['unknown-layout']);
    for (const inner of ['train', 'train_masks']) {
      const [problem] = (await validateDataset(join(pristine, inner))).problems;
      expect(problem!.message).toBe(`${join(pristine, inner)}: no known layout; it looks like the ${inner}/ folder of a data set: pass the folder above it, ${pristine}`);
    }
    const noImages = await scratch({ 'train/readme.txt': 'x' });
    expect(kinds((await validateDataset(noImages)).problems)).toEqual(['empty-dir']);
    const masksIsFile = await fresh();
    await rm(join(masksIsFile, 'train_masks'), { recursive: true });
    await writeFile(join(masksIsFile, 'train_masks'), 'not a directory');
    const report = await validateDataset(masksIsFile);
    expect(report.problems[0]).toMatchObject({ kind: 'unreadable-dir', file: join(masksIsFile, 'train_masks') });
  });
});

describe('validateDataset, folder layout', () => {
  it('accepts matching images/ and masks/ and reports unmatched files', async () => {
    const mask = await sharp(encodeMaskGif(new Uint8Array(W * H).fill(1, 0, 100), W, H)).png().toBuffer();
    const good = await scratch({ 'images/a.jpg': await jpeg(), 'masks/a.png': mask, 'images/b.png': await jpeg(), 'masks/b_mask.gif': encodeMaskGif(new Uint8Array(W * H), W, H) });
    expect(await validateDataset(good)).toMatchObject({ layout: 'folders', samples: 2, problems: [] });

    const bad = await scratch({ 'images/a.jpg': await jpeg(), 'images/a.png': await jpeg(), 'masks/a.png': mask, 'images/lonely.jpg': await jpeg(), 'masks/orphan.png': mask });
    const report = await validateDataset(bad);
    expect(report.problems.map((p) => [p.kind, p.file.slice(bad.length)])).toEqual([
      ['duplicate-id', '/images/a.png'],
      ['image-without-mask', '/images/lonely.jpg'],
      ['mask-without-image', '/masks/orphan.png'],
    ]);
    const noMasksDir = await scratch({ 'images/a.jpg': await jpeg() });
    expect(kinds((await validateDataset(noMasksDir)).problems)).toEqual(['unreadable-dir', 'image-without-mask']);
  });

  it('accepts TIFF photos and masks, and refuses a stack of pages in one file, naming it', async () => {
    const page = await sharp(await jpeg()).tiff().toBuffer();
    const maskPage = await sharp(encodeMaskGif(new Uint8Array(W * H).fill(1, 0, 100), W, H)).tiff().toBuffer();
    const stack = await sharp([page, page, page], { join: { animated: true } }).tiff().toBuffer();
    const maskStack = await sharp([maskPage, maskPage, maskPage], { join: { animated: true } }).tiff().toBuffer();
    const dir = await scratch({ 'images/cell.tif': page, 'masks/cell.tiff': maskPage, 'images/volume.tif': stack, 'masks/volume.tif': maskStack });
    const { samples, problems } = await validateDataset(dir);
    expect(samples).toBe(2);
    expect(problems.map((p) => [p.kind, p.file.slice(dir.length)])).toEqual([['multi-page', '/images/volume.tif']]);
    expect(problems[0]!.message).toMatch(/the image has 3 pages or frames, and Maskflow reads one picture a file; split it/);
    const maskOnly = await scratch({ 'images/volume.tif': page, 'masks/volume.tif': maskStack });
    expect((await validateDataset(maskOnly)).problems.map((p) => [p.kind, p.message.includes('the mask has 3 pages')])).toEqual([['multi-page', true]]);
    // A GIF mask of two frames is read from its first, as Carvana's masks are: no problem.
    const gif = encodeMaskGif(new Uint8Array(W * H).fill(1, 0, 100), W, H);
    const frame = gif.subarray(gif.indexOf(0x2c, 13), gif.length - 1);
    const twoFrames = Buffer.concat([gif.subarray(0, gif.length - 1), frame, Uint8Array.of(0x3b)]);
    expect((await sharp(twoFrames).metadata()).pages).toBe(2);
    expect((await validateDataset(await scratch({ 'images/a.tif': page, 'masks/a.gif': twoFrames }))).problems).toEqual([]);
  });

  it('notes images whose EXIF orientation mirrors or turns them without changing their size', async () => {
    const mask = encodeMaskGif(new Uint8Array(W * H), W, H);
    const upsideDown = await sharp(await jpeg()).withMetadata({ orientation: 3 }).jpeg().toBuffer();
    const squareTurned = await sharp(await jpeg(H, H)).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    // Orientation 6 on a 32x24 photo whose mask is 32x24: the mask was drawn on the stored pixels.
    const storedTurned = await sharp(await jpeg()).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const dir = await scratch({
      'images/a.jpg': upsideDown, 'masks/a.gif': mask,
      'images/b.jpg': squareTurned, 'masks/b.gif': encodeMaskGif(new Uint8Array(H * H), H, H),
      'images/c.jpg': storedTurned, 'masks/c.gif': mask,
      'images/d.jpg': await jpeg(), 'masks/d.gif': mask,
    });
    const report = await validateDataset(dir);
    expect(report.problems).toEqual([]);
    expect(report.notes).toEqual([expect.stringMatching(/^2 image\(s\) \(first .*images\/a\.jpg\) carry an EXIF orientation that mirrors or turns them when shown; .*save the images upright/)]);
    expect((await validateDataset(pristine)).notes).toEqual([]);
  });

  it('says when a mask matches its image only as shown, turned by EXIF orientation', async () => {
    // A phone photo stored 32x24 with orientation 6 shows as 24x32; its mask was drawn on that.
    const turned = await sharp(await jpeg()).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const shownMask = encodeMaskGif(new Uint8Array(H * W), H, W);
    const dir = await scratch({ 'images/phone.jpg': turned, 'masks/phone.gif': shownMask, 'images/odd.jpg': await jpeg(), 'masks/odd.gif': shownMask });
    const { problems } = await validateDataset(dir);
    expect(kinds(problems)).toEqual(['mask-size-mismatch', 'mask-size-mismatch']);
    const phone = problems.find((p) => p.file === join(dir, 'masks', 'phone.gif'));
    const odd = problems.find((p) => p.file === join(dir, 'masks', 'odd.gif'));
    expect(phone!.message).toContain(`mask is ${H}x${W} but its image is ${W}x${H} as stored, turned to ${H}x${W} when shown by its EXIF orientation 6`);
    expect(phone!.message).toContain('save the images upright');
    expect(odd!.message).toContain('masks must match their image');
  });

  it("reads a mask of another size in its image's proportions, with a note", async () => {
    const half = encodeMaskGif(new Uint8Array((W / 2) * (H / 2)), W / 2, H / 2);
    const dir = await scratch({ 'images/a.jpg': await jpeg(), 'masks/a.gif': half, 'images/b.jpg': await jpeg(), 'masks/b.gif': encodeMaskGif(new Uint8Array(W * H), W, H) });
    const report = await validateDataset(dir);
    expect(report.problems).toEqual([]);
    expect(report.notes).toEqual([`1 mask(s) (first ${join(dir, 'masks', 'a.gif')} (16x12 for 32x24)) are of another size than their images, in the same proportions: they are resized with them by majority vote`]);
  });
});
