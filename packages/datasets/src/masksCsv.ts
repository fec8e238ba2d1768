import { DatasetProblem } from './errors.js';

/** One data row of `train_masks.csv`: its 1-based line number, image name and RLE. */
export interface MasksCsvRow {
  line: number;
  img: string;
  rle: string;
}

/**
 * Parse a Carvana `train_masks.csv` (header `img,rle_mask`). Bad header or rows become
 * problems naming `file` and the line; good rows are returned in file order.
 */
export function parseMasksCsv(text: string, file: string, problems: DatasetProblem[]): MasksCsvRow[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').replace(/^\uFEFF/, '').trim();
  if (header !== 'img,rle_mask') {
    problems.push(new DatasetProblem('csv-bad-header', file, `header is ${JSON.stringify(header)}; expected "img,rle_mask"`, 1));
    return [];
  }
  const rows: MasksCsvRow[] = [];
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (index === 0 || line === '') return;
    const comma = line.indexOf(',');
    if (comma <= 0 || line.indexOf(',', comma + 1) !== -1) {
      problems.push(new DatasetProblem('csv-bad-row', file, `row ${JSON.stringify(line.slice(0, 60))} is not "img,rle_mask" (two fields)`, index + 1));
      return;
    }
    rows.push({ line: index + 1, img: line.slice(0, comma).trim(), rle: line.slice(comma + 1).trim() });
  });
  return rows;
}
