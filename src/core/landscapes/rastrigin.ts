import { definePreset } from './define.ts';

/**
 * Rastrigin's egg box: a bowl covered in ripples, one local minimum near every integer point.
 * Plain gradient descent stops in the nearest ripple; only the global minimum is listed. (On the
 * GPU the compiler takes cos(2πx) from its float32 polynomial in turns, not the device's cosine:
 * WGSL allows 2^-11 of error there, SwiftShader's is ~1.9e-4, and times 20π in the gradient that
 * was above the settle tolerance, so the backends disagreed on when a ball in a ripple settles.)
 */
export const rastrigin = definePreset({
  id: 'rastrigin',
  name: 'Rastrigin',
  formula: '20 + x^2 - 10 cos(2πx) + y^2 - 10 cos(2πy)',
  expression: '20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)',
  domain: { xMin: -5.12, xMax: 5.12, yMin: -5.12, yMax: 5.12 },
  minima: [{ x: 0, y: 0, value: 0, global: true }],
  learningRate: 0.002,
  logHeight: false,
  gradientTolerance: 1e-2,
});
