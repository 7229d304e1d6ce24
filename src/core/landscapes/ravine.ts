import { definePreset } from './define.ts';

/**
 * An ill-conditioned bowl (curvatures 1 and 50, condition number 50). At the recommended rate plain
 * gradient descent zig-zags across the narrow y axis while it crawls along the long x axis, which
 * is the picture momentum is meant to fix.
 */
export const ravine = definePreset({
  id: 'ravine',
  name: 'Ravine',
  formula: 'x^2/2 + 25y^2',
  expression: 'x^2/2 + 25*y^2',
  domain: { xMin: -10, xMax: 10, yMin: -4, yMax: 4 },
  minima: [{ x: 0, y: 0, value: 0, global: true }],
  learningRate: 0.03,
  logHeight: false,
  // Along the trench and from higher up: from the default 3/4 view its near wall hides the floor.
  camera: { polar: 38, azimuth: 68 },
  gradientTolerance: 1e-3,
});
