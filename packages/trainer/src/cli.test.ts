import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir, tinyCarvana, tinyTrainFlags } from './__tests__/fixtures.js';
import { runCliCaptured } from './__tests__/runCliCaptured.js';

const run = runCliCaptured;

afterEach(() => vi.restoreAllMocks());

describe('maskflow CLI', () => {
  let data: string;
  beforeAll(async () => {
    data = await tinyCarvana(3, 2);
  });

  it('shows every train flag with its default (and the CPU preset value) in --help', async () => {
    const { code, out } = await run(['train', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--data', '--size', '--batch-size', '--epochs', '--lr', '--base-filters', '--depth', '--max-filters', '--val-fraction', '--split', '--seed', '--threads', '--prefetch', '--cache', '--hue-delta', '--hflip', '--shift', '--backend', '--out', '--resume', '--lr-plateau', '--early-stop', '--max-steps', '--config', '--json']) {
      expect(out).toContain(flag);
    }
    expect(out).toMatch(/images per step\s+\[number\] \[default: 3; CPU preset: 4\]/);
    expect(out).toMatch(/\[default: 256; CPU preset: 160x160\]/);
    expect(out).toMatch(/--bn-momentum[\s\S]*\[default: 0\.99; CPU preset: 0\.9\]/);
  });

  it('refuses bad flags with a message naming them, without a stack trace', async () => {
    const cases: [string[], number, RegExp][] = [
      [['train', '--bogus', '1'], 2, /Unknown option --bogus\n/],
      [['train', '--bach-size', '4', 'extra'], 2, /Unknown option --bach-size: did you mean --batch-size\?\nUnknown argument: extra\n/],
      [['train', '--learning-rate=0.01'], 2, /Unknown option --learning-rate: did you mean --lr\?/],
      [['predict', '--model', 'm', '--input', 'i', '--thresold', '0.4'], 2, /Unknown option --thresold: did you mean --threshold\?/],
      [['train', '--size', '250', '--encoder', 'unet', '--depth', '5', '--data', data], 1, /divisible by 2\^depth = 32 \(depth 5\) for --size but received 250 of type number\. Use 224 or 256, or a smaller --depth/],
      [['train', '--batch-size', 'abc', '--data', data], 1, /for --batch-size but received NaN \(not a number\)/],
      [['train', '--split', 'random'], 2, /Expected one of "car", "image" for --split but received "random"\n/],
      [['train', '--lr', '-1', '--data', data], 1, /Expected a number in \(0, 10\] for --lr but received -1 of type number/],
      [['train', '--lr', '0.001', '--lr-min', '0.01', '--data', data], 1, /Expected a value <= --lr \(0\.001\) for --lr-min/],
      [['evaluate'], 2, /Missing required argument: model/],
      [['evaluate', '--modle', 'runs/x/best'], 2, /Missing required argument: model\nUnknown option --modle: did you mean --model\?/],
      [['nonsense'], 2, /Unknown argument: nonsense/],
      [[], 2, /Name a command/],
    ];
    for (const [args, code, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.err, args.join(' ')).not.toMatch(/\n\s+at /);
    }
  });

  it('words its parse errors in English whatever the locale, so they can name the flag meant', async () => {
    vi.stubEnv('LANG', 'de_DE.UTF-8');
    vi.stubEnv('LC_ALL', 'de_DE.UTF-8');
    try {
      expect((await run(['train', '--bach-size', '4'])).err).toContain('Unknown option --bach-size: did you mean --batch-size?');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('names a bad --config file', async () => {
    const file = join(tempDir(), 'bad.json');
    writeFileSync(file, '{"epochs": 2,');
    const r = await run(['train', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file}: is not valid JSON`);
    writeFileSync(file, '{"epoch": 2}');
    expect((await run(['train', '--config', file, '--data', data])).err).toMatch(/Expected a known train option for --epoch but received "epoch" of type string\. Did you mean --epochs\?/);
  });

  it('takes options from --config, explicit flags winning, and prints JSON lines with --json', async () => {
    const out = join(tempDir(), 'run');
    const file = join(tempDir(), 'config.json');
    writeFileSync(file, JSON.stringify({ epochs: 3, 'max-steps': 5, lr: 0.002 }));
    const r = await run(['train', ...tinyTrainFlags(data, out, 1).filter((_, i, a) => a[i] !== '--epochs' && a[i - 1] !== '--epochs'), '--config', file, '--max-steps', '1', '--json']);
    expect(r.code, r.err).toBe(0);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { epochs: number; maxSteps: number; lr: number };
    expect(config).toMatchObject({ epochs: 3, maxSteps: 1, lr: 0.002 });
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ epoch: 1, steps: 1 });
    expect(lines[lines.length - 1]).toMatchObject({ epochs: 1, steps: 1, stoppedBy: 'maxSteps' });
    for (const key of ['epochs', 'seconds', 'valDice', 'bestValDice', 'valLoss', 'imagesPerSecond', 'inputWaitShare']) {
      expect(lines[lines.length - 1]).toHaveProperty(key);
    }
    expect(r.err).toMatch(/^data: /m);
  });

  it('prints a corrupt image met during training as the user\'s mistake: the file, no stack trace', async () => {
    const corrupt = await tinyCarvana(5, 2);
    const image = readdirSync(join(corrupt, 'train')).sort()[0] ?? '';
    const path = join(corrupt, 'train', image);
    const bytes = readFileSync(path);
    // The header still parses (the data set check passes); decoding the cut-off body fails.
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const r = await run(['train', ...tinyTrainFlags(corrupt, join(tempDir(), 'run'), 1)]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(image);
    expect(r.err).toMatch(/^maskflow: Sample \d+ \(\w+\) failed: .*: VipsJpeg: .*\. Fix or remove the file, or set --on-bad-sample to 'skip' to leave such samples out$/m);
    expect(r.err).not.toMatch(/unexpected error/);
    expect(r.err).not.toMatch(/\n\s+at /);

    const skipped = await run(['train', ...tinyTrainFlags(corrupt, join(tempDir(), 'run'), 1), '--on-bad-sample', 'skip']);
    expect(skipped.code, skipped.err).toBe(0);
    expect(skipped.out + skipped.err).toMatch(new RegExp(`left out 1 sample\\(s\\) that cannot be read or decoded so far, the first .*${image}`));
  });
});
