import { definePreset } from './define.ts';

/** Booth's function: a tilted, mildly stretched quadratic bowl (Hessian eigenvalues 2 and 18). */
export const booth = definePreset({
  id: 'booth',
  name: 'Booth',
  formula: '(x + 2y - 7)^2 + (2x + y - 5)^2',
  expression: '(x + 2*y - 7)^2 + (2*x + y - 5)^2',
  domain: { xMin: -10, xMax: 10, yMin: -10, yMax: 10 },
  minima: [{ x: 1, y: 3, value: 0, global: true }],
  learningRate: 0.05,
  logHeight: false,
  gradientTolerance: 1e-3,
});
