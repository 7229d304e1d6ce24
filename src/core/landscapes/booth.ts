import type { Landscape } from '../landscape.ts';

/** Booth's function: a tilted, mildly stretched quadratic bowl (Hessian eigenvalues 2 and 18). */
export const booth: Landscape = {
  id: 'booth',
  name: 'Booth',
  dimensions: 2,
  formula: '(x + 2y - 7)^2 + (2x + y - 5)^2',
  f: (x, y) => {
    const a = x + 2 * y - 7;
    const b = 2 * x + y - 5;
    return a * a + b * b;
  },
  gradient: (x, y, out) => {
    out[0] = 10 * x + 8 * y - 34;
    out[1] = 8 * x + 10 * y - 38;
  },
  domain: { xMin: -10, xMax: 10, yMin: -10, yMax: 10 },
  minima: [{ x: 1, y: 3, value: 0, global: true }],
  learningRate: 0.05,
  logHeight: false,
  gradientTolerance: 1e-3,
};
