/**
 * Heavy-ball momentum (Polyak 1964): the velocity remembers past slopes, so the ball keeps rolling
 * along a ravine's floor.
 */
import { decayRate, defineOptimizer } from './define.ts';

export const momentum = defineOptimizer({
  id: 'momentum',
  name: 'Momentum',
  params: { beta: decayRate(0.9) },
  state: ['v'],
  velocity: 'v',
  rule: `
    v = beta * v - lr * g
    x = x + v
  `,
});
