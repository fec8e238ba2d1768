import type { Sample } from '@maskflow/datasets';
import { describe, expect, it } from 'vitest';
import { oneImageGroupsNote } from './splitNote.js';

const samples = (ids: string[], group: (id: string) => string): Sample[] => ids.map((id) => ({ id, group: group(id), imagePath: `${id}.jpg` }));
const views = ['a1b2_01', 'a1b2_02', 'a1b2_03', 'c3d4_01', 'c3d4_02', 'c3d4_03'];

describe('oneImageGroupsNote', () => {
  it('says when a split by car finds no car in names that hold one', () => {
    // Pytorch-UNet's layout: Carvana's files flat in imgs/, each its own group.
    expect(oneImageGroupsNote(samples(views, (id) => id), 'car', 'folders')).toMatch(/^note: --split car groups a folder layout by subfolder, and these 6 images .* look like 2 objects' views/);
    expect(oneImageGroupsNote(samples(['car-1', 'car-2', 'car-3', 'car-4'], (id) => id), 'car', 'carvana')).toMatch(/no two views of one car \(ids without a _<NN> view number\)/);
  });

  it('stays quiet when cars were found, names show one object each, or the split is by image', () => {
    expect(oneImageGroupsNote(samples(views, (id) => id.slice(0, 4)), 'car', 'carvana')).toBeUndefined();
    expect(oneImageGroupsNote(samples(['ISIC_0001', 'ISIC_0002', 'ISIC_0003', 'ISIC_0004'], (id) => id), 'car', 'folders')).toBeUndefined();
    // Oxford-IIIT Pet: a breed's many animals (Abyssinian_1 ... _200), not one animal's views.
    const pets = ['Abyssinian', 'Bombay'].flatMap((breed) => Array.from({ length: 40 }, (_, i) => `${breed}_${i + 1}`));
    expect(oneImageGroupsNote(samples(pets, (id) => id), 'car', 'folders')).toBeUndefined();
    expect(oneImageGroupsNote(samples(views, (id) => id), 'image', 'folders')).toBeUndefined();
  });
});
