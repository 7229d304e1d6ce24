/**
 * Heavy-ball momentum (Polyak 1964): the velocity remembers past slopes, so the ball keeps rolling
 * along a ravine's floor.
 */
import { defineOptimizer } from './define.ts';

export const momentum = defineOptimizer({
  id: 'momentum',
  name: 'Momentum',
  params: { beta: { default: 0.9, min: 0, max: 1, below: true } },
  state: ['v'],
  velocity: 'v',
  rule: `
    v = beta * v - lr * g
    x = x + v
  `,
});
