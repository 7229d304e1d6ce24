/**
 * The minima of a landscape known only by f and ∇f (a typed expression), found numerically:
 * multi-start descent from a grid over the domain, in float64. Each start runs a quasi-Newton
 * descent (BFGS, with a backtracking line search) until the gradient vanishes; the points where it
 * does, inside the domain and curving up in every direction, are deduplicated and sorted by value.
 *
 * Why BFGS and not plain gradient descent: a Rosenbrock valley takes plain descent thousands of
 * steps at any fixed rate, BFGS a few dozen, and the whole search must stay well under 100 ms.
 * The work is bounded by a count of evaluations, not by a clock, so the same formula finds the same
 * minima on the main thread and in the worker, on any machine.
 */
import { eigen, hessianAt } from './curvature.ts';
import type { Domain, GradientFn, LossFn, Minimum } from './landscape.ts';
import { MAX_BASINS } from './stats.ts';

export interface MinimaSearch {
  /** At most MAX_BASINS, lowest value first; `global` on those within rounding of the lowest. */
  readonly minima: readonly Minimum[];
  /**
   * Largest Hessian eigenvalue at each minimum where f is smooth (same order as `minima`, NaN at a
   * kink such as the tip of a cone, where the Hessian does not exist).
   */
  readonly curvatures: readonly number[];
}

/** Starts per axis: 12 x 12 on a plane, 48 on a line (a start every ~2% of the span). */
const STARTS_2D = 12;
const STARTS_1D = 48;
/** Iterations per start: BFGS converges in far fewer on smooth minima. */
const MAX_ITERATIONS = 200;
/** Evaluations of f or ∇f over the whole search: bounds the time for a costly formula. */
const MAX_EVALUATIONS = 150_000;
/** Halvings the line search tries before it gives up (the step is then 1e-12 of the first). */
const MAX_HALVINGS = 40;
/** Longest step a start takes at once, as a share of the span: keeps each start in its own basin. */
const MAX_STEP_SHARE = 0.1;
/** Two minima closer than this share of the span are one. */
const DUPLICATE_SHARE = 0.01;
/** A point more than this share of the span outside the domain is no minimum of it. */
const OUTSIDE_SHARE = 1e-6;

/**
 * Gradient norms, relative to the landscape's typical gradient: a descent stops once under
 * CONVERGED (BFGS gets there in a few more iterations than to anything looser, and the minimum's
 * position is then good to ~1e-10 of the span); a descent out of iterations still counts as
 * stationary under STATIONARY, loose enough for a degenerate minimum (x^4: the gradient shrinks
 * like the cube of the distance, and BFGS approaches it only linearly), tight enough that a gentle
 * slope is not taken for one.
 */
const CONVERGED = 1e-11;
const STATIONARY = 1e-6;

/**
 * Finds the minima of f over `domain`. `dimensions` 1 searches along x with y = 0. Never throws;
 * NaN or infinite regions of f are stepped around (the line search treats them as uphill).
 */
export function findMinima(f: LossFn, gradient: GradientFn, domain: Domain, dimensions: 1 | 2): MinimaSearch {
  const span = Math.max(domain.xMax - domain.xMin, dimensions === 2 ? domain.yMax - domain.yMin : 0);
  const budget = { left: MAX_EVALUATIONS };
  const scale = landscapeScale(f, gradient, domain, dimensions);
  const candidates: (Candidate & { readonly curvature: number })[] = [];
  for (const [x0, y0] of cellCentres(domain, dimensions, dimensions === 2 ? STARTS_2D : STARTS_1D)) {
    if (budget.left <= 0) break;
    const found = descend(f, gradient, x0, y0, dimensions, span, scale, budget);
    if (!found || !isInside(found, domain, span, dimensions)) continue;
    // Checked before deduplication, so a saddle cannot shadow a true minimum next to it.
    const curvature = classify(f, gradient, found, dimensions, span, scale);
    if (curvature !== null) candidates.push({ ...found, curvature });
  }
  // "Equally deep" up to the rounding of f near its minima: Himmelblau's four are all global.
  const tie = 1e-9 * scale.fRange;
  const kept = dedupe(candidates, DUPLICATE_SHARE * span, tie).slice(0, MAX_BASINS);
  const lowest = Math.min(...kept.map((minimum) => minimum.value));
  // Below the search's own precision a coordinate or a value is 0: Himmelblau's minimum is at
  // (3, 2) where f = 0, not 8.8e-21, and the table shows (0.00, -1.57), not (-0.00, -1.57).
  const snap = (value: number, below: number): number => (Math.abs(value) <= below ? 0 : value);
  return {
    minima: kept.map(({ x, y, value }) => ({
      x: snap(x, 1e-10 * span),
      y: dimensions === 2 ? snap(y, 1e-10 * span) : 0,
      value: snap(value, 1e-12 * scale.fRange),
      global: value - lowest <= tie,
    })),
    curvatures: kept.map(({ curvature }) => curvature),
  };
}

