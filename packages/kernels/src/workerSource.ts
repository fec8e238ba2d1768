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
const { GEN, FN, NARGS, ERROR, NTH, NEXT, COMPLETED, ARGS, CTRL_INTS } = layout;
const ctrl = new Int32Array(memory.buffer, ctrlPtr, CTRL_INTS);
// Same as claim() in wasmRuntime.ts.
function claim(g, shares) {
  for (;;) {
    const v = Atomics.load(ctrl, NEXT);
    const share = v & 0xff;
    if (v >>> 8 !== g || share >= shares) return -1;
    if (Atomics.compareExchange(ctrl, NEXT, v, v + 1) === v) return share;
  }
}
let seen = 0;
parentPort.postMessage('ready');
for (;;) {
  Atomics.wait(ctrl, GEN, seen);
  seen = Atomics.load(ctrl, GEN);
  if (ctrl[FN] < 0) break;
  // Arguments read before a claim may belong to a newer job; a successful claim for 'seen'
  // proves they do not (the caller rewrites them only after every share of 'seen' completed).
  const fn = fns[ctrl[FN]], shares = ctrl[NTH], args = [];
  for (let i = 0; i < ctrl[NARGS]; i++) args.push(ctrl[ARGS + i]);
  for (let share = claim(seen, shares); share >= 0; share = claim(seen, shares)) {
    try {
      fn(...args, share, shares);
    } catch (error) {
      Atomics.store(ctrl, ERROR, 1);
      parentPort.postMessage(String(error));
    }
    // Only the last share wakes the caller, which waits for all of them: one notify per job.
    if (Atomics.add(ctrl, COMPLETED, 1) + 1 === shares) Atomics.notify(ctrl, COMPLETED);
  }
}
`;
