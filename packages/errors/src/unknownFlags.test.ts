import { describe, expect, it } from 'vitest';
import { describedFlags, explainUnknownFlags } from './unknownFlags.js';

const KNOWN = ['help', 'version', 'data', 'batch-size', 'epochs', 'lr', 'size', 'threads', 'val-fraction', 'init-weights'];

describe('explainUnknownFlags', () => {
  it('names each unknown flag once, as typed, with the flag it most likely meant', () => {
    const args = ['train', '--bach-size', '4', '--epoch=3', '-q'];
    expect(explainUnknownFlags('Unknown arguments: bach-size, bachSize, epoch, q', args, KNOWN)).toBe(
      ['Unknown option --bach-size: did you mean --batch-size?', 'Unknown option --epoch: did you mean --epochs?', 'Unknown option -q'].join('\n'),
    );
  });

  it('points a synonym at its flag when the command has it', () => {
    const synonyms = { 'learning-rate': 'lr', 'num-workers': 'threads' };
    const message = (flag: string, known = KNOWN) => explainUnknownFlags(`Unknown argument: ${flag}`, [`--${flag}`, '1'], known, synonyms);
    expect(message('learning-rate')).toBe('Unknown option --learning-rate: did you mean --lr?');
    expect(message('num-workers')).toBe('Unknown option --num-workers: did you mean --threads?');
    expect(message('learning-rate', ['data'])).toBe('Unknown option --learning-rate');
  });

  it("reads the command's flags from yargs' usage instance, and none from anything else", () => {
    expect(describedFlags({ getDescriptions: () => ({ help: 'x', 'batch-size': 'y' }) })).toEqual(['help', 'batch-size']);
    expect(describedFlags({})).toEqual([]);
    expect(describedFlags(undefined)).toEqual([]);
  });

  it('keeps positional arguments, negated flags and other messages as they are', () => {
    expect(explainUnknownFlags('Unknown argument: extra', ['train', 'extra'], KNOWN)).toBe('Unknown argument: extra');
    expect(explainUnknownFlags('Unknown argument: hflp', ['train', '--no-hflp'], [...KNOWN, 'hflip'])).toBe('Unknown option --no-hflp: did you mean --no-hflip?');
    expect(explainUnknownFlags('Missing required argument: model', ['evaluate'], KNOWN)).toBe('Missing required argument: model');
    expect(explainUnknownFlags('Not enough arguments following: split', ['train', '--split'], KNOWN)).toBe('Not enough arguments following: split');
  });

  it('tells a value outside its choices in Maskflow’s wording, with the choice it most likely meant', () => {
    const message = 'Invalid values:\n  Argument: backend, Given: "gpu", Choices: "auto", "webgpu", "cpu"\n  Argument: split, Given: "cars", Choices: "car", "image"';
    expect(explainUnknownFlags(message, [], KNOWN)).toBe(
      ['Expected one of "auto", "webgpu", "cpu" for --backend but received "gpu"', 'Expected one of "car", "image" for --split but received "cars": did you mean "car"?'].join('\n'),
    );
  });

  it('adds a misspelt flag to the missing-flag message that yargs gives first', () => {
    const args = ['data:check', '--dat', '/tmp/x', '--batchSize', '2', '--no-hflip', '--epochs=2', '-v'];
    expect(explainUnknownFlags('Missing required argument: data', args, [...KNOWN, 'hflip'])).toBe(
      'Missing required argument: data\nUnknown option --dat: did you mean --data?',
    );
    expect(explainUnknownFlags('Missing required argument: data', args, [])).toBe('Missing required argument: data');
  });
});
