/**
 * AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay. Every step also pulls the
 * ball toward the origin by lr * wd of its position, apart from the slope's adaptive step (in Adam
 * with an L2 term the pull would be divided by the root of v like the slope).
 */
import { defineOptimizer } from './define.ts';
import { ADAM_COUNTERS, ADAM_MOMENTS, ADAM_PARAMS, ONE_MINUS_BETAS } from './moments.ts';

export const adamw = defineOptimizer({
  id: 'adamw',
  name: 'AdamW',
  // wd: PyTorch's default weight decay.
  params: { ...ADAM_PARAMS, wd: { default: 0.01, min: 0 } },
  constants: ONE_MINUS_BETAS,
  counters: ADAM_COUNTERS,
  state: ['m', 'v'],
  rule: `${ADAM_MOMENTS}
    x = x - lr * wd * x - lr * (m / correction1) / (sqrt(v / correction2) + epsilon)
  `,
});
