import type { Landscape } from '../landscape.ts';

/**
 * Goldstein–Price factors as A(s) B(v) with s = x + y and v = 2x - 3y:
 * A = 1 + (s + 1)^2 (3s^2 - 14s + 19), B = 30 + v^2 (3v^2 - 16v + 18).
 * A' = 12(s + 1)(s - 1)(s - 2) and B' = 12v(v - 1)(v - 3), and A, B > 0, so the minima are exactly
 * s in {-1, 2} crossed with v in {0, 3}; that gives the four minima below in closed form and a
 * cheap gradient.
 */
export const goldstein: Landscape = {
  id: 'goldstein',
  name: 'Goldstein–Price',
  dimensions: 2,
  formula:
    '[1 + (x + y + 1)^2 (19 - 14x + 3x^2 - 14y + 6xy + 3y^2)] · [30 + (2x - 3y)^2 (18 - 32x + 12x^2 + 48y - 36xy + 27y^2)]',
  f: (x, y) => {
    const s = x + y;
    const v = 2 * x - 3 * y;
    const u = s + 1;
    return (1 + u * u * (3 * s * s - 14 * s + 19)) * (30 + v * v * (3 * v * v - 16 * v + 18));
  },
  gradient: (x, y, out) => {
    const s = x + y;
    const v = 2 * x - 3 * y;
    const u = s + 1;
    const a = 1 + u * u * (3 * s * s - 14 * s + 19);
    const b = 30 + v * v * (3 * v * v - 16 * v + 18);
    const da = 12 * u * (s - 1) * (s - 2);
    const db = 12 * v * (v - 1) * (v - 3);
    const bda = b * da;
    const adb = a * db;
    out[0] = bda + 2 * adb;
    out[1] = bda - 3 * adb;
  },
  // The same f and gradient for the GPU backend; tests/browser/landscape-wgsl.test.ts compares them.
  wgsl: /* wgsl */ `
fn f(x: f32, y: f32) -> f32 {
  let s = x + y;
  let v = 2.0 * x - 3.0 * y;
  let u = s + 1.0;
  return (1.0 + u * u * (3.0 * s * s - 14.0 * s + 19.0)) * (30.0 + v * v * (3.0 * v * v - 16.0 * v + 18.0));
}

fn gradient(x: f32, y: f32) -> vec2f {
  let s = x + y;
  let v = 2.0 * x - 3.0 * y;
  let u = s + 1.0;
  let a = 1.0 + u * u * (3.0 * s * s - 14.0 * s + 19.0);
  let b = 30.0 + v * v * (3.0 * v * v - 16.0 * v + 18.0);
  let da = 12.0 * u * (s - 1.0) * (s - 2.0);
  let db = 12.0 * v * (v - 1.0) * (v - 3.0);
  let bda = b * da;
  let adb = a * db;
  return vec2f(bda + 2.0 * adb, bda - 3.0 * adb);
}
`,
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
};
