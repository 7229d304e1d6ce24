/**
 * Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"): the step is the sign
 * of a mix of the momentum and the slope, so every coordinate moves by exactly lr (or not at all);
 * the momentum is then updated with a slower decay.
 */
import { decayRate, defineOptimizer } from './define.ts';
import { ONE_MINUS_BETAS } from './moments.ts';

export const lion = defineOptimizer({
  id: 'lion',
  name: 'Lion',
  params: {
    beta1: decayRate(0.9),
    beta2: decayRate(0.99),
  },
  constants: ONE_MINUS_BETAS,
  state: ['m'],
  rule: `
    let direction = sign(beta1 * m + oneMinusBeta1 * g)
    m = beta2 * m + oneMinusBeta2 * g
    x = x - lr * direction
  `,
});
