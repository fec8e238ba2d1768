import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTree, tempTree } from './__tests__/tempTree.js';
import { DatasetError } from './errors.js';
import { loadDataset } from './loadDataset.js';
import { splitDataset } from './splitDataset.js';
import { validateDataset } from './validateDataset.js';

const roots: string[] = [];
async function tree(files: Record<string, string>): Promise<string> {
  const root = await tempTree(files);
  roots.push(root);
  return root;
}
afterEach(async () => {
  await Promise.all(roots.splice(0).map(removeTree));
});

describe('loadDataset, Carvana layout', () => {
  it('lists train/*.jpg sorted, with masks, csv RLE and the car as group', async () => {
    const root = await tree({
      'train/car2_01.jpg': 'x',
      'train/car1_02.jpg': 'x',
      'train/car1_01.jpg': 'x',
      'train_masks/car1_01_mask.gif': 'x',
      'train_masks/car1_02_mask.gif': 'x',
      'train_masks/car2_01_mask.gif': 'x',
      'train_masks.csv': 'img,rle_mask\ncar1_01.jpg,1 2\ncar2_01.jpg,3 4\n',
      'test/other_01.jpg': 'ignored',
      'train_hq/car1_01.jpg': 'ignored',
    });
    const data = await loadDataset(root);
    expect(data.layout).toBe('carvana');
    expect(data.root).toBe(root);
    expect(data.samples).toEqual([
      { id: 'car1_01', group: 'car1', imagePath: join(root, 'train/car1_01.jpg'), maskPath: join(root, 'train_masks/car1_01_mask.gif'), rle: '1 2' },
      { id: 'car1_02', group: 'car1', imagePath: join(root, 'train/car1_02.jpg'), maskPath: join(root, 'train_masks/car1_02_mask.gif') },
      { id: 'car2_01', group: 'car2', imagePath: join(root, 'train/car2_01.jpg'), maskPath: join(root, 'train_masks/car2_01_mask.gif'), rle: '3 4' },
    ]);
  });

  it('works from the csv alone when train_masks/ is absent', async () => {
    const root = await tree({ 'train/a_01.jpg': 'x', 'train_masks.csv': 'img,rle_mask\na_01.jpg,1 1\n' });
    const { samples } = await loadDataset(root);
    expect(samples).toEqual([{ id: 'a_01', group: 'a', imagePath: join(root, 'train/a_01.jpg'), rle: '1 1' }]);
  });
});

