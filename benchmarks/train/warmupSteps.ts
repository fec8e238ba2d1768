/**
 * Untimed steps before the timed ones, for Maskflow and PyTorch alike: maskflow-cpu's first steps
 * in a process run slow while the wasm memory grows and V8 optimises (160x160 preset network:
 * 1.4 s, 290 ms, then 220-230 ms for three steps before about 195), so one warm-up step left a
 * 10-step median 10-60% high on the first configuration measured.
 */
export const WARMUP_STEPS = 3;
