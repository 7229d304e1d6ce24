/**
 * RMSProp (Hinton's lecture notes, 2012): like AdaGrad, with a fading memory of the squared slopes
 * (E), so steps do not shrink for good.
 */
import { decayRate, defineOptimizer } from './define.ts';

export const rmsprop = defineOptimizer({
  id: 'rmsprop',
  name: 'RMSProp',
  params: {
    rho: decayRate(0.9),
    epsilon: { default: 1e-8, min: 0 },
  },
  // In float64 on the host: in float32, 1 - 0.999 would lose four digits.
  constants: { oneMinusRho: (p) => 1 - p.rho },
  state: ['e'],
  rule: `
    e = rho * e + oneMinusRho * g * g
    x = x - lr * g / (sqrt(e) + epsilon)
  `,
});
