import { definePreset } from './define.ts';

/** The friendliest landscape: round, one minimum, the slope points straight at it everywhere. */
export const bowl = definePreset({
  id: 'bowl',
  name: 'Round bowl',
  formula: 'x^2 + y^2',
  expression: 'x^2 + y^2',
  domain: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  minima: [{ x: 0, y: 0, value: 0, global: true }],
  learningRate: 0.1,
  logHeight: false,
  gradientTolerance: 1e-3,
});
