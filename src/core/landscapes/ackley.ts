import type { Landscape } from '../landscape.ts';

const A = 20;
const B = 0.2;
const C = 2 * Math.PI;

/**
 * Ackley's function: a nearly flat, rippled plain around a sharp funnel. The funnel's tip is a
 * cone (the gradient has no limit at the origin), so the gradient is defined as 0 exactly there.
 */
export const ackley: Landscape = {
  id: 'ackley',
  name: 'Ackley',
  dimensions: 2,
  formula: '-20 exp(-0.2 sqrt((x^2 + y^2) / 2)) - exp((cos(2πx) + cos(2πy)) / 2) + 20 + e',
  f: (x, y) => {
    const r = Math.sqrt(0.5 * (x * x + y * y));
    // Grouped as A(1 - e^(-Br)) + (e - e^(mean cos)) so the value near the minimum is not lost in
    // cancellation against A + e, and is exactly 0 at the origin.
    return -A * Math.expm1(-B * r) + (Math.E - Math.exp(0.5 * (Math.cos(C * x) + Math.cos(C * y))));
  },
  gradient: (x, y, out) => {
    const r = Math.sqrt(0.5 * (x * x + y * y));
    // d/dx of -A exp(-B r) is A B exp(-B r) x / (2 r); r > 0 here is at least ~1e-162, so no overflow.
    const radial = r > 0 ? (A * B * Math.exp(-B * r)) / (2 * r) : 0;
    const wave = 0.5 * C * Math.exp(0.5 * (Math.cos(C * x) + Math.cos(C * y)));
    out[0] = radial * x + wave * Math.sin(C * x);
    out[1] = radial * y + wave * Math.sin(C * y);
  },
  domain: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  minima: [{ x: 0, y: 0, value: 0, global: true }],
  learningRate: 0.01,
  logHeight: false,
  gradientTolerance: 1e-2,
  // The tip is a cone: |∇f| stays near 2.8 right up to the origin, so plain gradient descent at
  // the recommended rate rattles within about 0.03 of it and never flattens out.
  minimumTolerance: 0.04,
};
