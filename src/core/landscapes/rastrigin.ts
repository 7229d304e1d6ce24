import type { Landscape } from '../landscape.ts';

const TWO_PI = 2 * Math.PI;

/**
 * Rastrigin's egg box: a bowl covered in ripples, one local minimum near every integer point.
 * Plain gradient descent stops in the nearest ripple; only the global minimum is listed.
 */
export const rastrigin: Landscape = {
  id: 'rastrigin',
  name: 'Rastrigin',
  dimensions: 2,
  formula: '20 + x^2 - 10 cos(2πx) + y^2 - 10 cos(2πy)',
  f: (x, y) => 20 + x * x - 10 * Math.cos(TWO_PI * x) + y * y - 10 * Math.cos(TWO_PI * y),
  gradient: (x, y, out) => {
    out[0] = 2 * x + 10 * TWO_PI * Math.sin(TWO_PI * x);
    out[1] = 2 * y + 10 * TWO_PI * Math.sin(TWO_PI * y);
  },
  domain: { xMin: -5.12, xMax: 5.12, yMin: -5.12, yMax: 5.12 },
  minima: [{ x: 0, y: 0, value: 0, global: true }],
  learningRate: 0.002,
  logHeight: false,
  gradientTolerance: 1e-2,
};
