/**
 * The basin map's painting, with no three.js and no DOM: each ball's START point paints its cell
 * of a square grid over the domain, in the colour of the minimum the ball reached, or of the steps
 * it took to converge; red where it diverged, grey while it still rolls. The view shows the result
 * as a texture over the surface (basin-overlay.ts).
 */
import type { Domain } from '../core/landscape.ts';
import { nearestMinimum } from '../core/stats.ts';
import {
  BASIN_ACTIVE_COLOR,
  BASIN_DIVERGED_COLOR,
  BASIN_SETTLED_COLOR,
  basinColor,
  hexToRgb,
  STEPS_RAMP,
} from './basin-colors.ts';

export type BasinMode = 'minimum' | 'steps';

/** Ball statuses as the simulation stores them (src/core/status.ts), repeated to stay import-light. */
const CONVERGED = 1;
const DIVERGED = 2;

/** Largest grid side: 65,536 cells, 256 KiB of texture, about the surface mesh's own resolution. */
export const MAX_BASIN_SIDE = 256;
/** Smallest grid side, so a handful of balls still gives readable blocks rather than one blur. */
const MIN_BASIN_SIDE = 16;
/**
 * Empty cells take a painted neighbour's colour for this many passes. A uniform random start puts
 * Poisson-many balls in a cell (about 37% of cells empty at one ball a cell on average); two
 * passes close those holes, while a cluster (gaussian, ring) only grows by two cells at its rim.
 */
const HOLE_FILL_PASSES = 2;

export interface BasinInput {
  readonly domain: Domain;
  /**
   * Known minima as x0, y0, x1, y1, ... in the landscape's order (core's minimaCoordinates):
   * minimum k gets `basinColor(k)`. A converged ball belongs to the nearest one within reach, as
   * in the statistics' basin shares (core's nearestMinimum), so the map and the table agree; one
   * that settled out of reach of all of them is painted BASIN_SETTLED_COLOR.
   */
  readonly minima: Float64Array;
  /** Squared reach of a minimum (core's basinRadiusSq). */
  readonly reachSq: number;
  /** Start points of the painted balls: index j is ball j of every group. */
  readonly startX: ArrayLike<number>;
  readonly startY: ArrayLike<number>;
  /** Current state of every ball of the run (a snapshot), group after group. */
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly status: ArrayLike<number>;
  /** Step at which each ball converged (0 while it has not). */
  readonly convergedAt: ArrayLike<number>;
  /** Index of the painted group's first ball in x, y, status, convergedAt (group * perGroup). */
  readonly offset: number;
  /** Balls in the group (= the number of start points used). */
  readonly count: number;
}

export interface BasinImage {
  /** Cells per side; row 0 is the domain's yMin edge, column 0 its xMin edge. */
  readonly side: number;
  /** RGBA, 4 bytes a cell; alpha 0 where no ball started (and no hole was filled). */
  readonly pixels: Uint8Array;
  /**
   * Fewest and most steps-to-converge among the painted balls (the ramp's ends, `steps` mode);
   * 0 when none has converged. The ramp is logarithmic between them: steps to converge have a
   * long tail (balls near a ridge take ten times longer), and a linear ramp left almost the whole
   * map at its fast end (checked on a screenshot of Himmelblau).
   */
  readonly minSteps: number;
  readonly maxSteps: number;
}

/** Grid side for `count` balls: about one ball a cell, within [16, 256]. */
export function basinMapSide(count: number): number {
  const side = Math.round(Math.sqrt(Math.max(0, count)));
  return Math.min(MAX_BASIN_SIDE, Math.max(MIN_BASIN_SIDE, side));
}

/**
 * Paints the basin map of one group. `out` is reused when it has the right size (the map is
 * repainted about once a second during a run).
 */
