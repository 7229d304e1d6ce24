import { definePreset } from './define.ts';

/** Each axis has a minimum at the roots of 4t^3 - 32t + 5; the deeper one is near -2.9035. */
const DEEP = -2.903534027771177;
const SHALLOW = 2.746802770990837;

/**
 * Styblinski–Tang: four minima of different depth in four basins of nearly equal size, so where a
 * ball ends depends on where it started, not on which minimum is deepest.
 */
export const styblinski = definePreset({
  id: 'styblinski',
  name: 'Styblinski–Tang',
  formula: '(x^4 - 16x^2 + 5x + y^4 - 16y^2 + 5y) / 2',
  expression: '(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)/2',
  domain: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  minima: [
    { x: DEEP, y: DEEP, value: -78.33233140754282, global: true },
    { x: DEEP, y: SHALLOW, value: -64.19561235905536, global: false },
    { x: SHALLOW, y: DEEP, value: -64.19561235905536, global: false },
    { x: SHALLOW, y: SHALLOW, value: -50.05889331056788, global: false },
  ],
  learningRate: 0.01,
  logHeight: false,
  gradientTolerance: 1e-3,
});
