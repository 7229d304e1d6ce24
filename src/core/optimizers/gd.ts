/** Plain gradient descent, the chapter's rule: step against the slope, in proportion to it. */
import { defineOptimizer } from './define.ts';

export const gradientDescent = defineOptimizer({
  id: 'gd',
  name: 'Gradient descent',
  params: {},
  state: [],
  rule: 'x = x - lr * g',
});
