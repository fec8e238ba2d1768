import { describe, expect, it } from 'vitest';
import type { DatasetProblem } from './errors.js';
import { parseMasksCsv } from './masksCsv.js';

const parse = (text: string) => {
  const problems: DatasetProblem[] = [];
  const rows = parseMasksCsv(text, 'masks.csv', problems);
  return { rows: rows.map((r) => [r.line, r.img, r.rle]), problems: problems.map((p) => [p.kind, p.line]) };
};

describe('parseMasksCsv', () => {
  it("reads Kaggle's csv, with a byte-order mark and Windows line ends", () => {
    expect(parse('\uFEFFimg,rle_mask\r\na_01.jpg,1 2 5 3\r\nb_01.jpg,\r\n')).toEqual({ rows: [[2, 'a_01.jpg', '1 2 5 3'], [3, 'b_01.jpg', '']], problems: [] });
  });

  it('reads a pandas csv written with its index column, or with quoted fields, or columns swapped', () => {
    expect(parse(',img,rle_mask\n0,a_01.jpg,1 2\n1,b_01.jpg,3 4\n').rows).toEqual([[2, 'a_01.jpg', '1 2'], [3, 'b_01.jpg', '3 4']]);
    expect(parse('"img","rle_mask"\n"a_01.jpg","1 2"\n').rows).toEqual([[2, 'a_01.jpg', '1 2']]);
    expect(parse('rle_mask,img\n1 2,a_01.jpg\n').rows).toEqual([[2, 'a_01.jpg', '1 2']]);
  });

  it('names a header without img and rle_mask, and rows with the wrong number of fields', () => {
    expect(parse('image,mask\na.jpg,1 2\n')).toEqual({ rows: [], problems: [['csv-bad-header', 1]] });
    // Airbus' and Severstal's header: its runs go down the columns, so a rename would transpose every mask.
    const airbus: DatasetProblem[] = [];
    parseMasksCsv('ImageId,EncodedPixels\na.jpg,1 2\n', 'masks.csv', airbus);
    expect(airbus.map((p) => p.message)).toEqual([expect.stringMatching(/counts pixels down each column, and Carvana's rle_mask along each row, so renaming the columns is not enough/)]);
    expect(parse('img,rle_mask\na_01.jpg,1 2,extra\nno comma here\n,1 2\nb_01.jpg,3 4\n')).toEqual({
      rows: [[5, 'b_01.jpg', '3 4']],
      problems: [['csv-bad-row', 2], ['csv-bad-row', 3], ['csv-bad-row', 4]],
    });
  });
});
