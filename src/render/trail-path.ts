/**
 * A recorded trail as drawn: the sampled positions (a few a second on the GPU, so they are far
 * apart) smoothed into a curve, then cut into pieces short enough that each one, with its ends
 * on the surface, stays on it. No three.js here, so it is tested in Node.
 */

/** The landscape's drawn box, domain units (a 1D curve's y range is ignored: see insideStretch). */
export interface TrailBounds {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/**
 * The newest stretch of a path (oldest point first) that stays over the landscape, as the
 * half-open index range [start, end): a ball flying off the edge before it counts as diverged
 * would otherwise pull its trail out of the picture and up its clamped wall. The stretch ends at
 * the newest point inside `bounds` and starts after the last point outside before it; y is
 * checked only when `twoD`.
 */
export function insideStretch(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  bounds: TrailBounds,
  twoD: boolean,
): { start: number; end: number } {
  const inside = (k: number): boolean => {
    const x = xs[k] ?? Number.NaN;
    const y = ys[k] ?? Number.NaN;
    return x >= bounds.xMin && x <= bounds.xMax && (!twoD || (y >= bounds.yMin && y <= bounds.yMax));
  };
  let end = xs.length;
  while (end > 0 && !inside(end - 1)) end--;
  let start = end;
  while (start > 0 && inside(start - 1)) start--;
  return { start, end };
}

/** Chaikin corner-cutting rounds: each one replaces a corner by two points a quarter in. */
const CHAIKIN_ROUNDS = 2;
/** Pieces one recorded step is cut into at most, however long it is. */
const MAX_PIECES_PER_STEP = 12;

/**
 * The smoothed, subdivided points of a path given oldest first (`xs[k]`, `ys[k]`): Chaikin's
 * corner cutting (the ends are kept, so the trail still ends at the ball), then every piece
 * longer than `maxPiece` (domain units, measured as max(|dx| / xUnit, |dy| / yUnit)) cut into
 * equal parts. `along[k]` is the point's share of the path from its oldest end (0) to the ball (1).
 */
export function smoothTrail(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  maxPiece: number,
  xUnit = 1,
  yUnit = 1,
): { x: number[]; y: number[]; along: number[] } {
  let x = Array.from(xs);
  let y = Array.from(ys);
  for (let round = 0; round < CHAIKIN_ROUNDS && x.length > 2; round++) {
    const nx = [x[0] ?? 0];
    const ny = [y[0] ?? 0];
    for (let k = 0; k + 1 < x.length; k++) {
      const x0 = x[k] ?? 0;
      const y0 = y[k] ?? 0;
      const x1 = x[k + 1] ?? 0;
      const y1 = y[k + 1] ?? 0;
      // The first and last pieces keep their outer ends.
      if (k > 0) {
        nx.push(0.75 * x0 + 0.25 * x1);
        ny.push(0.75 * y0 + 0.25 * y1);
      }
      if (k + 2 < x.length) {
        nx.push(0.25 * x0 + 0.75 * x1);
        ny.push(0.25 * y0 + 0.75 * y1);
      }
    }
    nx.push(x[x.length - 1] ?? 0);
    ny.push(y[y.length - 1] ?? 0);
    x = nx;
    y = ny;
  }
  const outX: number[] = [];
  const outY: number[] = [];
  const originalIndex: number[] = [];
  for (let k = 0; k < x.length; k++) {
    const x1 = x[k] ?? 0;
    const y1 = y[k] ?? 0;
    if (k > 0) {
      const x0 = x[k - 1] ?? 0;
      const y0 = y[k - 1] ?? 0;
      const span = Math.max(Math.abs(x1 - x0) / xUnit, Math.abs(y1 - y0) / yUnit);
      const pieces = Math.min(MAX_PIECES_PER_STEP, Math.max(1, Math.ceil(span / maxPiece)));
      for (let p = 1; p < pieces; p++) {
        const t = p / pieces;
        outX.push(x0 + (x1 - x0) * t);
        outY.push(y0 + (y1 - y0) * t);
        originalIndex.push(k - 1 + t);
      }
    }
    outX.push(x1);
    outY.push(y1);
    originalIndex.push(k);
  }
  const last = Math.max(1, x.length - 1);
  return { x: outX, y: outY, along: originalIndex.map((i) => i / last) };
}
