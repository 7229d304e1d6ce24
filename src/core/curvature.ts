/**
 * Curvature of a landscape at a point: its Hessian by central differences of the exact gradient,
 * and the Hessian's eigenvalues. Used where only f and ∇f are known (typed expressions) to tell a
 * minimum from a saddle and to size a learning rate.
 */
import type { GradientFn } from './landscape.ts';

/** A symmetric 2x2 matrix [[xx, xy], [xy, yy]]. */
export interface Hessian {
  readonly xx: number;
  readonly xy: number;
  readonly yy: number;
}

/** Eigenvalues of a Hessian, smallest first, with the eigenvector of the smallest (unit length). */
export interface Eigen {
  readonly min: number;
  readonly max: number;
  /** Direction of least curvature: where a valley of minima would run. */
  readonly minVector: readonly [number, number];
}

/**
 * Relative step of the central differences: near the cube root of float64's epsilon, which
 * balances truncation error (h^2) against the rounding error of the gradient (eps / h).
 */
const RELATIVE_STEP = 1e-5;

/**
 * The Hessian at (x, y) from central differences of `gradient`; `scale` is a length typical of
 * the domain (its larger span), so that the step is never below rounding at x = 0. A 1D landscape
 * gets yy = 1 and xy = 0: its y direction is not part of the problem, and 1 keeps it from looking
 * like a flat valley. NaN entries where the gradient is not finite around the point.
 */
export function hessianAt(
  gradient: GradientFn,
  x: number,
  y: number,
  dimensions: 1 | 2,
  scale: number,
): Hessian {
  const g = [0, 0];
  const hx = RELATIVE_STEP * Math.max(Math.abs(x), scale);
  gradient(x + hx, y, g);
  const [gxPlusX = Number.NaN, gyPlusX = Number.NaN] = g;
  gradient(x - hx, y, g);
  const xx = (gxPlusX - g[0]!) / (2 * hx);
  const yxFromX = (gyPlusX - g[1]!) / (2 * hx);
  if (dimensions === 1) return { xx, xy: 0, yy: 1 };
  const hy = RELATIVE_STEP * Math.max(Math.abs(y), scale);
  gradient(x, y + hy, g);
  const [gxPlusY = Number.NaN, gyPlusY = Number.NaN] = g;
  gradient(x, y - hy, g);
  const xyFromY = (gxPlusY - g[0]!) / (2 * hy);
  const yy = (gyPlusY - g[1]!) / (2 * hy);
  // The two mixed differences are the same derivative; their mean cancels part of the error.
  return { xx, xy: (yxFromX + xyFromY) / 2, yy };
}

/** Eigenvalues and the least-curvature direction of a symmetric 2x2 matrix. */
export function eigen(h: Hessian): Eigen {
  const mean = (h.xx + h.yy) / 2;
  const half = (h.xx - h.yy) / 2;
  const radius = Math.hypot(half, h.xy);
  const min = mean - radius;
  // (xy, min - xx) and (min - yy, xy) are both eigenvectors of `min`; take the longer one, the
  // other can vanish (a diagonal matrix).
  let vx = h.xy;
  let vy = min - h.xx;
  if (Math.hypot(vx, vy) < Math.hypot(min - h.yy, h.xy)) {
    vx = min - h.yy;
    vy = h.xy;
  }
  const length = Math.hypot(vx, vy);
  const minVector: readonly [number, number] =
    length > 0 ? [vx / length, vy / length] : h.xx <= h.yy ? [1, 0] : [0, 1];
  return { min, max: mean + radius, minVector };
}
