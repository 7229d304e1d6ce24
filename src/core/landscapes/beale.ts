import { definePreset } from './define.ts';

/**
 * Beale's function: flat lines at x = 0 and y = 1, steep walls (values near 2e5) in the corners,
 * hence the log scale and the small learning rate. Only about half the domain drains to (3, 0.5):
 * the rest follows a second valley that leaves the domain to the left just above y = 1, where f
 * keeps falling slowly toward about 0.45 without ever reaching a minimum.
 */
export const beale = definePreset({
  id: 'beale',
  name: 'Beale',
  formula: '(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2',
  expression: '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2',
  domain: { xMin: -4.5, xMax: 4.5, yMin: -4.5, yMax: 4.5 },
  minima: [{ x: 3, y: 0.5, value: 0, global: true }],
  learningRate: 1e-4,
  logHeight: true,
  gradientTolerance: 1e-3,
});
