/**
 * Ball statuses and the rules that decide them. The CPU optimizers call `settle` once per ball per
 * step; the WGSL port (shaders/) must decide exactly the same way, so the rules live in one place.
 */

export const ACTIVE = 0;
export const CONVERGED = 1;
export const DIVERGED = 2;
export type BallStatus = typeof ACTIVE | typeof CONVERGED | typeof DIVERGED;

/**
 * A ball must look settled this many steps in a row before it counts as converged, so a ball with
 * momentum that merely passes through a flat spot or near a minimum keeps going.
 */
export const SETTLE_STEPS = 5;

/**
 * A ball further than this many domain spans from the domain's edge has left the landscape for
 * good: with any learning rate that converges it would never come back.
 */
export const ESCAPE_SPANS = 10;

/** Convergence tolerances, derived once per simulation from the landscape and its domain. */
export interface SettleCriteria {
  /** Squared gradient-norm tolerance. */
  readonly gradientTolSq: number;
  /** Squared distance to a known minimum that counts as "at" it. */
  readonly minimumTolSq: number;
  /** Known minima as x0, y0, x1, y1, ... */
  readonly minima: Float64Array;
  /** Box outside which a ball is diverged: xLo, xHi, yLo, yHi. */
  readonly xLo: number;
  readonly xHi: number;
  readonly yLo: number;
  readonly yHi: number;
}

/**
 * Whether a ball at (x, y) with gradient (gx, gy) looks settled this step: the gradient is almost
 * flat, or the ball sits within tolerance of a known minimum (needed where the gradient does not
 * vanish at the minimum, e.g. Ackley's cone-shaped tip).
 */
export function looksSettled(x: number, y: number, gx: number, gy: number, c: SettleCriteria): boolean {
  // One exit at the end: an early `return` inside the loop kept V8 from optimising this into the
  // optimizers' loops and cost the whole engine 40% (bench/cpu.ts).
  let settled = gx * gx + gy * gy < c.gradientTolSq;
  const minima = c.minima;
  for (let k = 0; !settled && k < minima.length; k += 2) {
    const dx = x - minima[k]!;
    const dy = y - minima[k + 1]!;
    settled = dx * dx + dy * dy < c.minimumTolSq;
  }
  return settled;
}

/** Whether (x, y) is a position a ball can still come back from: finite and not far off the map. */
export function isInBounds(x: number, y: number, c: SettleCriteria): boolean {
  // Written so that NaN fails every comparison and lands outside.
  return x >= c.xLo && x <= c.xHi && y >= c.yLo && y <= c.yHi;
}
