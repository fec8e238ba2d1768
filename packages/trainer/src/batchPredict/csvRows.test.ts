import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../__tests__/fixtures.js';
import { copyRows, scanCsv } from './csvRows.js';
import { renderPredictProgress } from './predictProgressLine.js';
import { sortCsv } from './sortCsv.js';

/** Rows of every length around the 1 MiB read chunk, one longer than a chunk. */
function bigRows(): string[] {
  const rows: string[] = [];
  for (let i = 0; i < 60; i++) {
    const runs = i === 17 ? 200_000 : 1 + ((i * 7919) % 9000);
    rows.push(`car_${String(59 - i).padStart(2, '0')}.jpg,${Array.from({ length: runs }, (_, r) => `${r * 3 + 1} 2`).join(' ')}\n`);
  }
  return rows;
}

describe('scanCsv', () => {
  it('indexes rows across read chunks, and reports a row cut by a kill without indexing it', async () => {
    const rows = bigRows();
    const path = join(tempDir(), 'big.csv');
    const whole = `img,rle_mask\n${rows.join('')}`;
    writeFileSync(path, `${whole}car_99.jpg,1 2 5`);
    const index = await scanCsv(path);
    expect(index.rows.map((r) => r.img)).toEqual(rows.map((r) => r.split(',')[0]));
    expect(index.completeBytes).toBe(Buffer.byteLength(whole));
    expect(index.totalBytes - index.completeBytes).toBe('car_99.jpg,1 2 5'.length);
    const bytes = readFileSync(path);
    for (const [i, row] of index.rows.entries()) expect(bytes.subarray(row.offset, row.offset + row.length).toString()).toBe(rows[i]);
    let copied = '';
    await copyRows([{ path, row: index.rows[17]! }], (b) => (copied += b.toString()));
    expect(copied).toBe(rows[17]);
  });

  it('sorts in place by image name, dropping a cut row', async () => {
    const rows = bigRows();
    const path = join(tempDir(), 'sort.csv');
    writeFileSync(path, `img,rle_mask\n${rows.join('')}car_99.jpg,1`);
    await sortCsv(path);
    expect(readFileSync(path, 'utf8')).toBe(`img,rle_mask\n${[...rows].sort().join('')}`);
  });

  it('refuses a file that is not a submission csv, naming it', async () => {
    const path = join(tempDir(), 'other.csv');
    writeFileSync(path, 'id,mask\na,1 2\n');
    await expect(scanCsv(path)).rejects.toThrow(/other\.csv: starts with "id,mask" instead of the header "img,rle_mask"/);
  });
});

describe('renderPredictProgress', () => {
  it('shows count, bar, ETA, images/s, skipped and resumed rows as Keras does', () => {
    const line = renderPredictProgress({ done: 30, total: 120, resumed: 7, skipped: 2, elapsedMs: 3000, imagesPerSecond: 10, etaSeconds: 9 });
    expect(line).toBe(' 30/120 [======>.......................] - ETA: 9s - 10.0 images/s - skipped: 2 - resumed after 7');
    expect(renderPredictProgress({ done: 5, total: 5, resumed: 0, skipped: 0, elapsedMs: 65_000, imagesPerSecond: 0.1, etaSeconds: 0 })).toBe('5/5 [==============================] - 1:05 - 0.1 images/s');
  });
});