/** Typical sizes of the landscape over its domain, from a coarse grid of samples. */
export interface LandscapeScale {
  /** Median |∇f| over the finite samples (1 when there are none or it is 0). */
  readonly gradient: number;
  /** 90th percentile of |∇f| over the finite samples (0 when there are none): the steep parts. */
  readonly steepGradient: number;
  /** max f - min f over the finite samples (1 when there are none or it is 0). */
  readonly fRange: number;
}

/** Samples f and ∇f on a 33 x 33 grid (33 on a line). */
export function landscapeScale(
  f: LossFn,
  gradient: GradientFn,
  domain: Domain,
  dimensions: 1 | 2,
): LandscapeScale {
  const g = [0, 0];
  const norms: number[] = [];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const [x, y] of sampleGrid(domain, dimensions, 33)) {
    const value = f(x, y);
    if (Number.isFinite(value)) {
      lo = Math.min(lo, value);
      hi = Math.max(hi, value);
    }
    gradient(x, y, g);
    const norm = Math.hypot(g[0]!, g[1]!);
    if (Number.isFinite(norm)) norms.push(norm);
  }
  norms.sort((a, b) => a - b);
  const medianNorm = norms[norms.length >> 1] ?? 0;
  const range = hi - lo;
  return {
    gradient: medianNorm > 0 ? medianNorm : 1,
    steepGradient: norms[Math.floor((norms.length - 1) * 0.9)] ?? 0,
    fRange: Number.isFinite(range) && range > 0 ? range : 1,
  };
}

/** Points of a `count`-per-axis grid over the domain, corners included (y = 0 for 1D). */
export function* sampleGrid(domain: Domain, dimensions: 1 | 2, count: number): Generator<[number, number]> {
  const rows = dimensions === 2 ? count : 1;
  for (let j = 0; j < rows; j++) {
    const y = dimensions === 2 ? domain.yMin + ((domain.yMax - domain.yMin) * j) / (count - 1) : 0;
    for (let i = 0; i < count; i++) yield [domain.xMin + ((domain.xMax - domain.xMin) * i) / (count - 1), y];
  }
}

/**
 * The centres of a `perAxis` x `perAxis` grid's cells (`perAxis` along x, y = 0, for 1D): never on
 * the domain's lines of symmetry, where a descent could run straight into a saddle and stop there.
 */
export function* cellCentres(
  domain: Domain,
  dimensions: 1 | 2,
  perAxis: number,
): Generator<[number, number]> {
  const rows = dimensions === 2 ? perAxis : 1;
  for (let j = 0; j < rows; j++) {
    const y = dimensions === 2 ? domain.yMin + ((domain.yMax - domain.yMin) * (j + 0.5)) / perAxis : 0;
    for (let i = 0; i < perAxis; i++) {
      yield [domain.xMin + ((domain.xMax - domain.xMin) * (i + 0.5)) / perAxis, y];
    }
  }
}

interface Candidate {
  readonly x: number;
  readonly y: number;
  readonly value: number;
  /** |∇f| there: tiny where the descent converged, not where it stalled (a cone's tip). */
  readonly gradientNorm: number;
}

/**
 * One BFGS descent from (x, y): the point it ends at, or null when it leaves the domain far
 * behind, meets only non-finite values, or runs out of iterations while still moving.
 * `budget.left` counts evaluations down.
 */
