import { DatasetProblem } from './errors.js';

/** One data row of `train_masks.csv`: its 1-based line number, image name and RLE. */
export interface MasksCsvRow {
  line: number;
  img: string;
  rle: string;
}

/** A field without the spaces and the double quotes a csv writer may put around it. */
function field(raw: string): string {
  const trimmed = raw.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).trim() : trimmed;
}

/**
 * Parse a Carvana `train_masks.csv` (header `img,rle_mask`). The two columns are found by name,
 * so a csv written by `pandas.DataFrame.to_csv` without `index=False` (a leading index column)
 * or with quoted fields reads too; fields never hold commas (RLE is space-separated). Bad header
 * or rows become problems naming `file` and the line; good rows are returned in file order.
 */
export function parseMasksCsv(text: string, file: string, problems: DatasetProblem[]): MasksCsvRow[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').replace(/^\uFEFF/, '').trim();
  const columns = header.split(',').map(field);
  const img = columns.indexOf('img');
  const rle = columns.indexOf('rle_mask');
  if (img < 0 || rle < 0) {
    // EncodedPixels (Airbus, Severstal, TGS Salt) counts pixels top to bottom, column by column;
    // Carvana's rle_mask counts them row by row. Read as Carvana's, such runs come out transposed.
    const columnMajor = columns.some((c) => c.toLowerCase() === 'encodedpixels')
      ? '; EncodedPixels (Airbus, Severstal, TGS Salt) counts pixels down each column, and Carvana\'s rle_mask along each row, so renaming the columns is not enough: convert the runs, or write the masks as image files'
      : '';
    problems.push(new DatasetProblem('csv-bad-header', file, `header is ${JSON.stringify(header)}; expected "img,rle_mask" (when the masks are files, rename or remove the csv)${columnMajor}`, 1));
    return [];
  }
  const rows: MasksCsvRow[] = [];
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (index === 0 || line === '') return;
    const fields = line.split(',').map(field);
    if (fields.length !== columns.length || fields[img] === '') {
      problems.push(new DatasetProblem('csv-bad-row', file, `row ${JSON.stringify(line.slice(0, 60))} does not have the header's ${columns.length} fields (${columns.join(',')})`, index + 1));
      return;
    }
    rows.push({ line: index + 1, img: fields[img] as string, rle: fields[rle] as string });
  });
  return rows;
}