describe('loadDataset, Carvana layout made by others', () => {
  it('takes PNG, WebP and TIFF photos and PNG, JPEG, WebP or TIFF masks, and names a second mask of one image', async () => {
    const root = await tree({
      'train/car1_01.png': 'x',
      'train/car1_02.webp': 'x',
      'train/car1_03.tif': 'x',
      'train/car2_01.jpg': 'x',
      'train_masks/car1_01_mask.png': 'x',
      'train_masks/car1_02_mask.JPG': 'x',
      'train_masks/car1_03_mask.tiff': 'x',
      'train_masks/car2_01_mask.gif': 'x',
      'train_masks/car2_01_mask.png': 'x',
    });
    const { samples } = await loadDataset(root);
    expect(samples.map((s) => [s.id, s.group, s.imagePath.slice(root.length), s.maskPath?.slice(root.length)])).toEqual([
      ['car1_01', 'car1', '/train/car1_01.png', '/train_masks/car1_01_mask.png'],
      ['car1_02', 'car1', '/train/car1_02.webp', '/train_masks/car1_02_mask.JPG'],
      ['car1_03', 'car1', '/train/car1_03.tif', '/train_masks/car1_03_mask.tiff'],
      ['car2_01', 'car2', '/train/car2_01.jpg', '/train_masks/car2_01_mask.gif'],
    ]);
    const report = await validateDataset(root);
    expect(report.problems.map((p) => [p.kind, p.file.slice(root.length)])).toContainEqual(['duplicate-id', '/train_masks/car2_01_mask.png']);
  });

  it('reads a masks/ folder beside train/ when there is no train_masks/, and points train/images/ to the folder layout', async () => {
    const root = await tree({ 'train/car1_01.jpg': 'x', 'masks/car1_01.png': 'x', 'train/car1_02.jpg': 'x' });
    expect((await loadDataset(root)).samples.map((s) => s.maskPath?.slice(root.length))).toEqual(['/masks/car1_01.png', undefined]);
    const report = await validateDataset(root);
    expect(report.problems.filter((p) => p.kind === 'image-without-mask').map((p) => p.message)).toEqual([`${join(root, 'train', 'car1_02.jpg')}: no mask masks/car1_02_mask.gif (or .png, or car1_02.png) and no train_masks.csv row; add one`]);
    const nested = await tree({ 'train/images/a.jpg': 'x', 'train/masks/a.png': 'x' });
    expect((await validateDataset(nested)).problems.map((p) => p.message)).toEqual([
      `${join(nested, 'train')}: no images found; expected train/<car>_<NN>.jpg (or .png, .webp); train/ holds images/, the folder layout: pass --data ${join(nested, 'train')}`,
    ]);
  });

  it('takes masks in train_masks/ named as their images, after any <id>_mask file', async () => {
    const root = await tree({
      'train/car1_01.jpg': 'x',
      'train/car1_02.jpg': 'x',
      'train_masks/car1_01.png': 'x',
      'train_masks/car1_02.gif': 'x',
      'train_masks/car1_02_mask.png': 'x',
    });
    const { samples } = await loadDataset(root);
    expect(samples.map((s) => s.maskPath?.slice(root.length))).toEqual(['/train_masks/car1_01.png', '/train_masks/car1_02_mask.png']);
    const report = await validateDataset(root);
    expect(report.problems.map((p) => [p.kind, p.file.slice(root.length)])).toContainEqual(['duplicate-id', '/train_masks/car1_02.gif']);
  });

  it("reads masks kept beside their images in train/, as Kaggle's Ultrasound Nerve Segmentation set, grouped by subject", async () => {
    const root = await tree({
      'train/1_1.tif': 'x',
      'train/1_1_mask.tif': 'x',
      'train/1_2.tif': 'x',
      'train/1_2_mask.tif': 'x',
      'train/2_1.tif': 'x',
      'train/2_1_mask.tif': 'x',
      'train/3_1.tif': 'x',
      'train_masks/2_1_mask.tif': 'x',
    });
    const { samples } = await loadDataset(root);
    expect(samples.map((s) => [s.id, s.group, s.imagePath.slice(root.length), s.maskPath?.slice(root.length)])).toEqual([
      ['1_1', '1', '/train/1_1.tif', '/train/1_1_mask.tif'],
      ['1_2', '1', '/train/1_2.tif', '/train/1_2_mask.tif'],
      ['2_1', '2', '/train/2_1.tif', '/train_masks/2_1_mask.tif'],
      ['3_1', '3', '/train/3_1.tif', undefined],
    ]);
    const report = await validateDataset(root);
    expect(report.problems.filter((p) => p.kind !== 'unreadable-file').map((p) => [p.kind, p.file.slice(root.length)])).toEqual([
      ['duplicate-id', '/train/2_1_mask.tif'],
      ['image-without-mask', '/train/3_1.tif'],
    ]);
  });

  it('matches csv rows to PNG photos by their file name', async () => {
    const root = await tree({ 'train/car1_01.png': 'x', 'train_masks.csv': 'img,rle_mask\ncar1_01.png,1 2\n' });
    expect((await loadDataset(root)).samples).toMatchObject([{ id: 'car1_01', rle: '1 2' }]);
  });
});

