/**
 * A learning rate for a landscape known only by f and ∇f (a typed expression): one at which plain
 * gradient descent converges from most of the domain, as a preset's recommended rate does.
 *
 * Gradient descent on a bowl of curvature λ converges for rates below 2 / λ, fastest at 1 / λ; the
 * start is 0.5 / λ at the most curved minimum (or, without one, at the domain's typical curvature).
 * Steep walls far from the minima can still throw balls out at that rate (Beale's corners), so a
 * short trial run of plain descent from a grid of starts halves it until few of them diverge.
 */
import { eigen, hessianAt } from './curvature.ts';
import { cellCentres, type LandscapeScale } from './find-minima.ts';
import type { Domain, GradientFn, LossFn } from './landscape.ts';
import { ESCAPE_SPANS } from './status.ts';

/** Range the suggestion is clamped to: a rate outside it is no use on any landscape. */
export const MIN_SUGGESTED_RATE = 1e-7;
export const MAX_SUGGESTED_RATE = 10;

/** Trial run: starts per axis (cell centres), steps, and the diverged share it tolerates. */
const TRIAL_STARTS = 8;
const TRIAL_STEPS = 200;
const TRIAL_DIVERGED_SHARE = 0.1;
/** At most 2^-10 of the curvature's rate: below that the balls would hardly move. */
const MAX_HALVINGS = 10;

/**
 * The suggested rate, rounded down to 1, 2 or 5 times a power of ten (it is shown and typed).
 * `curvatures` are the largest Hessian eigenvalues at the minima found (NaN at a kink).
 */
export function suggestLearningRate(
  f: LossFn,
  gradient: GradientFn,
  domain: Domain,
  dimensions: 1 | 2,
  curvatures: readonly number[],
  scale: LandscapeScale,
): number {
  const span = Math.max(domain.xMax - domain.xMin, dimensions === 2 ? domain.yMax - domain.yMin : 0);
  const atMinima = curvatures.filter((value) => Number.isFinite(value) && value > 0);
  const curvature =
    atMinima.length > 0 ? Math.max(...atMinima) : typicalCurvature(gradient, domain, dimensions, span);
  // No curvature anywhere (a plane): a step of 1% of the span at the typical slope.
  let rate = curvature > 0 ? 0.5 / curvature : (0.01 * span) / scale.gradient;
  for (let halvings = 0; halvings < MAX_HALVINGS; halvings++) {
    if (divergedShare(f, gradient, domain, dimensions, rate) <= TRIAL_DIVERGED_SHARE) break;
    rate /= 2;
  }
  return niceFloor(Math.min(MAX_SUGGESTED_RATE, Math.max(MIN_SUGGESTED_RATE, rate)));
}

/** Median of the positive largest-eigenvalues of the Hessian over an 8 x 8 grid; 0 if none. */
function typicalCurvature(gradient: GradientFn, domain: Domain, dimensions: 1 | 2, span: number): number {
  const values: number[] = [];
  for (const [x, y] of cellCentres(domain, dimensions, TRIAL_STARTS)) {
    const largest = eigen(hessianAt(gradient, x, y, dimensions, span)).max;
    if (Number.isFinite(largest) && largest > 0) values.push(largest);
  }
  values.sort((a, b) => a - b);
  return values[values.length >> 1] ?? 0;
}

/**
 * Share of the trial's balls that the rate throws out: they reach a non-finite position, or leave
 * the simulation's escape box higher than they started (bouncing between walls that the steps
 * overshoot). A ball that leaves it lower, running down a slope that never ends (the saddle), is
 * the landscape's doing, not the rate's. Counted among the balls that start where f and the
 * gradient are finite: a ball that starts in a hole of the domain (log(x) at x < 0) diverges at
 * any rate.
 */
function divergedShare(
  f: LossFn,
  gradient: GradientFn,
  domain: Domain,
  dimensions: 1 | 2,
  rate: number,
): number {
  const width = domain.xMax - domain.xMin;
  const height = domain.yMax - domain.yMin;
  const xLo = domain.xMin - ESCAPE_SPANS * width;
  const xHi = domain.xMax + ESCAPE_SPANS * width;
  const yLo = domain.yMin - ESCAPE_SPANS * height;
  const yHi = domain.yMax + ESCAPE_SPANS * height;
  const g = [0, 0];
  let started = 0;
  let diverged = 0;
  for (const [x0, y0] of cellCentres(domain, dimensions, TRIAL_STARTS)) {
    const startValue = f(x0, y0);
    gradient(x0, y0, g);
    if (!Number.isFinite(startValue) || !Number.isFinite(g[0]!) || !Number.isFinite(g[1]!)) continue;
    started++;
    let x = x0;
    let y = y0;
    for (let step = 0; step < TRIAL_STEPS; step++) {
      gradient(x, y, g);
      x -= rate * g[0]!;
      y -= rate * (dimensions === 2 ? g[1]! : 0);
      // Written so that NaN fails the test and counts as diverged.
      if (!(x >= xLo && x <= xHi && y >= yLo && y <= yHi)) {
        if (!(f(x, y) < startValue)) diverged++;
        break;
      }
    }
  }
  return started > 0 ? diverged / started : 0;
}

/** The largest of 1, 2 or 5 times a power of ten that is at most `value` (positive, finite). */
export function niceFloor(value: number): number {
  let exponent = Math.floor(Math.log10(value));
  // log10 can land a hair below a whole number (1e-7 -> -7.000000000000001).
  if (value >= 10 ** (exponent + 1)) exponent++;
  const mantissa = value / 10 ** exponent;
  const nice = mantissa >= 5 ? 5 : mantissa >= 2 ? 2 : 1;
  // Built from the decimal text so that 0.002 is 0.002, not 0.0020000000000000005.
  return Number(`${nice}e${exponent}`);
}
