/**
 * AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay. Every step also pulls the
 * ball toward the origin by lr * wd of its position, apart from the slope's adaptive step (in Adam
 * with an L2 term the pull would be divided by the root of v like the slope).
 */
import { defineOptimizer } from './define.ts';
import { ADAM_COUNTERS, ADAM_PARAMS } from './moments.ts';

export const adamw = defineOptimizer({
  id: 'adamw',
  name: 'AdamW',
  // wd: PyTorch's default weight decay.
  params: { ...ADAM_PARAMS, wd: { default: 0.01, min: 0 } },
  constants: { oneMinusBeta1: (p) => 1 - p.beta1, oneMinusBeta2: (p) => 1 - p.beta2 },
  counters: ADAM_COUNTERS,
  state: ['m', 'v'],
  rule: `
    m = beta1 * m + oneMinusBeta1 * g
    v = beta2 * v + oneMinusBeta2 * g * g
    x = x - lr * wd * x - lr * (m / correction1) / (sqrt(v / correction2) + epsilon)
  `,
});
