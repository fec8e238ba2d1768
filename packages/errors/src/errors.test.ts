import { describe as group, expect, it } from 'vitest';
import {
  OptionRangeError,
  OptionTypeError,
  UserError,
  checkChoice,
  checkInteger,
  checkNumber,
  checkSize,
  describe,
  flagName,
  formatErrorMessage,
  isUserError,
  markUserError,
} from './index.js';

group('describe', () => {
  it('shows the value and its type, shortened', () => {
    expect(describe(-1)).toBe('-1 of type number');
    expect(describe('abc')).toBe('"abc" of type string');
    expect(describe([1, 'a'])).toBe('[1, "a"] of type array');
    expect(describe(undefined)).toBe('nothing');
    expect(describe(null)).toBe('null');
    expect(describe(Number.NaN)).toBe('NaN (not a number)');
    expect(describe({ a: 1 })).toBe('an object');
    expect(describe(new Float32Array(12))).toBe('a Float32Array of length 12');
    expect(describe('x'.repeat(100))).toMatch(/^"x{56}\.\.\. of type string$/);
  });
});

group('checks', () => {
  it('word errors like sharp: option, expectation, received value', () => {
    expect(() => checkInteger('width', -1, 1)).toThrow(RangeError);
    expect(() => checkInteger('width', -1, 1)).toThrow('Expected an integer >= 1 for width but received -1 of type number');
    expect(() => checkInteger('width', '3', 1, 10)).toThrow(TypeError);
    expect(() => checkInteger('width', 2.5, 1, 10)).toThrow('Expected an integer in [1, 10] for width but received 2.5 of type number');
    expect(checkInteger('width', 7, 1, 10)).toBe(7);
  });

  it('checkNumber honours an open lower bound', () => {
    expect(checkNumber('lr', 0.5, 0, 1, true)).toBe(0.5);
    expect(() => checkNumber('lr', 0, 0, 1, true)).toThrow('a number in (0, 1] for lr');
    expect(() => checkNumber('lr', Number.POSITIVE_INFINITY, 0, 1)).toThrow(RangeError);
  });

  it('checkChoice lists the choices', () => {
    expect(() => checkChoice('backend', 'tpu', ['cpu', 'webgpu'])).toThrow("Expected one of 'cpu', 'webgpu' for backend but received \"tpu\" of type string");
    expect(checkChoice('backend', 'cpu', ['cpu', 'webgpu'])).toBe('cpu');
  });

  it('checkSize checks the pair, then divisibility by 2^depth with the nearest valid sizes', () => {
    expect(checkSize('size', [256, 320], 5)).toEqual([256, 320]);
    expect(() => checkSize('size', 256)).toThrow(TypeError);
    expect(() => checkSize('size', [0, 256])).toThrow('for size[0] (height)');
    expect(() => checkSize('size', [256, 300], 5)).toThrow(
      'Expected a width divisible by 2^depth = 32 (depth 5) for size but received 300 of type number. Use 288 or 320, or a smaller depth',
    );
  });
});

function checkSizeError(): unknown {
  try {
    checkSize('size', [300, 256], 5);
  } catch (error) {
    return error;
  }
  throw new Error('checkSize accepted 300');
}

group('user errors', () => {
  it('option errors stay TypeError/RangeError and are also UserErrors', () => {
    const e = new OptionRangeError('batchSize', 'an integer >= 1', 0);
    expect(e).toBeInstanceOf(RangeError);
    expect(e).toBeInstanceOf(OptionRangeError);
    expect(e).not.toBeInstanceOf(OptionTypeError);
    expect(e).toMatchObject({ name: 'OptionRangeError', option: 'batchSize', expected: 'an integer >= 1', received: '0 of type number', hint: '' });
    expect(new OptionTypeError('x', 'a number', 'a')).toBeInstanceOf(TypeError);
    expect(e).toBeInstanceOf(UserError);
    expect(isUserError(e)).toBe(true);
    expect(new OptionTypeError('x', 'a number', 'a')).toBeInstanceOf(UserError);
  });

  it('subclasses keep their own instanceof; plain errors are not user errors', () => {
    class DecodeError extends UserError {}
    class OtherError extends UserError {}
    expect(new DecodeError('bad')).toBeInstanceOf(UserError);
    expect(new DecodeError('bad').name).toBe('DecodeError');
    expect(new OtherError('x')).not.toBeInstanceOf(DecodeError);
    expect(new Error('bug')).not.toBeInstanceOf(UserError);
    expect(new TypeError('bug')).not.toBeInstanceOf(UserError);
    expect(markUserError(new TypeError('wrong'))).toBeInstanceOf(UserError);
  });

  it('the CLI re-words the option as its flag', () => {
    const e = new OptionRangeError('batchSize', 'an integer >= 1', 0, 'Try 8');
    expect(formatErrorMessage(e, flagName)).toBe('Expected an integer >= 1 for --batch-size but received 0 of type number. Try 8');
    expect(flagName('size[1] (width)')).toBe('--size (width)');
    expect(flagName('MASKFLOW_WASM_SIMD')).toBe('MASKFLOW_WASM_SIMD');
    expect(formatErrorMessage(new Error('plain'), flagName)).toBe('plain');
  });

  it('appends a UserError\'s hint, re-wording the options it names', () => {
    class SampleProblem extends UserError {}
    const e = new SampleProblem('a/b{c}.jpg: cannot decode', { hint: "Fix the file, or set {onBadSample} to 'skip'" });
    expect(e.message).toBe("a/b{c}.jpg: cannot decode. Fix the file, or set onBadSample to 'skip'");
    expect(formatErrorMessage(e, flagName)).toBe("a/b{c}.jpg: cannot decode. Fix the file, or set --on-bad-sample to 'skip'");
    expect(formatErrorMessage(new UserError('plain mistake'), flagName)).toBe('plain mistake');
  });

  it('re-words the other options an error names in {braces}', () => {
    const e = new OptionRangeError('lrMin', 'a value <= {lr} (0.001)', 0.01, 'Lower {lrMin} or raise {lr}');
    expect(e.message).toBe('Expected a value <= lr (0.001) for lrMin but received 0.01 of type number. Lower lrMin or raise lr');
    expect(formatErrorMessage(e, flagName)).toBe(
      'Expected a value <= --lr (0.001) for --lr-min but received 0.01 of type number. Lower --lr-min or raise --lr',
    );
    expect(formatErrorMessage(checkSizeError(), flagName)).toMatch(/for --size but received 300 of type number\. Use 288 or 320, or a smaller --depth$/);
  });
});
