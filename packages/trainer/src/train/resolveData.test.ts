import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../__tests__/fixtures.js';
import { resolveData } from './resolveData.js';

describe('resolveData', () => {
  it('uses --data relative to cwd', async () => {
    const cwd = tempDir();
    expect(await resolveData({ data: 'mine', cwd, syntheticCars: 2 })).toEqual({ dir: join(cwd, 'mine'), synthetic: undefined });
  });

  it('generates data/synthetic once in Carvana format, reuses it, and prefers data/carvana', async () => {
    const cwd = tempDir();
    const announced: number[] = [];
    const first = await resolveData({ data: undefined, cwd, syntheticCars: 2, onGenerate: (cars) => announced.push(cars) });
    expect(first).toMatchObject({ dir: join(cwd, 'data', 'synthetic'), synthetic: { generated: true, cars: 2 } });
    expect(announced).toEqual([2]);
    expect(readdirSync(join(first.dir, 'train'))).toHaveLength(32);
    expect(existsSync(join(first.dir, 'train_masks.csv'))).toBe(true);
    expect(readdirSync(join(cwd, 'data')).sort()).toEqual(['synthetic']);
    const again = await resolveData({ data: undefined, cwd, syntheticCars: 2, onGenerate: (cars) => announced.push(cars) });
    expect(again.synthetic).toMatchObject({ generated: false, cars: 2 });
    expect(announced).toEqual([2]);
    mkdirSync(join(cwd, 'data', 'carvana'));
    expect(await resolveData({ data: undefined, cwd, syntheticCars: 2 })).toEqual({ dir: join(cwd, 'data', 'carvana'), synthetic: undefined });
  });
});
