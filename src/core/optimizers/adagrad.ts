/**
 * AdaGrad (Duchi et al. 2011): each coordinate's step shrinks with all the slope it has seen (G sums
 * the squared slopes).
 */
import { defineOptimizer } from './define.ts';

export const adagrad = defineOptimizer({
  id: 'adagrad',
  name: 'AdaGrad',
  params: { epsilon: { default: 1e-8, min: 0 } },
  state: ['g2'],
  rule: `
    g2 = g2 + g * g
    x = x - lr * g / (sqrt(g2) + epsilon)
  `,
});