function descend(
  f: LossFn,
  gradient: GradientFn,
  startX: number,
  startY: number,
  dimensions: 1 | 2,
  span: number,
  scale: LandscapeScale,
  budget: { left: number },
): Candidate | null {
  let x = startX;
  let y = startY;
  let value = f(x, y);
  const g = [0, 0];
  gradient(x, y, g);
  let gx = g[0]!;
  let gy = dimensions === 2 ? g[1]! : 0;
  budget.left -= 2;
  if (!Number.isFinite(value) || !Number.isFinite(gx) || !Number.isFinite(gy)) return null;
  // Inverse Hessian estimate; null until the first step has measured a curvature.
  let hxx = 0;
  let hxy = 0;
  let hyy = 0;
  let started = false;
  const converged = CONVERGED * scale.gradient;
  const stationary = STATIONARY * scale.gradient;
  const maxStep = MAX_STEP_SHARE * span;
  for (let iteration = 0; iteration < MAX_ITERATIONS && budget.left > 0; iteration++) {
    if (Math.hypot(gx, gy) <= converged) return { x, y, value, gradientNorm: Math.hypot(gx, gy) };
    let dx: number;
    let dy: number;
    if (started) {
      dx = -(hxx * gx + hxy * gy);
      dy = -(hxy * gx + hyy * gy);
      // Not a descent direction (the estimate went bad): restart from steepest descent.
      if (dx * gx + dy * gy >= 0) {
        started = false;
        dx = -gx;
        dy = -gy;
      }
    } else {
      dx = -gx;
      dy = -gy;
    }
    const length = Math.hypot(dx, dy);
    if (length > maxStep) {
      dx *= maxStep / length;
      dy *= maxStep / length;
    }
    const slope = dx * gx + dy * gy;
    // Armijo backtracking: halve until f drops by a share of what the slope promises. A
    // non-finite f counts as not dropping, so the search steps around holes in the domain.
    let t = 1;
    let nextValue = Number.NaN;
    let halvings = 0;
    for (; halvings < MAX_HALVINGS; halvings++) {
      nextValue = f(x + t * dx, y + t * dy);
      budget.left--;
      if (Number.isFinite(nextValue) && nextValue <= value + 1e-4 * t * slope) break;
      t *= 0.5;
    }
    // No step lowers f: a minimum where the gradient does not vanish (a kink), or rounding.
    if (halvings === MAX_HALVINGS) return { x, y, value, gradientNorm: Math.hypot(gx, gy) };
    const sx = t * dx;
    const sy = t * dy;
    x += sx;
    y += sy;
    value = nextValue;
    gradient(x, y, g);
    budget.left--;
    const nextGx = g[0]!;
    const nextGy = dimensions === 2 ? g[1]! : 0;
    if (!Number.isFinite(nextGx) || !Number.isFinite(nextGy)) return null;
    const yx = nextGx - gx;
    const yy = nextGy - gy;
    gx = nextGx;
    gy = nextGy;
    const sDotY = sx * yx + sy * yy;
    // BFGS update of the inverse Hessian, skipped where the step measured no positive curvature.
    if (sDotY > 1e-12 * Math.hypot(sx, sy) * Math.hypot(yx, yy)) {
      if (!started) {
        // First curvature measured: start from a scaled identity (Nocedal & Wright, eq. 6.20).
        const gamma = sDotY / (yx * yx + yy * yy);
        hxx = gamma;
        hxy = 0;
        hyy = dimensions === 2 ? gamma : 0;
        started = true;
      }
      const rho = 1 / sDotY;
      // H' = (I - rho s y^T) H (I - rho y s^T) + rho s s^T, written out for 2x2.
      const ax = 1 - rho * sx * yx;
      const ay = -rho * sx * yy;
      const bx = -rho * sy * yx;
      const by = 1 - rho * sy * yy;
      // A = I - rho s y^T = [[ax, ay], [bx, by]]; H' = A H A^T + rho s s^T.
      const m00 = ax * hxx + ay * hxy;
      const m01 = ax * hxy + ay * hyy;
      const m10 = bx * hxx + by * hxy;
      const m11 = bx * hxy + by * hyy;
      hxx = m00 * ax + m01 * ay + rho * sx * sx;
      hxy = m00 * bx + m01 * by + rho * sx * sy;
      hyy = m10 * bx + m11 * by + rho * sy * sy;
    }
    // Far outside the domain: this start found no minimum of it.
    if (Math.abs(x) > 1e12 || Math.abs(y) > 1e12) return null;
  }
  return Math.hypot(gx, gy) <= stationary ? { x, y, value, gradientNorm: Math.hypot(gx, gy) } : null;
}

