/**
 * Where the squared error of y = w·x and y = w·x + b is least, from the normal equations in
 * float64: the marked minimum of those models' landscapes, exact rather than searched for.
 */
import type { DataSet } from '../data/data-set.ts';

/** w minimising the mean of (w·x − y)²; null when every x is 0 (every w fits as well). */
export function leastSquaresLine0(data: DataSet): number | null {
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < data.x.length; i++) {
    sxx += data.x[i]! * data.x[i]!;
    sxy += data.x[i]! * data.y[i]!;
  }
  return sxx > 0 ? sxy / sxx : null;
}

/**
 * (w, b) minimising the mean of (w·x + b − y)²; null when every x is the same (a whole line of
 * minima). Centred on the means first, so far-off x (the `far` data) loses no precision.
 */
export function leastSquaresLine(data: DataSet): { w: number; b: number } | null {
  const n = data.x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += data.x[i]!;
    my += data.y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = data.x[i]! - mx;
    sxx += dx * dx;
    sxy += dx * (data.y[i]! - my);
  }
  if (!(sxx > 0)) return null;
  const w = sxy / sxx;
  return { w, b: my - w * mx };
}