describe('loadDataset, folder layout', () => {
  it('matches images/ and masks/ by stem across extensions; each sample directly in images/ is its own group', async () => {
    const root = await tree({
      'images/b.png': 'x',
      'images/a.jpg': 'x',
      'images/c.webp': 'x',
      'images/d.TIF': 'x',
      'images/e.gif': 'x',
      'images/notes.txt': 'skipped',
      'masks/a.png': 'x',
      'masks/b_mask.gif': 'x',
      'masks/c.png': 'x',
      'masks/d_mask.tiff': 'x',
      'masks/e.tif': 'x',
    });
    const data = await loadDataset(root);
    expect(data.layout).toBe('folders');
    expect(data.samples.map((s) => [s.id, s.group, s.maskPath?.slice(root.length)])).toEqual([
      ['a', 'a', '/masks/a.png'],
      ['b', 'b', '/masks/b_mask.gif'],
      ['c', 'c', '/masks/c.png'],
      ['d', 'd', '/masks/d_mask.tiff'],
      ['e', 'e', '/masks/e.tif'],
    ]);
  });

  it('reads subfolders, each the group of the images in it, so a split by group keeps them together', async () => {
    const root = await tree({
      'images/clip2/0001.jpg': 'x',
      'images/clip1/0001.jpg': 'x',
      'images/clip1/0002.jpg': 'x',
      'images/clip1/deeper/0003.jpg': 'x',
      'images/loose.jpg': 'x',
      'images/.cache/0001.jpg': 'hidden',
      'masks/clip1/0001.png': 'x',
      'masks/clip1/0002_mask.png': 'x',
      'masks/clip1/deeper/0003.png': 'x',
      'masks/clip2/0001.png': 'x',
      'masks/loose.png': 'x',
    });
    const { samples } = await loadDataset(root);
    expect(samples.map((s) => [s.id, s.group, s.maskPath?.slice(root.length)])).toEqual([
      ['clip1/0001', 'clip1', '/masks/clip1/0001.png'],
      ['clip1/0002', 'clip1', '/masks/clip1/0002_mask.png'],
      ['clip1/deeper/0003', 'clip1', '/masks/clip1/deeper/0003.png'],
      ['clip2/0001', 'clip2', '/masks/clip2/0001.png'],
      ['loose', 'loose', '/masks/loose.png'],
    ]);
    const { train, val } = splitDataset(samples, { by: 'group', fold: { index: 0, count: 3 } });
    for (const side of [train, val]) {
      const groups = new Set(side.map((s) => s.group));
      expect(samples.filter((s) => groups.has(s.group))).toEqual(expect.arrayContaining(side));
      expect(side.length).toBe(samples.filter((s) => groups.has(s.group)).length);
    }
  });

  it("pairs masks named with ISIC's and other common suffixes, the image's own stem first", async () => {
    const root = await tree({
      'images/ISIC_0000000.jpg': 'x',
      'images/ISIC_0000001.jpg': 'x',
      'images/scan7/slice02.tif': 'x',
      'images/both.jpg': 'x',
      'images/lone.jpg': 'x',
      'masks/ISIC_0000000_segmentation.png': 'x',
      'masks/ISIC_0000001_Segmentation.png': 'x',
      'masks/scan7/slice02-gt.tif': 'x',
      'masks/both.png': 'x',
      'masks/both_label.png': 'x',
      'masks/lone_mask_v2.png': 'x',
    });
    const { samples } = await loadDataset(root);
    expect(samples.map((s) => [s.id, s.maskPath?.slice(root.length)])).toEqual([
      ['ISIC_0000000', '/masks/ISIC_0000000_segmentation.png'],
      ['ISIC_0000001', '/masks/ISIC_0000001_Segmentation.png'],
      ['both', '/masks/both.png'],
      ['lone', undefined],
      ['scan7/slice02', '/masks/scan7/slice02-gt.tif'],
    ]);
    const report = await validateDataset(root); // the files are not images: only the pairing is the point
    expect(report.problems.filter((p) => p.kind !== 'unreadable-file').map((p) => [p.kind, p.file.slice(root.length)])).toEqual([
      ['image-without-mask', '/images/lone.jpg'],
      ['duplicate-id', '/masks/both_label.png'],
      ['mask-without-image', '/masks/lone_mask_v2.png'],
    ]);
    expect(report.problems.find((p) => p.kind === 'duplicate-id')!.message).toContain(`${join(root, 'masks', 'both.png')} is already the mask of images/both; keep one of them`);
  });

  it("reads Oxford-IIIT Pet's images/ + annotations/trimaps/, beside annotations/xmls/ and its lists", async () => {
    const root = await tree({
      'images/Abyssinian_1.jpg': 'x',
      'images/Bombay_2.jpg': 'x',
      'annotations/trimaps/Abyssinian_1.png': 'x',
      'annotations/trimaps/Bombay_2.png': 'x',
      'annotations/xmls/Abyssinian_1.xml': 'x',
      'annotations/list.txt': 'x',
    });
    expect((await loadDataset(root)).samples.map((s) => [s.id, s.maskPath?.slice(root.length)])).toEqual([
      ['Abyssinian_1', '/annotations/trimaps/Abyssinian_1.png'],
      ['Bombay_2', '/annotations/trimaps/Bombay_2.png'],
    ]);
    // A set grouped in one subfolder on both sides stays as it is.
    const grouped = await tree({ 'images/clip1/a.jpg': 'x', 'masks/clip1/a.png': 'x' });
    expect((await loadDataset(grouped)).samples.map((s) => [s.id, s.group, s.maskPath?.slice(grouped.length)])).toEqual([['clip1/a', 'clip1', '/masks/clip1/a.png']]);
  });

  it('reads Images/ and Masks/ in any case, naming them as spelt', async () => {
    const root = await tree({ 'Images/a.jpg': 'x', 'Masks/a.png': 'x', 'Images/b.jpg': 'x' });
    expect((await loadDataset(root)).samples.map((s) => [s.imagePath.slice(root.length), s.maskPath?.slice(root.length)])).toEqual([
      ['/Images/a.jpg', '/Masks/a.png'],
      ['/Images/b.jpg', undefined],
    ]);
  });

  it("reads Pytorch-UNet's imgs/ + masks/ and other usual folder names, naming them in messages", async () => {
    const unet = await tree({ 'imgs/car1_01.jpg': 'x', 'masks/car1_01_mask.gif': 'x' });
    expect(await loadDataset(unet)).toMatchObject({ layout: 'folders', samples: [{ id: 'car1_01', imagePath: join(unet, 'imgs', 'car1_01.jpg'), maskPath: join(unet, 'masks', 'car1_01_mask.gif') }] });
    const other = await tree({ 'img/a.png': 'x', 'labels/a.png': 'x', 'img/b.png': 'x', 'labels/c.png': 'x' });
    expect((await loadDataset(other)).samples.map((s) => [s.id, s.maskPath?.slice(other.length)])).toEqual([['a', '/labels/a.png'], ['b', undefined]]);
    const report = await validateDataset(other);
    expect(report.problems.filter((p) => p.kind !== 'unreadable-file').map((p) => p.message.slice(p.file.length))).toEqual([
      ': no mask labels/b.<ext> for this image; add one',
      ': no image img/c.<ext> for this mask; add the image or remove the mask',
    ]);
  });

  it('names a mask whose subfolder does not match its image', async () => {
    const root = await tree({ 'images/clip1/0001.jpg': 'x', 'masks/clip2/0001.png': 'x' });
    const report = await validateDataset(root); // the files are not images either: not the point here
    expect(report.problems.filter((p) => p.kind !== 'unreadable-file').map((p) => [p.kind, p.message.slice(p.file.length)])).toEqual([
      ['image-without-mask', ': no mask masks/clip1/0001.<ext> for this image; add one'],
      ['mask-without-image', ': no image images/clip2/0001.<ext> for this mask; add the image or remove the mask'],
    ]);
  });
});

describe('loadDataset errors', () => {
  it('throws DatasetError for a missing, empty or unknown directory', async () => {
    await expect(loadDataset('/nonexistent/maskflow')).rejects.toThrow(/does not exist/);
    const empty = await tree({});
    await expect(loadDataset(empty)).rejects.toBeInstanceOf(DatasetError);
    const unknown = await tree({ 'readme.txt': 'x' });
    await expect(loadDataset(unknown)).rejects.toThrow(/no known layout/);
    // Only folders, of names no layout uses: not "empty", and named.
    const folders = await tree({ 'photos/a.jpg': 'x', 'segs/a.png': 'x' });
    await expect(loadDataset(folders)).rejects.toThrow(/no known layout; expected train\/ \+ train_masks\/ \(Carvana\) or images\/ \+ masks\/ \(it holds photos\/, segs\/\)/);
    const noImages = await tree({});
    await mkdir(join(noImages, 'train'));
    await expect(loadDataset(noImages)).rejects.toThrow(/no images found/);
    await expect(loadDataset(3 as unknown as string)).rejects.toThrow(TypeError);
  });
});