function isInside(point: Candidate, domain: Domain, span: number, dimensions: 1 | 2): boolean {
  const margin = OUTSIDE_SHARE * span;
  return (
    point.x >= domain.xMin - margin &&
    point.x <= domain.xMax + margin &&
    (dimensions === 1 || (point.y >= domain.yMin - margin && point.y <= domain.yMax + margin))
  );
}

/**
 * The candidates sorted by value, each one dropped when a lower one lies within `radius`. Values
 * within `tie` of each other sort by position instead: equally deep minima then come in an order
 * that does not hang on the last bits of f.
 */
function dedupe<T extends Candidate>(candidates: readonly T[], radius: number, tie: number): T[] {
  const lowest = Math.min(...candidates.map((candidate) => candidate.value));
  const level = (candidate: T): number => Math.round((candidate.value - lowest) / tie);
  const sorted = [...candidates].sort((a, b) => level(a) - level(b) || a.x - b.x || a.y - b.y);
  const kept: T[] = [];
  for (const candidate of sorted) {
    if (!kept.some((other) => Math.hypot(other.x - candidate.x, other.y - candidate.y) < radius)) {
      kept.push(candidate);
    }
  }
  return kept;
}

/**
 * The largest curvature at the candidate if it is a minimum (NaN at a kink, where there is no
 * Hessian), or null when it is none: a saddle (the Hessian curves down somewhere), a point on a
 * valley of equally low points (no single minimum to name), or a stalled descent that still has
 * lower ground right next to it.
 */
function classify(
  f: LossFn,
  gradient: GradientFn,
  candidate: Candidate,
  dimensions: 1 | 2,
  span: number,
  scale: LandscapeScale,
): number | null {
  const { x, y, value } = candidate;
  const curvature = eigen(hessianAt(gradient, x, y, dimensions, span));
  // A descent that stalled where the slope is still steep sits on a kink (the tip of a cone): no
  // Hessian there, only lower or higher ground around.
  const smooth =
    candidate.gradientNorm <= 1e-3 * scale.gradient &&
    Number.isFinite(curvature.min) &&
    Number.isFinite(curvature.max);
  if (!smooth) {
    return lowerAround(f, x, y, value, dimensions, span) ? null : Number.NaN;
  }
  // Curving down, beyond the rounding of a finite-difference Hessian: a saddle or a maximum.
  const noise = 1e-6 * Math.max(Math.abs(curvature.max), scale.gradient / span);
  if (curvature.min < -noise) return null;
  if (dimensions === 2 && curvature.min <= noise) {
    // Flat along one direction: a valley floor of minima (x^2 in 2D) or a minimum that rises
    // only at a higher order (x^2 + y^4). Walking 2% of the span along it tells them apart.
    const [vx, vy] = curvature.minVector;
    const step = 0.02 * span;
    const rise = Math.min(f(x + step * vx, y + step * vy), f(x - step * vx, y - step * vy)) - value;
    if (!(rise > 1e-9 * scale.fRange)) return null;
  }
  return Math.max(curvature.max, 0);
}

/**
 * Whether f is lower than `value` somewhere on a small circle around (x, y). A probe where f is
 * not a number counts as lower: a descent that stalls at the edge of a hole is usually running
 * into a pole (log(x) as x -> 0), not resting in a minimum.
 */
function lowerAround(
  f: LossFn,
  x: number,
  y: number,
  value: number,
  dimensions: 1 | 2,
  span: number,
): boolean {
  const directions = dimensions === 2 ? 16 : 2;
  for (const radius of [1e-6 * span, 1e-3 * span]) {
    for (let k = 0; k < directions; k++) {
      const angle = (2 * Math.PI * k) / directions;
      const probe = f(x + radius * Math.cos(angle), dimensions === 2 ? y + radius * Math.sin(angle) : y);
      if (!(probe >= value)) return true;
    }
  }
  return false;
}
