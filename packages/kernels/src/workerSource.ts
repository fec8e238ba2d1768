/**
 * Source of the kernel worker thread, run with `new Worker(WORKER_SOURCE, { eval: true })`.
 * Kept as a string so it runs unchanged under tsx, vitest and the compiled package, with no
 * loader and no file resolution. The worker instantiates the same module on the same shared
 * memory, then loops: wait for the job generation counter to move, claim its share of the job
 * (see WasmRuntime.run), run it, report it done. The control-block layout comes from
 * wasmRuntime.ts in workerData.
 */
export const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, ctrlPtr, stackTop, tid, names, layout } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
instance.exports.__stack_pointer.value = stackTop;
const fns = names.map((name) => instance.exports[name]);
const { GEN, FN, NARGS, ERROR, NTH, ARGS, CLAIM, DONE, CTRL_INTS } = layout;
const ctrl = new Int32Array(memory.buffer, ctrlPtr, CTRL_INTS);
let seen = 0;
parentPort.postMessage('ready');
for (;;) {
  Atomics.wait(ctrl, GEN, seen);
  seen = Atomics.load(ctrl, GEN);
  if (ctrl[FN] < 0) break;
  // Claim this thread's share of job 'seen'; fails if the caller already ran it or moved on.
  if (Atomics.compareExchange(ctrl, CLAIM + tid, seen * 4, seen * 4 + 1) !== seen * 4) continue;
  const args = [];
  for (let i = 0; i < ctrl[NARGS]; i++) args.push(ctrl[ARGS + i]);
  try {
    fns[ctrl[FN]](...args, tid, ctrl[NTH]);
  } catch (error) {
    Atomics.store(ctrl, ERROR, 1);
    parentPort.postMessage(String(error));
  }
  Atomics.store(ctrl, DONE + tid, seen);
  Atomics.notify(ctrl, DONE + tid);
}
`;