export function paintBasinMap(
  input: BasinInput,
  mode: BasinMode,
  side = basinMapSide(input.count),
  out?: Uint8Array,
): BasinImage {
  const pixels = out && out.length === side * side * 4 ? out : new Uint8Array(side * side * 4);
  pixels.fill(0);
  const { domain, minima, reachSq, startX, startY, x, y, status, convergedAt, offset, count } = input;
  const width = domain.xMax - domain.xMin;
  const height = domain.yMax - domain.yMin;

  let minSteps = Number.POSITIVE_INFINITY;
  let maxSteps = 0;
  if (mode === 'steps') {
    for (let j = 0; j < count; j++) {
      if (status[offset + j] !== CONVERGED) continue;
      const steps = convergedAt[offset + j] ?? 0;
      minSteps = Math.min(minSteps, steps);
      maxSteps = Math.max(maxSteps, steps);
    }
  }
  if (!Number.isFinite(minSteps)) minSteps = 0;
  // log(1 + steps), so that 0 steps is fine.
  const logMin = Math.log1p(minSteps);
  const logSpan = Math.log1p(maxSteps) - logMin;
  const minimumColors = Array.from({ length: minima.length >> 1 }, (_, k) => hexToRgb(basinColor(k)));
  const diverged = hexToRgb(BASIN_DIVERGED_COLOR);
  const active = hexToRgb(BASIN_ACTIVE_COLOR);
  const settled = hexToRgb(BASIN_SETTLED_COLOR);
  const ramp = STEPS_RAMP.map(hexToRgb);
  const rampColor: [number, number, number] = [0, 0, 0];

  for (let j = 0; j < count; j++) {
    const sx = startX[j] ?? Number.NaN;
    const sy = startY[j] ?? Number.NaN;
    if (!(Number.isFinite(sx) && Number.isFinite(sy))) continue;
    const column = cellOf(sx - domain.xMin, width, side);
    const row = height > 0 ? cellOf(sy - domain.yMin, height, side) : 0;
    const i = offset + j;
    const s = status[i];
    let color: readonly number[];
    if (s === DIVERGED) color = diverged;
    else if (s !== CONVERGED) color = active;
    else if (mode === 'steps') {
      const t = logSpan > 0 ? (Math.log1p(convergedAt[i] ?? 0) - logMin) / logSpan : 0;
      color = rampAt(ramp, t, rampColor);
    } else {
      const k = nearestMinimum(x[i] ?? Number.NaN, y[i] ?? Number.NaN, minima, reachSq);
      color = minimumColors[k] ?? settled;
    }
    const p = (row * side + column) * 4;
    pixels[p] = color[0] ?? 0;
    pixels[p + 1] = color[1] ?? 0;
    pixels[p + 2] = color[2] ?? 0;
    pixels[p + 3] = 255;
  }
  for (let pass = 0; pass < HOLE_FILL_PASSES; pass++) fillHoles(pixels, side);
  return { side, pixels, minSteps, maxSteps };
}

/** Cell of an offset from the domain's low edge; the high edge belongs to the last cell. */
function cellOf(offset: number, span: number, side: number): number {
  if (!(span > 0)) return 0;
  return Math.min(side - 1, Math.max(0, Math.floor((offset / span) * side)));
}

/** The ramp's colour at t in [0, 1], piecewise linear between its stops, written into `out`. */
function rampAt(
  ramp: readonly (readonly number[])[],
  t: number,
  out: [number, number, number],
): [number, number, number] {
  const segments = ramp.length - 1;
  const position = Math.min(1, Math.max(0, t)) * segments;
  const index = Math.min(segments - 1, Math.floor(position));
  const weight = position - index;
  const a = ramp[index] ?? [0, 0, 0];
  const b = ramp[index + 1] ?? a;
  for (let c = 0; c < 3; c++) out[c] = Math.round((a[c] ?? 0) * (1 - weight) + (b[c] ?? 0) * weight);
  return out;
}

/** One pass: every empty cell with a painted 4-neighbour (as of before the pass) takes its colour. */
function fillHoles(pixels: Uint8Array, side: number): void {
  const before = pixels.slice();
  const copyFrom = (p: number, q: number): boolean => {
    if (before[q + 3] === 0) return false;
    pixels[p] = before[q]!;
    pixels[p + 1] = before[q + 1]!;
    pixels[p + 2] = before[q + 2]!;
    pixels[p + 3] = 255;
    return true;
  };
  const rowBytes = side * 4;
  for (let row = 0; row < side; row++) {
    for (let column = 0; column < side; column++) {
      const p = (row * side + column) * 4;
      if (before[p + 3] !== 0) continue;
      if (column > 0 && copyFrom(p, p - 4)) continue;
      if (column < side - 1 && copyFrom(p, p + 4)) continue;
      if (row > 0 && copyFrom(p, p - rowBytes)) continue;
      if (row < side - 1) copyFrom(p, p + rowBytes);
    }
  }
}
