import { FusedAdamOptimizer, registerFastCpuBackend } from '@maskflow/kernels';
import { describe, expect, it } from 'vitest';
import { createAdam } from './createAdam.js';

describe('createAdam', () => {
  it('builds the fused Adam once maskflow-cpu is registered, with the learning rate and Keras betas', async () => {
    await registerFastCpuBackend({ threads: 1 });
    const opt = createAdam(0.003);
    expect(opt).toBeInstanceOf(FusedAdamOptimizer);
    expect(opt.getConfig()).toMatchObject({ learningRate: 0.003, beta1: 0.9, beta2: 0.999 });
    opt.dispose();
  });
});
