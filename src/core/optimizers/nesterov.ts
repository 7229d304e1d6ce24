/**
 * Nesterov momentum, in its one-gradient form (Sutskever et al. 2013): the move adds the new
 * velocity's look-ahead, which is taking the slope at the look-ahead point, while the slope (and
 * so the settle check) stays the one at the ball itself.
 */
import { decayRate, defineOptimizer } from './define.ts';

export const nesterov = defineOptimizer({
  id: 'nesterov',
  name: 'Nesterov',
  params: { beta: decayRate(0.9) },
  state: ['v'],
  velocity: 'v',
  rule: `
    v = beta * v - lr * g
    x = x + beta * v - lr * g
  `,
});
