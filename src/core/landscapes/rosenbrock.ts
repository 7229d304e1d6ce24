import { definePreset } from './define.ts';

/**
 * Rosenbrock's banana valley: finding the valley is easy, following its gentle floor to (1, 1) is
 * slow, and the walls are steep enough (curvature ~5000 at the corners) that larger rates blow up.
 */
export const rosenbrock = definePreset({
  id: 'rosenbrock',
  name: 'Rosenbrock',
  formula: '(1 - x)^2 + 100(y - x^2)^2',
  expression: '(1 - x)^2 + 100*(y - x^2)^2',
  domain: { xMin: -2, xMax: 2, yMin: -1, yMax: 3 },
  minima: [{ x: 1, y: 1, value: 0, global: true }],
  learningRate: 0.001,
  logHeight: true,
  gradientTolerance: 1e-3,
});
