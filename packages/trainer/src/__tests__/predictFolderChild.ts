/**
 * A child process for the kill -9 test: runs predictFolder with the JSON options of argv[2],
 * pausing `pauseMs` after each row so the parent can SIGKILL it mid-run.
 */
import { predictFolder } from '../batchPredict/predictFolder.js';
import type { PredictFolderOptions } from '../batchPredict/predictFolderOptions.js';

const { pauseMs, ...options } = JSON.parse(process.argv[2] ?? '{}') as PredictFolderOptions & { pauseMs: number };
const pause = new Int32Array(new SharedArrayBuffer(4));
await predictFolder({ ...options, onProgress: () => void Atomics.wait(pause, 0, 0, pauseMs) });
