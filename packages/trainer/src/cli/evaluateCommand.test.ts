import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tinyCarvana, tinyTrainFlags } from '../__tests__/fixtures.js';
import { runCliCaptured as run } from '../__tests__/runCliCaptured.js';
import { formatFullSize } from './evaluateCommand.js';

describe('maskflow evaluate', () => {
  let out: string;
  beforeAll(async () => {
    const data = await tinyCarvana(3, 2);
    out = join(tempDir(), 'run');
    const r = await run(['train', ...tinyTrainFlags(data, out, 1), '--max-steps', '1']);
    expect(r.code, r.err).toBe(0);
  });

  it("prints the score at the model's size, and with --full-size at each image's own size per car", async () => {
    const plain = await run(['evaluate', '--model', out, '--threads', '1']);
    expect(plain.code, plain.err).toBe(0);
    expect(plain.out).toMatch(/on 2 validation samples of .*:\n {2}dice \d\.\d{4} {2}mean IoU \d\.\d{4} {2}Kaggle image dice \d\.\d{4}\n$/);
    const full = await run(['evaluate', '--model', out, '--threads', '1', '--full-size']);
    expect(full.code, full.err).toBe(0);
    expect(full.out).toMatch(/\n {2}at each image's own size \(guided upsampling\): Kaggle image dice \d\.\d{4}\n {2}by group \(images\), worst first: [0-9a-f]{12} \d\.\d{4} \(2\)\n$/);
    const json = await run(['evaluate', '--model', out, '--threads', '1', '--full-size', '--upsample', 'bilinear', '--json']);
    const result = JSON.parse(json.out) as { imageDice: number; fullSize: { imageDice: number; upsample: string; byGroup: { images: number }[] } };
    expect(result.fullSize.byGroup.map((g) => g.images)).toEqual([2]);
    expect(result.fullSize.upsample).toBe('bilinear');
    expect(result.fullSize.imageDice).toBeGreaterThanOrEqual(0);
  });
});

describe('formatFullSize', () => {
  it('lists at most eight groups, worst first as given, and leaves the list out when every group is one image', () => {
    const byGroup = Array.from({ length: 10 }, (_, i) => ({ group: `car${i}`, images: 16, dice: 0.9 + i / 100 }));
    expect(formatFullSize({ imageDice: 0.945, byGroup, upsample: 'guided' })).toBe(
      "  at each image's own size (guided upsampling): Kaggle image dice 0.9450\n" +
        '  by group (images), worst first: car0 0.9000 (16), car1 0.9100 (16), car2 0.9200 (16), car3 0.9300 (16), car4 0.9400 (16), car5 0.9500 (16), car6 0.9600 (16), car7 0.9700 (16), and 2 more\n',
    );
    const single = [{ group: 'a', images: 1, dice: 0 }, { group: 'b', images: 1, dice: 1 }];
    expect(formatFullSize({ imageDice: 0.5, byGroup: single, upsample: 'bilinear' })).toBe("  at each image's own size (bilinear upsampling): Kaggle image dice 0.5000\n");
  });
});
