import { definePreset } from './define.ts';

/**
 * The chapter's worked example, error(x) = (x - 3)^2 + 2. The lesson reproduces its five steps
 * from x = -1 at learning rate 0.1, so the arithmetic here is kept exactly as written there.
 */
export const curve = definePreset({
  id: 'curve',
  name: 'Textbook curve',
  formula: '(x - 3)^2 + 2',
  expression: '(x - 3)^2 + 2',
  domain: { xMin: -2, xMax: 8, yMin: 0, yMax: 0 },
  minima: [{ x: 3, y: 0, value: 2, global: true }],
  learningRate: 0.1,
  logHeight: false,
  gradientTolerance: 1e-3,
});
