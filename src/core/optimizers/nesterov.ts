/**
 * Nesterov momentum, in its one-gradient form (Sutskever et al. 2013): the move adds the new
 * velocity's look-ahead, which is taking the slope at the look-ahead point, while the slope (and
 * so the settle check) stays the one at the ball itself.
 */
import { defineOptimizer } from './define.ts';

export const nesterov = defineOptimizer({
  id: 'nesterov',
  name: 'Nesterov',
  params: { beta: { default: 0.9, min: 0, max: 1, below: true } },
  state: ['v'],
  velocity: 'v',
  rule: `
    v = beta * v - lr * g
    x = x + beta * v - lr * g
  `,
});
