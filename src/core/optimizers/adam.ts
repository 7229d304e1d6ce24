/**
 * Adam with bias correction (Kingma & Ba 2015): a fading mean of the slopes (m) over the root of a
 * fading mean of their squares (v), each divided by 1 - beta^k (k the 1-based step number) so the
 * first steps are not too short.
 */
import { defineOptimizer } from './define.ts';
import { ADAM_COUNTERS, ADAM_PARAMS } from './moments.ts';

export const adam = defineOptimizer({
  id: 'adam',
  name: 'Adam',
  params: ADAM_PARAMS,
  constants: { oneMinusBeta1: (p) => 1 - p.beta1, oneMinusBeta2: (p) => 1 - p.beta2 },
  counters: ADAM_COUNTERS,
  state: ['m', 'v'],
  rule: `
    m = beta1 * m + oneMinusBeta1 * g
    v = beta2 * v + oneMinusBeta2 * g * g
    x = x - lr * (m / correction1) / (sqrt(v / correction2) + epsilon)
  `,
});
