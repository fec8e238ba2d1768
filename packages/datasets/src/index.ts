export type { Dataset, DatasetLayout, Sample } from './sample.js';
export { createRng, hashSeed, randomInt, shuffleInPlace } from './rng.js';
export { parseRle, rleDecode, rleEncode } from './rle.js';
export type { RleRuns } from './rle.js';
export { loadDataset } from './loadDataset.js';
export { splitDataset } from './splitDataset.js';
export type { SplitOptions } from './splitDataset.js';
export { DatasetError, DatasetProblem, RleError } from './errors.js';
export type { DatasetProblemKind, RleProblemKind } from './errors.js';
