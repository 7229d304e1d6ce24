/**
 * Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"): the step is the sign
 * of a mix of the momentum and the slope, so every coordinate moves by exactly lr (or not at all);
 * the momentum is then updated with a slower decay.
 */
import { defineOptimizer } from './define.ts';

export const lion = defineOptimizer({
  id: 'lion',
  name: 'Lion',
  params: {
    beta1: { default: 0.9, min: 0, max: 1, below: true },
    beta2: { default: 0.99, min: 0, max: 1, below: true },
  },
  constants: { oneMinusBeta1: (p) => 1 - p.beta1, oneMinusBeta2: (p) => 1 - p.beta2 },
  state: ['m'],
  rule: `
    let direction = sign(beta1 * m + oneMinusBeta1 * g)
    m = beta2 * m + oneMinusBeta2 * g
    x = x - lr * direction
  `,
});
