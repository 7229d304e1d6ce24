import { definePreset } from './define.ts';

/**
 * A saddle has a flat point that is not a minimum: balls slide in along x and out along y. It has
 * no minimum at all, so every ball not started exactly on y = 0 eventually leaves the domain.
 */
export const saddle = definePreset({
  id: 'saddle',
  name: 'Saddle',
  formula: 'x^2 - y^2',
  expression: 'x^2 - y^2',
  domain: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 },
  minima: [],
  learningRate: 0.05,
  logHeight: false,
  gradientTolerance: 1e-3,
});
