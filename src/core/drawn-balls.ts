/**
 * The balls as the view draws them: four floats a ball, x, y, f(x, y), ballFlags(group, status).
 * Never a non-finite number: a diverged ball, or one whose loss is not finite, is clamped into the
 * domain and drawn at the landscape's floor (its lowest sampled height), as diverged; the GPU
 * backend's shader and the WebAssembly writer (wasm/draw-kernel.ts) follow the same rule.
 */
import { ballFlags } from './group-limit.ts';
import type { Domain, Landscape } from './landscape.ts';
import { DIVERGED } from './status.ts';

/** Floats a ball takes as drawn. */
export const DRAWN_STRIDE = 4;

/**
 * Lowest finite f over a coarse grid of the domain (0 when nothing finite is found): the height a
 * diverged ball is drawn at, on every backend.
 */
export function landscapeFloor(landscape: Landscape, domain: Domain): number {
  const samples = 64;
  let lowest = Number.POSITIVE_INFINITY;
  for (let i = 0; i <= samples; i++) {
    for (let j = 0; j <= samples; j++) {
      const value = landscape.f(
        domain.xMin + ((domain.xMax - domain.xMin) * i) / samples,
        domain.yMin + ((domain.yMax - domain.yMin) * j) / samples,
      );
      if (Number.isFinite(value)) lowest = Math.min(lowest, value);
    }
  }
  return Number.isFinite(lowest) ? lowest : 0;
}

export interface DrawnSource {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly status: Uint8Array;
  readonly perGroup: number;
  readonly particleCount: number;
  readonly f: (x: number, y: number) => number;
  readonly domain: Domain;
  readonly floorLoss: number;
}

/** The JavaScript writer: every ball of `source` into `out` (at least DRAWN_STRIDE floats a ball). */
export function writeDrawnBalls(source: DrawnSource, out: Float32Array): void {
  const { x, y, status, perGroup, particleCount, f, floorLoss } = source;
  const { xMin, xMax, yMin, yMax } = source.domain;
  for (let i = 0; i < particleCount; i++) {
    const s = status[i]!;
    const group = (i / perGroup) | 0;
    let px = x[i]!;
    let py = y[i]!;
    let loss = f(px, py);
    let shownStatus = s;
    if (s === DIVERGED || !Number.isFinite(loss)) {
      px = Math.min(xMax, Math.max(xMin, Number.isFinite(px) ? px : xMin));
      py = Math.min(yMax, Math.max(yMin, Number.isFinite(py) ? py : yMin));
      loss = floorLoss;
      shownStatus = DIVERGED;
    }
    const o = i * DRAWN_STRIDE;
    out[o] = px;
    out[o + 1] = py;
    out[o + 2] = loss;
    out[o + 3] = ballFlags(group, shownStatus);
  }
}
