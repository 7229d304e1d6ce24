/**
 * Adam with bias correction (Kingma & Ba 2015): a fading mean of the slopes (m) over the root of a
 * fading mean of their squares (v), each divided by 1 - beta^k (k the 1-based step number) so the
 * first steps are not too short.
 */
import { defineOptimizer } from './define.ts';
import { ADAM_COUNTERS, ADAM_MOMENTS, ADAM_PARAMS, ONE_MINUS_BETAS } from './moments.ts';

export const adam = defineOptimizer({
  id: 'adam',
  name: 'Adam',
  params: ADAM_PARAMS,
  constants: ONE_MINUS_BETAS,
  counters: ADAM_COUNTERS,
  state: ['m', 'v'],
  rule: `${ADAM_MOMENTS}
    x = x - lr * (m / correction1) / (sqrt(v / correction2) + epsilon)
  `,
});
