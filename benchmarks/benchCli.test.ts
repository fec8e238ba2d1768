import { afterEach, describe, expect, it, vi } from 'vitest';
import { BenchUsageError, checkKnownNames, readBenchFlags, reportBenchMistake, runBench } from './benchCli.js';

const options = { steps: { type: 'string', default: '5' }, configs: { type: 'string' }, json: { type: 'boolean', default: false } } as const;

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('readBenchFlags', () => {
  it('parses what parseArgs parses', () => {
    expect(readBenchFlags({ args: ['--steps', '3', '--json'], options }).values).toEqual({ steps: '3', json: true });
  });

  it('names an unknown flag with the one it most likely meant', () => {
    expect(() => readBenchFlags({ args: ['--step', '3'], options })).toThrow(new BenchUsageError('Unknown option --step: did you mean --steps?'));
    expect(() => readBenchFlags({ args: ['--bogus'], options })).toThrow(new BenchUsageError('Unknown option --bogus'));
  });

  it('turns parseArgs’ other refusals into usage errors', () => {
    expect(() => readBenchFlags({ args: ['--steps'], options })).toThrow(BenchUsageError);
    expect(() => readBenchFlags({ args: ['stray'], options })).toThrow(/Unexpected argument 'stray'/);
  });
});

describe('checkKnownNames', () => {
  it('refuses a name outside the list, with the one it most likely meant', () => {
    const known = ['cpu', 'tutorial', 'auto'];
    expect(() => checkKnownNames('presets', 'preset', ['cpu', 'tutorial'], known)).not.toThrow();
    expect(() => checkKnownNames('presets', 'preset', ['cpu', 'tutorail'], known)).toThrow(
      new BenchUsageError("--presets: unknown preset 'tutorail' (did you mean tutorial?); expected some of cpu, tutorial, auto"),
    );
    expect(() => checkKnownNames('presets', 'preset', ['gpu'], known)).toThrow(/unknown preset 'gpu'; expected/);
  });
});

describe('runBench', () => {
  it('prints a usage mistake with the usage and exit code 2, no stack trace', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await runBench('bench:x', 'pnpm bench:x [--steps 5]', async () => {
      throw new BenchUsageError('--steps: expected a positive integer');
    });
    expect(err).toHaveBeenCalledWith('bench:x: --steps: expected a positive integer\npnpm bench:x [--steps 5]\n');
    expect(process.exitCode).toBe(2);
  });

  it('lets a bug through with its stack', async () => {
    await expect(runBench('bench:x', '', async () => {
      throw new TypeError('undefined is not a function');
    })).rejects.toThrow(TypeError);
    expect(reportBenchMistake('bench:x', '', new Error('bug'))).toBe(false);
  });
});
