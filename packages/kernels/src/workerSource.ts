/**
 * Source of the kernel worker thread, run with `new Worker(WORKER_SOURCE, { eval: true })`.
 * Kept as a string so it runs unchanged under tsx, vitest and the compiled package, with no
 * loader and no file resolution. The worker instantiates the same module on the same shared
 * memory, then loops: wait for the job generation counter to move, run its share of the job
 * (tid of nth), count itself done. Control-block offsets are those of wasmRuntime.ts.
 */
export const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, ctrlPtr, stackTop, tid, nth, names } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
instance.exports.__stack_pointer.value = stackTop;
const fns = names.map((name) => instance.exports[name]);
const ctrl = new Int32Array(memory.buffer, ctrlPtr, 32);
const GEN = 0, DONE = 1, FN = 2, NARGS = 3, ERROR = 4, ARGS = 8;
let seen = 0;
parentPort.postMessage('ready');
for (;;) {
  Atomics.wait(ctrl, GEN, seen);
  seen = Atomics.load(ctrl, GEN);
  const fn = ctrl[FN];
  if (fn < 0) break;
  const args = [];
  for (let i = 0; i < ctrl[NARGS]; i++) args.push(ctrl[ARGS + i]);
  try {
    fns[fn](...args, tid, nth);
  } catch (error) {
    Atomics.store(ctrl, ERROR, 1);
    parentPort.postMessage(String(error));
  }
  Atomics.add(ctrl, DONE, 1);
  Atomics.notify(ctrl, DONE);
}
`;
