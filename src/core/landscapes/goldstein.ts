import { definePreset } from './define.ts';

/**
 * Goldstein–Price factors as A(s) B(v) with s = x + y and v = 2x - 3y:
 * A = 1 + (s + 1)^2 (3s^2 - 14s + 19), B = 30 + v^2 (3v^2 - 16v + 18).
 * A' = 12(s + 1)(s - 1)(s - 2) and B' = 12v(v - 1)(v - 3), and A, B > 0, so the minima are exactly
 * s in {-1, 2} crossed with v in {0, 3}; that gives the four minima below in closed form and a
 * cheap gradient.
 */
export const goldstein = definePreset({
  id: 'goldstein',
  name: 'Goldstein–Price',
  formula:
    '[1 + (x + y + 1)^2 (19 - 14x + 3x^2 - 14y + 6xy + 3y^2)] · [30 + (2x - 3y)^2 (18 - 32x + 12x^2 + 48y - 36xy + 27y^2)]',
  expression:
    '(1 + (x + y + 1)^2*(3*(x + y)^2 - 14*(x + y) + 19)) * (30 + (2*x - 3*y)^2*(3*(2*x - 3*y)^2 - 16*(2*x - 3*y) + 18))',
  domain: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
  minima: [
    { x: 0, y: -1, value: 3, global: true },
    { x: -0.6, y: -0.4, value: 30, global: false },
    { x: 1.8, y: 0.2, value: 84, global: false },
    { x: 1.2, y: 0.8, value: 840, global: false },
  ],
  learningRate: 2e-6,
  logHeight: true,
  gradientTolerance: 1e-1,
});
