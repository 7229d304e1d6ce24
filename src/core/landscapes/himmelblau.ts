import { definePreset } from './define.ts';

/**
 * Himmelblau's function: four equally deep minima, so where a ball ends depends only on where it
 * started. The three irrational minima are roots of a cubic system, given to full double precision.
 */
export const himmelblau = definePreset({
  id: 'himmelblau',
  name: 'Himmelblau',
  formula: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
  expression: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
  domain: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  minima: [
    { x: 3, y: 2, value: 0, global: true },
    { x: -2.805118086952745, y: 3.131312518250573, value: 0, global: true },
    { x: -3.779310253377747, y: -3.2831859912861696, value: 0, global: true },
    { x: 3.5844283403304917, y: -1.8481265269644036, value: 0, global: true },
  ],
  learningRate: 0.01,
  logHeight: false,
  gradientTolerance: 1e-3,
});
